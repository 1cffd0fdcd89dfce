using System.Security.Cryptography;
using System.Text;

namespace WafSecurity.Engine.Findings
{
    /// <summary>Stable finding ids: the same account, region, rule and resource always give the same id.</summary>
    public static class FindingIds
    {
        public static string Create(string accountId, string region, string ruleId, string resourceArn)
        {
            var text = string.Join("|", accountId, region, ruleId, resourceArn);
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            var builder = new StringBuilder("waf-", 36);
            for (var i = 0; i < 16; i++) builder.Append(hash[i].ToString("x2"));
            return builder.ToString();
        }
    }
}
