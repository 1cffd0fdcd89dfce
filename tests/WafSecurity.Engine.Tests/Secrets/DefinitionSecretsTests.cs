using System.Linq;
using System.Text.RegularExpressions;
using WafSecurity.Engine.Secrets;

namespace WafSecurity.Engine.Tests.Secrets
{
    public class DefinitionSecretsTests
    {
        private static string[] Paths(string json, Regex? ignore = null)
            => DefinitionSecrets.Scan(json, SecretDetector.Default, ignore).Select(d => d.Name).ToArray();

        [Fact]
        public void Scan_LiteralHeaderAndKey_ReportsTheirJsonPaths()
        {
            var json = "{\"States\":{\"CallApi\":{\"Type\":\"Task\",\"Parameters\":{\"Headers\":{\"Authorization\":\"Bearer tok_live_5f2b8c1e9a7d4036x\"}," +
                       "\"Keys\":[\"AKIAIOSFODNN7EXAMPLE\"]},\"End\":true}}}";
            Assert.Equal(new[] { "States.CallApi.Parameters.Headers.Authorization", "States.CallApi.Parameters.Keys.0" }, Paths(json));
        }

        [Fact]
        public void Scan_StateNamedLikeASecretAndExpressions_AreNotSecrets()
        {
            var json = "{\"StartAt\":\"RefreshToken\",\"States\":{\"RefreshToken\":{\"Type\":\"Task\",\"Next\":\"ProcessOrder\"," +
                       "\"Parameters\":{\"SecretId\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-token-AbCdEf\",\"Accept\":\"application/json\"}," +
                       "\"ResultSelector\":{\"token.$\":\"$.SecretString\",\"apiKey\":\"{% $states.input.apiKey %}\"}}," +
                       "\"ProcessOrder\":{\"Type\":\"Pass\",\"End\":true}}}";
            Assert.Empty(Paths(json));
        }

        [Fact]
        public void Scan_IgnorePattern_SkipsMatchingPaths()
        {
            var json = "{\"States\":{\"A\":{\"Type\":\"Pass\",\"Result\":{\"password\":\"Sup3rS3cretPassw0rd!\"},\"End\":true}}}";
            Assert.Equal(new[] { "States.A.Result.password" }, Paths(json));
            Assert.Empty(Paths(json, new Regex("\\.password$", RegexOptions.IgnoreCase)));
        }
    }
}
