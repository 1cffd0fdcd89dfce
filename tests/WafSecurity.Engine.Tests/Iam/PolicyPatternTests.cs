using System.Collections.Generic;
using WafSecurity.Engine.Iam;
using static WafSecurity.Engine.Tests.Iam.IamTestSupport;

namespace WafSecurity.Engine.Tests.Iam
{
    public class PolicyPatternTests
    {
        private static bool ResourceMatches(string pattern, string arn, IDictionary<string, string[]>? context = null)
            => PolicyPattern.Compile(pattern, PatternKind.ResourceArn, ignoreCase: false).IsMatch(arn, Request("s3:GetObject", arn, context));

        [Theory]
        [InlineData("*", "arn:aws:s3:::bucket/key", true)]
        [InlineData("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c.txt", true)]
        [InlineData("arn:aws:s3:::bucket/*", "arn:aws:s3:::Bucket/a", false)]             // ARNs are case-sensitive
        [InlineData("arn:aws:iam::111122223333:user/Bob", "arn:aws:iam::111122223333:user/bob", false)]
        [InlineData("arn:aws:lambda:*:111122223333:function:*", "arn:aws:lambda:us-east-1:111122223333:function:f", true)]
        [InlineData("arn:aws:lambda:us-east-1:111122223333:function:f*", "arn:aws:lambda:us-east-1:111122223333:function:f:prod", true)] // trailing * crosses ':'
        [InlineData("arn:aws:lambda:us-east-1:111122223333:function:f*x", "arn:aws:lambda:us-east-1:111122223333:function:f:x", false)] // inner * stops at ':'
        [InlineData("arn:aws:s3:*", "arn:aws:s3:::bucket", true)]                           // * ending a segment expands across colons
        [InlineData("arn:aws:dynamodb:us-east-?:*:table/T", "arn:aws:dynamodb:us-east-2:111122223333:table/T", true)]
        [InlineData("arn:aws:dynamodb:us-east-?:*:table/T", "arn:aws:dynamodb:us-east-12:111122223333:table/T", false)]
        [InlineData("arn:aws:s3:::b?cket", "arn:aws:s3:::b:cket", false)]                 // ? stays within a segment
        public void IsMatch_ResourceArn_FollowsIamWildcardRules(string pattern, string arn, bool expected)
        {
            Assert.Equal(expected, ResourceMatches(pattern, arn));
        }

        [Fact]
        public void IsMatch_PolicyVariable_SubstitutesFromContext()
        {
            var context = new Dictionary<string, string[]> { ["aws:username"] = new[] { "alice" } };
            Assert.True(ResourceMatches("arn:aws:s3:::home/${aws:username}/*", "arn:aws:s3:::home/alice/notes.txt", context));
            Assert.False(ResourceMatches("arn:aws:s3:::home/${aws:username}/*", "arn:aws:s3:::home/bob/notes.txt", context));
        }

        [Fact]
        public void IsMatch_VariableKeyNameInOtherCase_StillResolves()
        {
            var context = new Dictionary<string, string[]> { ["aws:username"] = new[] { "alice" } };
            Assert.True(ResourceMatches("arn:aws:s3:::home/${AWS:UserName}", "arn:aws:s3:::home/alice", context));
        }

        [Fact]
        public void IsMatch_VariableWithoutValue_MatchesNothing()
        {
            Assert.False(ResourceMatches("arn:aws:s3:::home/${aws:username}/*", "arn:aws:s3:::home/alice/x"));
        }

        [Fact]
        public void IsMatch_VariableWithDefault_UsesDefaultWhenKeyMissing()
        {
            Assert.True(ResourceMatches("arn:aws:s3:::team/${aws:PrincipalTag/team, 'shared'}/*", "arn:aws:s3:::team/shared/x"));
            Assert.True(ResourceMatches("arn:aws:s3:::q/${aws:PrincipalTag/x, 'it''s'}", "arn:aws:s3:::q/it's"));
        }

        [Fact]
        public void IsMatch_SubstitutedValueWithWildcard_IsLiteral()
        {
            var context = new Dictionary<string, string[]> { ["aws:username"] = new[] { "*" } };
            Assert.False(ResourceMatches("arn:aws:s3:::home/${aws:username}", "arn:aws:s3:::home/alice", context));
            Assert.True(ResourceMatches("arn:aws:s3:::home/${aws:username}", "arn:aws:s3:::home/*", context));
        }

        [Theory]
        [InlineData("arn:aws:s3:::bucket/${*}", "arn:aws:s3:::bucket/*", true)]
        [InlineData("arn:aws:s3:::bucket/${*}", "arn:aws:s3:::bucket/anything", false)]
        [InlineData("arn:aws:s3:::bucket/a${?}", "arn:aws:s3:::bucket/a?", true)]
        [InlineData("arn:aws:s3:::bucket/a${?}", "arn:aws:s3:::bucket/ab", false)]
        [InlineData("arn:aws:s3:::bucket/${$}x", "arn:aws:s3:::bucket/$x", true)]
        public void IsMatch_EscapeSequences_MatchLiterally(string pattern, string arn, bool expected)
        {
            Assert.Equal(expected, ResourceMatches(pattern, arn));
        }

        [Theory]
        [InlineData("s3:Get*", "s3:GetObject", true)]
        [InlineData("S3:GETOBJECT", "s3:GetObject", true)]
        [InlineData("s3:Get?bject", "s3:GetObject", true)]
        [InlineData("s3:Get?bject", "s3:GetObjects", false)]
        public void IsMatch_Action_IsCaseInsensitiveGlob(string pattern, string action, bool expected)
        {
            var compiled = PolicyPattern.Compile(pattern, PatternKind.Glob, ignoreCase: true, allowVariables: false);
            Assert.Equal(expected, compiled.IsMatch(action, null));
        }
    }
}
