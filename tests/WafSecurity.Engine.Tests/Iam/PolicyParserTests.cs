using System.Linq;
using WafSecurity.Engine.Iam;

namespace WafSecurity.Engine.Tests.Iam
{
    public class PolicyParserTests
    {
        [Fact]
        public void Parse_StringOrListElements_BecomeLists()
        {
            var policy = PolicyParser.Parse("{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"A\",\"Effect\":\"Deny\",\"NotAction\":\"iam:*\",\"NotResource\":[\"arn:aws:s3:::a\",\"arn:aws:s3:::b\"]," +
                                            "\"Principal\":{\"AWS\":[\"arn:aws:iam::111122223333:root\",\"*\"],\"Service\":\"s3.amazonaws.com\"}," +
                                            "\"Condition\":{\"ForAnyValue:StringLikeIfExists\":{\"aws:SourceArn\":[\"arn:aws:s3:::a\",\"arn:aws:s3:::b\"]},\"Bool\":{\"aws:SecureTransport\":false}}}}");
            var statement = policy.Statements.Single();
            Assert.Equal(PolicyEffect.Deny, statement.Effect);
            Assert.Equal(new[] { "iam:*" }, statement.NotActions);
            Assert.Equal(2, statement.NotResources.Count);
            Assert.Equal(2, statement.Principal!.Of("AWS").Count);
            var like = statement.Conditions.First();
            Assert.Equal(ConditionSetOperator.ForAnyValue, like.SetOperator);
            Assert.True(like.IfExists);
            Assert.Equal("StringLike", like.BaseOperator);
            Assert.Equal("false", statement.Conditions.Last().Values.Single());
        }

        [Fact]
        public void Parse_UrlEncodedText_IsDecoded()
        {
            var policy = PolicyParser.Parse("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D");
            Assert.Equal("s3:*", policy.Statements.Single().Actions.Single());
        }

        [Fact]
        public void Parse_ApiGatewayEscapedText_IsUnescaped()
        {
            var policy = PolicyParser.Parse("{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":\\\"execute-api:Invoke\\\",\\\"Resource\\\":\\\"arn:aws:execute-api:us-east-1:123456789012:abc\\/*\\\"}]}");
            Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:abc/*", policy.Statements.Single().Resources.Single());
        }

        [Theory]
        [InlineData("{\"Foo\":1}", "$.Foo")]
        [InlineData("{\"Version\":\"2012-10-17\"}", "no Statement")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Alow\",\"Action\":\"*\",\"Resource\":\"*\"}]}", "must be Allow or Deny")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"*\"}]}", "neither Action nor NotAction")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"NotAction\":\"s3:*\"}]}", "both Action and NotAction")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:*\",3]}]}", "$.Statement[0].Action[1]")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Principal\":\"arn:aws:iam::1:root\"}]}", "must be \"*\"")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Principal\":{\"Bogus\":\"x\"}}]}", "not a principal type")]
        [InlineData("{\"Version\":\"2020-01-01\",\"Statement\":[]}", "not a policy language version")]
        [InlineData("[1,2]", "must be a JSON object")]
        [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\"", "not valid JSON")]
        public void Parse_NotAPolicy_SaysWhereAndWhy(string text, string expected)
        {
            var ex = Assert.Throws<PolicyParseException>(() => PolicyParser.Parse(text));
            Assert.Contains(expected, ex.Message);
        }

        [Fact]
        public void Parse_HugeDocument_IsRefused()
        {
            var huge = "{\"Statement\":[" + string.Join(",", Enumerable.Repeat("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}", 10000)) + "]}";
            Assert.Contains("more than", Assert.Throws<PolicyParseException>(() => PolicyParser.Parse(huge)).Message);
        }

        [Theory]
        [InlineData("lambda:Invoke*", "lambda:InvokeFunction", true)]
        [InlineData("lambda:invoke?unction", "lambda:InvokeFunction", true)]
        [InlineData("s3:Get*", "s3:PutObject", false)]
        [InlineData("*", "", true)]
        [InlineData("a*b*c", "aXXbYYc", true)]
        [InlineData("a*b*c", "aXXbYY", false)]
        public void Wildcard_IsMatch_FollowsGlobRules(string pattern, string value, bool expected)
            => Assert.Equal(expected, Wildcard.IsMatch(pattern, value, ignoreCase: true));
    }
}
