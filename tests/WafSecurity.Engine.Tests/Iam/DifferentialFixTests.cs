using System.Collections.Generic;
using WafSecurity.Engine.Iam;
using static WafSecurity.Engine.Tests.Iam.IamTestSupport;

namespace WafSecurity.Engine.Tests.Iam
{
    /// <summary>Behaviours fixed after the differential check against @cloud-copilot/iam-simulate (tools/iam-differential).</summary>
    public sealed class DifferentialFixTests
    {
        private const string Queue = "arn:aws:sqs:us-east-1:" + Account + ":q1";

        // reference_policies_elements_notprincipal.html / access_policies_boundaries.html: "The NotPrincipal element with a
        // Deny effect will always deny any IAM principal that has a permissions boundary policy attached, regardless of the
        // values specified in the NotPrincipal element."
        [Fact]
        public void Evaluate_ResourcePolicyNotPrincipalDenyAndCallerHasBoundary_DeniesExplicitly()
        {
            var allowAll = Statement("\"Effect\":\"Allow\",\"Action\":\"sqs:*\",\"Resource\":\"*\"");
            var resource = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::" + Account + ":role/App\"},\"Action\":\"sqs:*\",\"Resource\":\"*\"}]}";
            var caller = "arn:aws:sts::" + Account + ":assumed-role/App/s1";
            var withBoundary = new PolicyEvaluator(new[] { Identity(allowAll) }, Identity(allowAll, "boundary"), CompiledPolicy.Parse(resource, "rp", PolicyKind.Resource));
            var withoutBoundary = new PolicyEvaluator(new[] { Identity(allowAll) }, null, CompiledPolicy.Parse(resource, "rp", PolicyKind.Resource));

            Assert.Equal(IamDecisions.ExplicitDeny, withBoundary.Evaluate(Request("sqs:SendMessage", Queue, caller: caller)).Decision);
            Assert.Equal(IamDecisions.Allowed, withoutBoundary.Evaluate(Request("sqs:SendMessage", Queue, caller: caller)).Decision);
        }

        // reference_policies_variables.html: "If AWS cannot resolve a variable this might cause the entire statement to be
        // invalid": a negated operator must not hold because a value that could not be resolved "differs".
        [Theory]
        [InlineData("StringNotEquals", "aws:PrincipalTag/team", "${aws:username}")]
        [InlineData("StringNotLike", "aws:PrincipalTag/team", "${aws:username}")]
        [InlineData("ForAllValues:StringNotEqualsIgnoreCase", "aws:PrincipalTag/team", "${aws:PrincipalTag/project}")]
        [InlineData("ArnNotLike", "aws:SourceArn", "arn:aws:sns:us-east-1:" + Account + ":${aws:username}")]
        public void Evaluate_NegatedConditionWithUnresolvablePolicyVariable_DoesNotHold(string op, string key, string value)
        {
            var policy = Statement($"\"Effect\":\"Allow\",\"Action\":\"sqs:*\",\"Resource\":\"*\",\"Condition\":{{\"{op}\":{{\"{key}\":\"{value}\"}}}}");
            var context = new Dictionary<string, string[]> { ["aws:PrincipalTag/team"] = new[] { "red" }, ["aws:SourceArn"] = new[] { "arn:aws:sns:us-east-1:" + Account + ":t" } };
            // A role session has no aws:username; no aws:PrincipalTag/project is given.
            Assert.Equal(IamDecisions.ImplicitDeny, Decide(policy, "sqs:SendMessage", Queue, context, "arn:aws:sts::" + Account + ":assumed-role/App/s1"));
        }

        [Fact]
        public void Evaluate_NegatedConditionWithResolvedPolicyVariable_StillHolds()
        {
            var policy = Statement("\"Effect\":\"Allow\",\"Action\":\"sqs:*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalTag/team\":\"${aws:username}\"}}");
            var context = new Dictionary<string, string[]> { ["aws:PrincipalTag/team"] = new[] { "red" } };
            Assert.Equal(IamDecisions.Allowed, Decide(policy, "sqs:SendMessage", Queue, context, "arn:aws:iam::" + Account + ":user/alice"));
        }

        // reference_policies_condition-single-vs-multi-valued-context-keys.html: ForAnyValue "If the key is not present or
        // resolves to an empty data set, the condition returns false"; the IfExists suffix does not change that.
        [Theory]
        [InlineData("ForAnyValue:StringEqualsIfExists", IamDecisions.ImplicitDeny)]
        [InlineData("ForAnyValue:StringLikeIfExists", IamDecisions.ImplicitDeny)]
        [InlineData("ForAllValues:StringEqualsIfExists", IamDecisions.Allowed)]
        [InlineData("StringEqualsIfExists", IamDecisions.Allowed)]
        public void Evaluate_SetOperatorIfExistsOnMissingKey_FollowsSetOperator(string op, string expected)
        {
            var policy = Statement($"\"Effect\":\"Allow\",\"Action\":\"sqs:*\",\"Resource\":\"*\",\"Condition\":{{\"{op}\":{{\"aws:TagKeys\":[\"team\"]}}}}");
            Assert.Equal(expected, Decide(policy, "sqs:ListQueues", "*"));
        }
    }
}
