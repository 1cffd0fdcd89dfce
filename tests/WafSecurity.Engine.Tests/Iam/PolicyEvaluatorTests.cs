using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Iam;
using static WafSecurity.Engine.Tests.Iam.IamTestSupport;

namespace WafSecurity.Engine.Tests.Iam
{
    public class PolicyEvaluatorTests
    {
        private const string RoleArn = "arn:aws:iam::111122223333:role/app-role";
        private const string RoleSessionArn = "arn:aws:sts::111122223333:assumed-role/app-role/session-1";
        private const string UserArn = "arn:aws:iam::111122223333:user/alice";
        private const string BucketObject = "arn:aws:s3:::amzn-s3-demo-bucket/report.csv";

        private static CompiledPolicy Policy(string json, PolicyKind kind, string id = "p") => CompiledPolicy.Parse(json, id, kind);

        [Fact]
        public void Evaluate_NoStatementApplies_IsImplicitDeny()
        {
            Assert.Equal("implicitDeny", Decide(Statement("\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::other/*\""), "s3:GetObject", BucketObject));
        }

        [Fact]
        public void Evaluate_AllowWithNotAction_AllowsEverythingElse()
        {
            var policy = Statement("\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"");
            Assert.Equal("allowed", Decide(policy, "s3:GetObject", BucketObject));
            Assert.Equal("implicitDeny", Decide(policy, "iam:CreateUser", "arn:aws:iam::111122223333:user/x"));
            Assert.Equal("implicitDeny", Decide(policy, "IAM:createuser", "arn:aws:iam::111122223333:user/x"));
        }

        [Fact]
        public void Evaluate_DenyWithNotResource_DeniesEveryOtherResource()
        {
            var policy = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"NotResource\":[\"arn:aws:s3:::amzn-s3-demo-bucket\",\"arn:aws:s3:::amzn-s3-demo-bucket/*\"]}]}";
            Assert.Equal("allowed", Decide(policy, "s3:GetObject", BucketObject));
            Assert.Equal("explicitDeny", Decide(policy, "s3:GetObject", "arn:aws:s3:::another-bucket/x"));
            Assert.Equal("implicitDeny", Decide(policy, "ec2:DescribeInstances", "*")); // neither allowed nor denied
        }

        [Fact]
        public void Evaluate_ExplicitDeny_OverridesAllow()
        {
            var policy = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"All\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Sid\":\"NoDelete\",\"Effect\":\"Deny\",\"Action\":\"s3:Delete*\",\"Resource\":\"*\"}]}";
            var evaluator = new PolicyEvaluator(new[] { Identity(policy) });
            var decision = evaluator.Evaluate(Request("s3:DeleteObject", BucketObject));
            Assert.Equal("explicitDeny", decision.Decision);
            Assert.Equal("NoDelete", Assert.Single(decision.Statements).Statement.Sid);
        }

        [Fact]
        public void Evaluate_DenyWithBoolIfExistsOnMissingMfaKey_Denies()
        {
            // AWS's example: deny unless MFA; long-term credentials send no aws:MultiFactorAuthPresent, so IfExists applies.
            var policy = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"ec2:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"ec2:TerminateInstances\",\"Resource\":\"*\",\"Condition\":{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"false\"}}}]}";
            Assert.Equal("explicitDeny", Decide(policy, "ec2:TerminateInstances", "*"));
            Assert.Equal("allowed", Decide(policy, "ec2:TerminateInstances", "*", new Dictionary<string, string[]> { ["aws:MultiFactorAuthPresent"] = new[] { "true" } }));
            // Without IfExists a missing key makes Bool false, so the deny would not apply.
            var withoutIfExists = policy.Replace("BoolIfExists", "Bool");
            Assert.Equal("allowed", Decide(withoutIfExists, "ec2:TerminateInstances", "*"));
        }

        [Fact]
        public void Evaluate_AllowWithConditionOnMissingKey_IsImplicitDeny()
        {
            var policy = Statement("\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"blue\"}}");
            Assert.Equal("implicitDeny", Decide(policy, "s3:GetObject", BucketObject));
            Assert.Equal("allowed", Decide(policy, "s3:GetObject", BucketObject, new Dictionary<string, string[]> { ["aws:PrincipalTag/team"] = new[] { "blue" } }));
        }

        [Fact]
        public void Evaluate_PolicyVariableInResource_UsesCallerUserName()
        {
            var policy = Statement("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::home/${aws:username}/*\"");
            Assert.Equal("allowed", Decide(policy, "s3:PutObject", "arn:aws:s3:::home/alice/a.txt", caller: UserArn));
            Assert.Equal("implicitDeny", Decide(policy, "s3:PutObject", "arn:aws:s3:::home/bob/a.txt", caller: UserArn));
            Assert.Equal("implicitDeny", Decide(policy, "s3:PutObject", "arn:aws:s3:::home/alice/a.txt")); // no user, no value
        }

        [Fact]
        public void Evaluate_QuestionMarkInAction_MatchesOneCharacter()
        {
            var policy = Statement("\"Effect\":\"Allow\",\"Action\":\"iam:?etRole\",\"Resource\":\"*\"");
            Assert.Equal("allowed", Decide(policy, "iam:GetRole", "*"));
            Assert.Equal("implicitDeny", Decide(policy, "iam:GetRolePolicy", "*"));
        }

        [Fact]
        public void Evaluate_BoundaryWithoutAllow_LimitsIdentityAllow()
        {
            var identity = Identity(Statement("\"Effect\":\"Allow\",\"Action\":[\"s3:*\",\"iam:*\"],\"Resource\":\"*\""));
            var boundary = Policy(Statement("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\""), PolicyKind.PermissionsBoundary, "boundary");
            var evaluator = new PolicyEvaluator(new[] { identity }, boundary);
            Assert.Equal("allowed", evaluator.Evaluate(Request("s3:GetObject", BucketObject)).Decision);
            var iam = evaluator.Evaluate(Request("iam:CreateUser", "*"));
            Assert.Equal("implicitDeny", iam.Decision);
            Assert.Contains("permissions boundary", iam.Reason);
        }

        [Fact]
        public void Evaluate_BoundaryAllowAlone_GrantsNothing()
        {
            var boundary = Policy(Statement("\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\""), PolicyKind.PermissionsBoundary);
            var evaluator = new PolicyEvaluator(new CompiledPolicy[0], boundary);
            Assert.Equal("implicitDeny", evaluator.Evaluate(Request("s3:GetObject", BucketObject)).Decision);
        }

        [Fact]
        public void Evaluate_DenyInBoundary_IsExplicitDeny()
        {
            var identity = Identity(Statement("\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\""));
            var boundary = Policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"iam:*\",\"Resource\":\"*\"}]}", PolicyKind.PermissionsBoundary);
            Assert.Equal("explicitDeny", new PolicyEvaluator(new[] { identity }, boundary).Evaluate(Request("iam:PassRole", "*")).Decision);
        }

        private static string ResourcePolicyFor(string principalJson, string effect = "Allow")
            => "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Principal\":" + principalJson + ",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::amzn-s3-demo-bucket/*\"}]}";

        private static string DecideWithResourcePolicy(string resourcePolicy, string caller, string? identityJson = null, string? boundaryJson = null, string? owner = Account)
        {
            var identity = identityJson == null ? new CompiledPolicy[0] : new[] { Identity(identityJson) };
            var boundary = boundaryJson == null ? null : Policy(boundaryJson, PolicyKind.PermissionsBoundary);
            var evaluator = new PolicyEvaluator(identity, boundary, Policy(resourcePolicy, PolicyKind.Resource, "bucket-policy"), owner);
            return evaluator.Evaluate(Request("s3:GetObject", BucketObject, caller: caller)).Decision;
        }

        private static readonly string BoundaryAllowingOnlyLogs = Statement("\"Effect\":\"Allow\",\"Action\":\"logs:*\",\"Resource\":\"*\"");

        [Fact]
        public void Evaluate_SameAccountResourcePolicyNamingRole_AllowsWithoutIdentityPolicy()
        {
            Assert.Equal("allowed", DecideWithResourcePolicy(ResourcePolicyFor("{\"AWS\":\"" + RoleArn + "\"}"), RoleSessionArn));
        }

        [Fact]
        public void Evaluate_ResourcePolicyNamingRole_IsLimitedByRoleBoundary()
        {
            Assert.Equal("implicitDeny", DecideWithResourcePolicy(ResourcePolicyFor("{\"AWS\":\"" + RoleArn + "\"}"), RoleSessionArn, boundaryJson: BoundaryAllowingOnlyLogs));
        }

        [Fact]
        public void Evaluate_ResourcePolicyNamingSession_IsNotLimitedByBoundary()
        {
            Assert.Equal("allowed", DecideWithResourcePolicy(ResourcePolicyFor("{\"AWS\":\"" + RoleSessionArn + "\"}"), RoleSessionArn, boundaryJson: BoundaryAllowingOnlyLogs));
        }

        [Fact]
        public void Evaluate_ResourcePolicyNamingUser_IsNotLimitedByBoundary()
        {
            Assert.Equal("allowed", DecideWithResourcePolicy(ResourcePolicyFor("{\"AWS\":\"" + UserArn + "\"}"), UserArn, boundaryJson: BoundaryAllowingOnlyLogs));
        }

        [Fact]
        public void Evaluate_ResourcePolicyNamingOnlyAccount_DelegatesToIdentityPolicies()
        {
            var policy = ResourcePolicyFor("{\"AWS\":\"arn:aws:iam::111122223333:root\"}");
            Assert.Equal("implicitDeny", DecideWithResourcePolicy(policy, UserArn));
            Assert.Equal("allowed", DecideWithResourcePolicy(policy, UserArn, Statement("\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"")));
        }

        [Fact]
        public void Evaluate_ResourcePolicyForOtherPrincipal_DoesNotApply()
        {
            Assert.Equal("implicitDeny", DecideWithResourcePolicy(ResourcePolicyFor("{\"AWS\":\"arn:aws:iam::111122223333:user/bob\"}"), UserArn));
        }

        [Fact]
        public void Evaluate_CrossAccount_NeedsBothIdentityAndResourcePolicy()
        {
            const string foreignUser = "arn:aws:iam::444455556666:user/eve";
            var resourcePolicy = ResourcePolicyFor("{\"AWS\":\"444455556666\"}");
            var identity = Statement("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"");
            Assert.Equal("implicitDeny", DecideWithResourcePolicy(resourcePolicy, foreignUser));
            Assert.Equal("allowed", DecideWithResourcePolicy(resourcePolicy, foreignUser, identity));
            Assert.Equal("implicitDeny", DecideWithResourcePolicy(ResourcePolicyFor("{\"AWS\":\"999988887777\"}"), foreignUser, identity));
        }

        [Fact]
        public void Evaluate_ResourcePolicyDeny_WinsOverIdentityAllow()
        {
            var identity = Statement("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"");
            Assert.Equal("explicitDeny", DecideWithResourcePolicy(ResourcePolicyFor("\"*\"", "Deny"), UserArn, identity));
        }

        [Fact]
        public void Evaluate_DenyWithNotPrincipal_SparesOnlyTheNamedPrincipal()
        {
            var identity = Statement("\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"");
            var policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"" + UserArn + "\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
            Assert.Equal("allowed", DecideWithResourcePolicy(policy, UserArn, identity));
            Assert.Equal("explicitDeny", DecideWithResourcePolicy(policy, "arn:aws:iam::111122223333:user/bob", identity));
        }

        [Fact]
        public void Evaluate_ServicePrincipal_MatchesCallerService()
        {
            var policy = ResourcePolicyFor("{\"Service\":\"lambda.amazonaws.com\"}");
            Assert.Equal("allowed", DecideWithResourcePolicy(policy, "lambda.amazonaws.com"));
            Assert.Equal("implicitDeny", DecideWithResourcePolicy(policy, "ec2.amazonaws.com"));
        }

        [Fact]
        public void Evaluate_SecureTransportDeny_DeniesPlainHttp()
        {
            var policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
            Assert.Equal("explicitDeny", Decide(policy, "s3:GetObject", BucketObject, new Dictionary<string, string[]> { ["aws:SecureTransport"] = new[] { "false" } }));
            Assert.Equal("allowed", Decide(policy, "s3:GetObject", BucketObject, new Dictionary<string, string[]> { ["aws:SecureTransport"] = new[] { "true" } }));
        }

        [Fact]
        public void Evaluate_SourceIpAllow_DependsOnCallerAddress()
        {
            var policy = Statement("\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":[\"192.0.2.0/24\",\"2001:DB8::/32\"]}}");
            Assert.Equal("allowed", Decide(policy, "s3:GetObject", BucketObject, new Dictionary<string, string[]> { ["aws:SourceIp"] = new[] { "192.0.2.10" } }));
            Assert.Equal("allowed", Decide(policy, "s3:GetObject", BucketObject, new Dictionary<string, string[]> { ["aws:SourceIp"] = new[] { "2001:db8::5" } }));
            Assert.Equal("implicitDeny", Decide(policy, "s3:GetObject", BucketObject, new Dictionary<string, string[]> { ["aws:SourceIp"] = new[] { "198.51.100.1" } }));
            Assert.Equal("implicitDeny", Decide(policy, "s3:GetObject", BucketObject));
        }

        [Fact]
        public void Evaluate_MultipleIdentityPolicies_AnyAllowSuffices()
        {
            var evaluator = new PolicyEvaluator(new[]
            {
                Identity(Statement("\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\""), "a"),
                Identity(Statement("\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"*\""), "b"),
            });
            var decision = evaluator.Evaluate(Request("s3:PutObject", BucketObject));
            Assert.True(decision.IsAllowed);
            Assert.Equal("b", decision.Statements.Single().Policy.PolicyId);
        }
        [Fact]
        public void Evaluate_Version2008Policy_TreatsVariablesAsLiteralText()
        {
            var old = "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::home/${aws:username}/*\"}]}";
            Assert.Equal("implicitDeny", Decide(old, "s3:GetObject", "arn:aws:s3:::home/alice/a", caller: UserArn));
            Assert.Equal("allowed", Decide(old, "s3:GetObject", "arn:aws:s3:::home/${aws:username}/a", caller: UserArn));
        }

        [Theory]
        [InlineData("\"Effect\":\"Allow\",\"Action\":\"s3:*\"", "neither Resource nor NotResource")]
        [InlineData("\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"", "cannot name a principal")]
        [InlineData("\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"", "is empty")]
        [InlineData("\"Effect\":\"Allow\",\"Action\":\"GetObject\",\"Resource\":\"*\"", "not an action")]
        public void Compile_IdentityPolicyIamRejects_ThrowsSayingWhy(string body, string why)
        {
            var ex = Assert.Throws<PolicyParseException>(() => Identity(Statement(body)));
            Assert.Contains(why, ex.Message);
            Assert.StartsWith("$.Statement", ex.Path);
        }
    }
}
