using WafSecurity.Engine.Aws;

namespace WafSecurity.Engine.Tests.Aws
{
    public class AwsCallResultTests
    {
        [Fact]
        public void Failed_HtmlErrorPage_BecomesOneShortLine()
        {
            var result = AwsCallResult.Failed("404", "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found &amp; so on.</p>", 404);
            Assert.Equal("404 Not Found Not Found The requested URL was not found & so on.", result.ErrorMessage);
        }

        [Fact]
        public void Failed_LongMessage_IsCut()
            => Assert.Equal(2000, AwsCallResult.Failed("X", new string('a', 5000), 500).ErrorMessage!.Length);

        [Fact]
        public void Failed_LongAccessDeniedMessage_IsKeptWhole()
        {
            // 306 characters, as AWS words it: the .error.json of a recorded snapshot must round-trip unchanged.
            var message = "User: arn:aws:sts::123456789012:assumed-role/WafAuditor/audit is not authorized to perform: secretsmanager:GetResourcePolicy " +
                          "on resource: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/payments/stripe-key-dFgiFr because no identity-based " +
                          "policy allows the secretsmanager:GetResourcePolicy action";
            Assert.Equal(message, AwsCallResult.Failed("AccessDeniedException", message, 400).ErrorMessage);
        }
    }
}
