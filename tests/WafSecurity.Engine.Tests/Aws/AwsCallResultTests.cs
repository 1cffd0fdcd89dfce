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
        public void Failed_AwsMessage_IsKeptAsItIs()
        {
            const string message = "User: arn:aws:sts::123456789012:assumed-role/audit/x is not authorized to perform: secretsmanager:GetResourcePolicy " +
                                   "on resource: <prod/payments> because no identity-based policy allows the secretsmanager:GetResourcePolicy action";
            Assert.Equal(message, AwsCallResult.Failed("AccessDeniedException", message, 400).ErrorMessage);
        }

        [Fact]
        public void Failed_HugeMessage_IsCut()
            => Assert.Equal(4000, AwsCallResult.Failed("X", new string('a', 10000), 500).ErrorMessage!.Length);
    }
}
