using System.Collections.Generic;
using WafSecurity.Engine.Iam;
using static WafSecurity.Engine.Tests.Iam.IamTestSupport;

namespace WafSecurity.Engine.Tests.Iam
{
    public class ConditionEvaluatorTests
    {
        private static bool Holds(string op, string key, string[] policyValues, string[]? requestValues)
        {
            var condition = new PolicyCondition(op, key, policyValues);
            var evaluator = ConditionEvaluator.Compile(condition, "$.Statement[0].Condition");
            var context = requestValues == null ? null : new Dictionary<string, string[]> { [key] = requestValues };
            return evaluator.Evaluate(Request("s3:GetObject", "arn:aws:s3:::b/k", context));
        }

        private static bool Holds(string op, string policyValue, string? requestValue)
            => Holds(op, "test:Key", new[] { policyValue }, requestValue == null ? null : new[] { requestValue });

        [Theory]
        [InlineData("StringEquals", "abc", "abc", true)]
        [InlineData("StringEquals", "abc", "ABC", false)]
        [InlineData("StringNotEquals", "abc", "xyz", true)]
        [InlineData("StringEqualsIgnoreCase", "abc", "ABC", true)]
        [InlineData("StringNotEqualsIgnoreCase", "abc", "ABC", false)]
        [InlineData("StringLike", "a*c", "abbbc", true)]
        [InlineData("StringLike", "a?c", "abbc", false)]
        [InlineData("StringLike", "A*", "abc", false)]
        [InlineData("StringNotLike", "a*", "bcd", true)]
        [InlineData("StringEquals", "a*", "abc", false)]                                      // no wildcards in Equals
        [InlineData("NumericLessThan", "10", "9", true)]
        [InlineData("NumericLessThan", "10", "10", false)]
        [InlineData("NumericLessThanEquals", "10", "10", true)]
        [InlineData("NumericGreaterThan", "1.5", "2", true)]
        [InlineData("NumericEquals", "3", "3.0", true)]
        [InlineData("NumericNotEquals", "3", "4", true)]
        [InlineData("NumericEquals", "3", "three", false)]
        [InlineData("DateLessThan", "2020-01-01T00:00:00Z", "2019-12-31T23:59:59Z", true)]
        [InlineData("DateGreaterThan", "2020-01-01T00:00:00Z", "2019-12-31T23:59:59Z", false)]
        [InlineData("DateEquals", "2020-01-01T00:00:00Z", "1577836800", true)]                 // epoch seconds
        [InlineData("DateGreaterThanEquals", "2020-01-01", "2020-01-01T00:00:00Z", true)]
        [InlineData("DateNotEquals", "2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z", true)]
        [InlineData("Bool", "true", "true", true)]
        [InlineData("Bool", "true", "TRUE", true)]
        [InlineData("Bool", "true", "false", false)]
        [InlineData("BinaryEquals", "QmluYXJ5VmFsdWU=", "QmluYXJ5VmFsdWU=", true)]
        [InlineData("BinaryEquals", "QmluYXJ5VmFsdWU=", "T3RoZXI=", false)]
        [InlineData("IpAddress", "203.0.113.0/24", "203.0.113.7", true)]
        [InlineData("IpAddress", "203.0.113.0/24", "203.0.114.7", false)]
        [InlineData("IpAddress", "203.0.113.7", "203.0.113.7", true)]
        [InlineData("IpAddress", "2001:DB8:1234:5678::/64", "2001:db8:1234:5678::1", true)]
        [InlineData("IpAddress", "2001:DB8:1234:5678::/64", "2001:db8:1234:5679::1", false)]
        [InlineData("IpAddress", "203.0.113.0/24", "::ffff:203.0.113.9", true)]
        [InlineData("NotIpAddress", "203.0.113.0/24", "198.51.100.1", true)]
        [InlineData("NotIpAddress", "203.0.113.0/24", "203.0.113.1", false)]
        [InlineData("ArnLike", "arn:aws:sqs:*:111122223333:queue*", "arn:aws:sqs:us-east-1:111122223333:queue1", true)]
        [InlineData("ArnEquals", "arn:aws:sqs:*:111122223333:queue*", "arn:aws:sqs:us-east-1:111122223333:queue1", true)]
        [InlineData("ArnLike", "arn:aws:sqs:*:111122223333:queue*", "arn:aws:sqs:us-east-1:444455556666:queue1", false)]
        [InlineData("ArnLike", "arn:aws:iam::*:role/Admin", "arn:aws:iam::111122223333:role/admin", false)]
        [InlineData("ArnNotLike", "arn:aws:iam::*:role/Admin", "arn:aws:iam::111122223333:role/Other", true)]
        public void Evaluate_PresentKey_ComparesAsOperatorDefines(string op, string policyValue, string requestValue, bool expected)
        {
            Assert.Equal(expected, Holds(op, policyValue, requestValue));
        }

        [Theory]
        [InlineData("StringEquals", false)]
        [InlineData("StringLike", false)]
        [InlineData("NumericLessThan", false)]
        [InlineData("DateGreaterThan", false)]
        [InlineData("Bool", false)]
        [InlineData("IpAddress", false)]
        [InlineData("ArnLike", false)]
        [InlineData("BinaryEquals", false)]
        // Negated operators are true when the key is missing (IAM User Guide, condition operators, "Important").
        [InlineData("StringNotEquals", true)]
        [InlineData("StringNotLike", true)]
        [InlineData("StringNotEqualsIgnoreCase", true)]
        [InlineData("NumericNotEquals", true)]
        [InlineData("DateNotEquals", true)]
        [InlineData("NotIpAddress", true)]
        [InlineData("ArnNotLike", true)]
        [InlineData("ArnNotEquals", true)]
        // ...IfExists is true when the key is missing.
        [InlineData("StringEqualsIfExists", true)]
        [InlineData("BoolIfExists", true)]
        [InlineData("ArnLikeIfExists", true)]
        [InlineData("StringNotEqualsIfExists", true)]
        // Set operators: ForAllValues is true on a missing key, ForAnyValue false.
        [InlineData("ForAllValues:StringEquals", true)]
        [InlineData("ForAllValues:StringNotLike", true)]
        [InlineData("ForAnyValue:StringEquals", false)]
        [InlineData("ForAnyValue:StringNotEquals", false)]
        [InlineData("ForAnyValue:StringEqualsIfExists", false)] // ForAnyValue on an absent key is false; IfExists does not change it (see DifferentialFixTests)
        public void Evaluate_MissingKey_FollowsAwsMissingKeyRules(string op, bool expected)
        {
            var value = op.Contains("Numeric") ? "1" : op.Contains("Date") ? "2020-01-01T00:00:00Z" : op.StartsWith("Bool") ? "true"
                : op.Contains("Ip") ? "10.0.0.0/8" : op.Contains("Arn") ? "arn:aws:s3:::b" : op.Contains("Binary") ? "QQ==" : "v";
            Assert.Equal(expected, Holds(op, "test:Key", new[] { value }, null));
        }

        [Theory]
        [InlineData("true", null, true)]
        [InlineData("true", "x", false)]
        [InlineData("false", "x", true)]
        [InlineData("false", null, false)]
        public void Evaluate_Null_TestsPresenceOnly(string policyValue, string? requestValue, bool expected)
        {
            Assert.Equal(expected, Holds("Null", policyValue, requestValue));
        }

        [Fact]
        public void Evaluate_SeveralPolicyValues_AreOred()
        {
            Assert.True(Holds("StringEquals", "k", new[] { "a", "b" }, new[] { "b" }));
            Assert.False(Holds("StringEquals", "k", new[] { "a", "b" }, new[] { "c" }));
        }

        [Fact]
        public void Evaluate_NegatedWithSeveralValues_IsNor()
        {
            Assert.False(Holds("StringNotEquals", "k", new[] { "a", "b" }, new[] { "b" }));
            Assert.True(Holds("StringNotEquals", "k", new[] { "a", "b" }, new[] { "c" }));
        }

        [Theory]
        // The AWS User Guide's ForAllValues:StringNotLike aws:TagKeys "key1*" table.
        [InlineData(new[] { "key1:legal" }, false)]
        [InlineData(new[] { "key1:hr", "key1:personnel" }, false)]
        [InlineData(new[] { "key2:audit" }, true)]
        public void Evaluate_ForAllValuesStringNotLike_MatchesDocumentedTable(string[] tagKeys, bool expected)
        {
            Assert.Equal(expected, Holds("ForAllValues:StringNotLike", "aws:TagKeys", new[] { "key1*" }, tagKeys));
        }

        [Fact]
        public void Evaluate_ForAllValues_EveryRequestValueMustMatchSomePolicyValue()
        {
            Assert.True(Holds("ForAllValues:StringEquals", "aws:TagKeys", new[] { "a", "b", "c" }, new[] { "a", "c" }));
            Assert.False(Holds("ForAllValues:StringEquals", "aws:TagKeys", new[] { "a", "b" }, new[] { "a", "z" }));
        }

        [Fact]
        public void Evaluate_ForAnyValue_OneRequestValueSuffices()
        {
            Assert.True(Holds("ForAnyValue:StringEquals", "aws:TagKeys", new[] { "a" }, new[] { "z", "a" }));
            Assert.False(Holds("ForAnyValue:StringEquals", "aws:TagKeys", new[] { "a" }, new[] { "z", "y" }));
        }

        [Fact]
        public void Evaluate_ConditionKeyName_IsCaseInsensitive()
        {
            var evaluator = ConditionEvaluator.Compile(new PolicyCondition("StringEquals", "AWS:SourceAccount", new[] { Account }), "$");
            var request = Request("s3:GetObject", "*", new Dictionary<string, string[]> { ["aws:sourceaccount"] = new[] { Account } });
            Assert.True(evaluator.Evaluate(request));
        }

        [Fact]
        public void Evaluate_ConditionValueWithVariable_Substitutes()
        {
            var evaluator = ConditionEvaluator.Compile(new PolicyCondition("StringLike", "s3:prefix", new[] { "home/${aws:username}/*" }), "$");
            var context = new Dictionary<string, string[]> { ["s3:prefix"] = new[] { "home/alice/docs" }, ["aws:username"] = new[] { "alice" } };
            Assert.True(evaluator.Evaluate(Request("s3:ListBucket", "arn:aws:s3:::b", context)));
            context["aws:username"] = new[] { "bob" };
            Assert.False(evaluator.Evaluate(Request("s3:ListBucket", "arn:aws:s3:::b", context)));
        }

        [Theory]
        [InlineData("StringEqualz", "v")]
        [InlineData("NumericLessThan", "ten")]
        [InlineData("DateLessThan", "yesterday")]
        [InlineData("Bool", "yes")]
        [InlineData("IpAddress", "300.1.1.1/8")]
        [InlineData("Null", "maybe")]
        public void Compile_InvalidOperatorOrValue_ThrowsWithPath(string op, string value)
        {
            var ex = Assert.Throws<PolicyParseException>(() => ConditionEvaluator.Compile(new PolicyCondition(op, "k", new[] { value }), "$.Statement[0].Condition"));
            Assert.StartsWith("$.Statement[0].Condition", ex.Path);
        }
    }
}
