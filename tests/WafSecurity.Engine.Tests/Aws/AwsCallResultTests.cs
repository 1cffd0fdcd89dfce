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
            => Assert.Equal(300, AwsCallResult.Failed("X", new string('a', 1000), 500).ErrorMessage!.Length);
    }
}
