using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Iam;

namespace WafSecurity.Engine.Tests.Iam
{
    public class ResourceAccessAnalyzerTests
    {
        private const string Own = "123456789012";
        private const string Foreign = "210987654321";
        private const string Function = "arn:aws:lambda:us-east-1:123456789012:function:orders";
        private static readonly string[] LambdaActions = { "lambda:*" };

        private static ResourceAccessReport Analyze(string statementsJson, ResourceAccessOptions? options = null, string resource = Function)
            => ResourceAccessAnalyzer.Analyze(PolicyParser.Parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statementsJson + "]}"),
                Own, resource, options ?? new ResourceAccessOptions { Actions = LambdaActions });

        private static string Allow(string principal, string? condition = null, string action = "\"lambda:InvokeFunction\"", string sid = "S1", string resource = "\"" + Function + "\"")
            => "{\"Sid\":\"" + sid + "\",\"Effect\":\"Allow\",\"Principal\":" + principal + ",\"Action\":" + action + ",\"Resource\":" + resource
               + (condition == null ? "" : ",\"Condition\":" + condition) + "}";

        private static string Deny(string principal = "\"*\"", string? condition = null, string action = "\"lambda:*\"", string sid = "D1", string resource = "\"" + Function + "\"")
            => "{\"Sid\":\"" + sid + "\",\"Effect\":\"Deny\",\"Principal\":" + principal + ",\"Action\":" + action + ",\"Resource\":" + resource
               + (condition == null ? "" : ",\"Condition\":" + condition) + "}";

        private static AccessClassification Only(ResourceAccessReport report) => Assert.Single(report.Statements).Classification;

        // ---------------- public principals ----------------

        [Theory]
        [InlineData("\"*\"")]
        [InlineData("{\"AWS\":\"*\"}")]
        [InlineData("{\"AWS\":\"arn:aws:iam::*:root\"}")]
        [InlineData("{\"CanonicalUser\":\"*\"}")]
        [InlineData("{\"AWS\":[\"arn:aws:iam::123456789012:root\",\"*\"]}")]
        [InlineData("{\"Service\":\"*\"}")]
        public void Analyze_PublicPrincipalWithoutCondition_IsPublic(string principal)
        {
            var statement = Assert.Single(Analyze(Allow(principal)).Statements);
            Assert.Equal(AccessClassification.Public, statement.Classification);
            var offender = Assert.Single(statement.PrincipalsOf(AccessClassification.Public));
            Assert.Contains("no restricting condition", offender.Reason);
        }

        [Theory]
        [InlineData("{\"AWS\":\"arn:aws:iam::123456789012:root\"}")]
        [InlineData("{\"AWS\":\"123456789012\"}")]
        [InlineData("{\"AWS\":\"arn:aws:iam::123456789012:role/caller\"}")]
        [InlineData("{\"AWS\":[\"arn:aws:iam::123456789012:root\",\"arn:aws:iam::123456789012:user/ops\"]}")]
        public void Analyze_OwnAccountPrincipal_IsRestricted(string principal)
            => Assert.Equal(AccessClassification.Restricted, Only(Analyze(Allow(principal))));

        [Fact]
        public void Analyze_AllowWithNotPrincipal_IsPublic()
        {
            var json = "{\"Sid\":\"AllButOne\",\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"" + Function + "\"}";
            var statement = Assert.Single(Analyze(json).Statements);
            Assert.Equal(AccessClassification.Public, statement.Classification);
            Assert.StartsWith("everyone except", statement.Principals[0].Value);
        }

        [Fact]
        public void Analyze_PublicStatement_ReportsSidLabelJsonActionsAndPrincipal()
        {
            var statement = Assert.Single(Analyze(Allow("\"*\"", sid: "AllowAll")).Statements);
            Assert.Equal("AllowAll", statement.Sid);
            Assert.Equal("Statement 'AllowAll'", statement.Label);
            Assert.Contains("\"Sid\":\"AllowAll\"", statement.Json);
            Assert.Equal(new[] { "lambda:InvokeFunction" }, statement.Actions);
            Assert.Equal("*", statement.Principals[0].Value);
            Assert.Equal("", statement.ConditionText);
        }

        [Fact]
        public void Analyze_MixedPrincipals_ClassifiesEachAndStatementTakesTheWorst()
        {
            var statement = Assert.Single(Analyze(Allow("{\"AWS\":[\"arn:aws:iam::210987654321:root\",\"*\"],\"Service\":\"sns.amazonaws.com\"}")).Statements);
            Assert.Equal(AccessClassification.Public, statement.Classification);
            Assert.Single(statement.PrincipalsOf(AccessClassification.Public));
            Assert.Single(statement.PrincipalsOf(AccessClassification.ServiceUnscoped));
            Assert.Single(statement.PrincipalsOf(AccessClassification.CrossAccount));
        }

        // ---------------- actions ----------------

        [Theory]
        [InlineData("\"lambda:InvokeFunction\"", true)]
        [InlineData("\"lambda:*\"", true)]
        [InlineData("\"*\"", true)]
        [InlineData("\"lambda:Invoke*\"", true)]
        [InlineData("\"s3:GetObject\"", false)]
        [InlineData("[\"s3:GetObject\",\"sqs:SendMessage\"]", false)]
        public void Analyze_ActionOutsideTheSet_IsNotReported(string action, bool relevant)
            => Assert.Equal(relevant ? 1 : 0, Analyze(Allow("\"*\"", action: action)).Statements.Count);

        [Fact]
        public void Analyze_ConcreteActionSet_ReportsTheGrantedOnes()
        {
            var options = new ResourceAccessOptions { Actions = new[] { "lambda:InvokeFunction", "lambda:InvokeFunctionUrl" } };
            Assert.Empty(Analyze(Allow("\"*\"", action: "\"lambda:GetFunction\""), options).Statements);
            var statement = Assert.Single(Analyze(Allow("\"*\"", action: "\"*\""), options).Statements);
            Assert.Equal(new[] { "lambda:InvokeFunction", "lambda:InvokeFunctionUrl" }, statement.Actions);
        }

        [Fact]
        public void Analyze_AllowNotAction_GrantsWhatItDoesNotExclude()
        {
            string NotAction(string excluded) => "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"NotAction\":\"" + excluded + "\",\"Resource\":\"*\"}";
            Assert.Equal(AccessClassification.Public, Only(Analyze(NotAction("s3:*"))));
            Assert.Empty(Analyze(NotAction("lambda:*")).Statements);
        }

        [Fact]
        public void Analyze_DenyStatementsAlone_AreNotReported()
            => Assert.Empty(Analyze(Deny()).Statements);

        // ---------------- restricting conditions ----------------

        public static IEnumerable<object[]> RestrictingKeys() => ResourceAccessAnalyzer.RestrictingKeys.Select(k => new object[] { k });

        [Theory]
        [MemberData(nameof(RestrictingKeys))]
        public void Analyze_PublicWithFixedStringEqualsOnRestrictingKey_IsNeutralised(string key)
        {
            var value = key.IndexOf("Arn", StringComparison.OrdinalIgnoreCase) >= 0 ? "arn:aws:sns:us-east-1:123456789012:topic" : "123456789012";
            var report = Analyze(Allow("\"*\"", "{\"StringEquals\":{\"" + key + "\":\"" + value + "\"}}"));
            Assert.NotEqual(AccessClassification.Public, Only(report));
            Assert.Contains("restricted by condition", report.Statements[0].Principals[0].Reason);
        }

        [Theory]
        [MemberData(nameof(RestrictingKeys))]
        public void Analyze_PublicWithWildcardValueOnRestrictingKey_StaysPublic(string key)
            => Assert.Equal(AccessClassification.Public, Only(Analyze(Allow("\"*\"", "{\"StringLike\":{\"" + key + "\":\"12345*\"}}"))));

        [Theory]
        [InlineData("{\"StringLike\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}", AccessClassification.Restricted)]
        [InlineData("{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:123456789012:orders\"}}", AccessClassification.Restricted)]
        [InlineData("{\"ArnEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::123456789012:role/app\"}}", AccessClassification.Restricted)]
        [InlineData("{\"StringEqualsIgnoreCase\":{\"aws:SourceVpce\":\"vpce-0a1b2c3d\"}}", AccessClassification.Restricted)]
        [InlineData("{\"StringEquals\":{\"aws:SourceAccount\":[\"123456789012\",\"123456789013\"]}}", AccessClassification.CrossAccount)]
        [InlineData("{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-?1b2c3d4e5\"}}", AccessClassification.Public)]
        [InlineData("{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:execute-api:us-east-1:*:*\"}}", AccessClassification.Public)]
        [InlineData("{\"StringEquals\":{\"aws:SourceAccount\":\"${aws:PrincipalAccount}\"}}", AccessClassification.Public)]
        [InlineData("{\"StringEquals\":{\"aws:SourceAccount\":[\"123456789012\",\"*\"]}}", AccessClassification.Public)]
        [InlineData("{\"StringNotEquals\":{\"aws:SourceAccount\":\"210987654321\"}}", AccessClassification.Public)]
        [InlineData("{\"StringEquals\":{\"lambda:FunctionUrlAuthType\":\"NONE\"}}", AccessClassification.Public)]
        [InlineData("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2026-01-01T00:00:00Z\"}}", AccessClassification.Public)]
        [InlineData("{\"Bool\":{\"aws:SecureTransport\":\"true\"}}", AccessClassification.Public)]
        [InlineData("{\"Null\":{\"aws:SourceAccount\":\"false\"}}", AccessClassification.Public)]
        public void Analyze_PublicWithCondition_ClassifiesByOperatorKeyAndValue(string condition, AccessClassification expected)
            => Assert.Equal(expected, Only(Analyze(Allow("\"*\"", condition))));

        [Fact]
        public void Analyze_WildcardValue_ReasonSaysWhyTheConditionDoesNotRestrict()
        {
            var principal = Analyze(Allow("\"*\"", "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:s3:::*\"}}")).Statements[0].Principals[0];
            Assert.Contains("no restricting condition", principal.Reason);
            Assert.Contains("wildcard", principal.Reason);
            Assert.Contains("arn:aws:s3:::*", principal.Reason);
        }

        [Theory]
        [InlineData("ForAnyValue:StringEquals", AccessClassification.Restricted)]
        [InlineData("ForAllValues:StringEquals", AccessClassification.Public)]
        public void Analyze_SetOperators_OnlyForAnyValueRestricts(string op, AccessClassification expected)
            => Assert.Equal(expected, Only(Analyze(Allow("\"*\"", "{\"" + op + "\":{\"aws:PrincipalOrgID\":[\"o-a1b2c3d4e5\"]}}"))));

        [Theory]
        [InlineData("aws:PrincipalAccount", AccessClassification.Restricted)]
        [InlineData("aws:PrincipalArn", AccessClassification.Restricted)]
        [InlineData("aws:UserId", AccessClassification.Restricted)]
        [InlineData("aws:ResourceAccount", AccessClassification.Restricted)]
        [InlineData("aws:SourceAccount", AccessClassification.Public)]
        [InlineData("aws:SourceArn", AccessClassification.Public)]
        [InlineData("aws:PrincipalOrgID", AccessClassification.Public)]
        [InlineData("aws:SourceVpce", AccessClassification.Public)]
        [InlineData("aws:CalledVia", AccessClassification.Public)]
        public void Analyze_IfExistsForms_RestrictOnlyForKeysAlwaysPresent(string key, AccessClassification expected)
        {
            var value = key == "aws:PrincipalArn" || key == "aws:SourceArn" ? "arn:aws:iam::123456789012:role/app" : "123456789012";
            var op = key.EndsWith("Arn", StringComparison.Ordinal) ? "ArnEqualsIfExists" : "StringEqualsIfExists";
            Assert.Equal(expected, Only(Analyze(Allow("\"*\"", "{\"" + op + "\":{\"" + key + "\":\"" + value + "\"}}"))));
        }

        [Fact]
        public void Analyze_PrincipalKeyIfExistsOnUnsignedAction_DoesNotRestrict()
        {
            var options = new ResourceAccessOptions { Actions = LambdaActions, UnsignedActions = new[] { "lambda:InvokeFunctionUrl" } };
            var condition = "{\"StringEqualsIfExists\":{\"aws:PrincipalAccount\":\"123456789012\"}}";
            Assert.Equal(AccessClassification.Public, Only(Analyze(Allow("\"*\"", condition, "\"lambda:InvokeFunctionUrl\""), options)));
            Assert.Equal(AccessClassification.Restricted, Only(Analyze(Allow("\"*\"", condition, "\"lambda:InvokeFunction\""), options)));
            var plain = "{\"StringEquals\":{\"aws:PrincipalAccount\":\"123456789012\"}}";
            Assert.Equal(AccessClassification.Restricted, Only(Analyze(Allow("\"*\"", plain, "\"lambda:InvokeFunctionUrl\""), options)));
        }

        [Fact]
        public void Analyze_OneRestrictingConditionAmongOthers_Neutralises()
            => Assert.Equal(AccessClassification.Restricted, Only(Analyze(Allow("\"*\"",
                "{\"Bool\":{\"aws:SecureTransport\":\"true\"},\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}"))));

        // ---------------- aws:SourceIp ----------------

        [Theory]
        [InlineData("[\"10.0.0.0/8\",\"192.168.10.0/24\"]", AccessClassification.Restricted)]
        [InlineData("\"172.16.5.0/24\"", AccessClassification.Restricted)]
        [InlineData("\"127.0.0.1\"", AccessClassification.Restricted)]
        [InlineData("\"169.254.169.0/24\"", AccessClassification.Restricted)]
        [InlineData("[\"fd00:1234::/32\",\"::1/128\",\"fe80::/64\"]", AccessClassification.Restricted)]
        [InlineData("\"0.0.0.0/0\"", AccessClassification.Public)]
        [InlineData("[\"10.0.0.0/8\",\"0.0.0.0/0\"]", AccessClassification.Public)]
        [InlineData("\"203.0.113.0/24\"", AccessClassification.Public)]
        [InlineData("\"172.32.0.0/16\"", AccessClassification.Public)]
        [InlineData("\"10.0.0.0/7\"", AccessClassification.Public)]
        [InlineData("\"::/0\"", AccessClassification.Public)]
        [InlineData("\"*\"", AccessClassification.Public)]
        public void Analyze_SourceIp_RestrictsOnlyWhenEveryRangeIsPrivate(string ranges, AccessClassification expected)
            => Assert.Equal(expected, Only(Analyze(Allow("\"*\"", "{\"IpAddress\":{\"aws:SourceIp\":" + ranges + "}}"))));

        [Theory]
        [InlineData("NotIpAddress")]
        [InlineData("IpAddressIfExists")]
        public void Analyze_SourceIpWithOtherOperators_DoesNotRestrict(string op)
            => Assert.Equal(AccessClassification.Public, Only(Analyze(Allow("\"*\"", "{\"" + op + "\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}"))));

        // ---------------- Deny statements ----------------

        [Fact]
        public void Analyze_UnconditionalPublicDenyCoveringTheActions_Neutralises()
        {
            var statement = Assert.Single(Analyze(Allow("\"*\"") + "," + Deny(sid: "DenyAll")).Statements);
            Assert.Equal(AccessClassification.Restricted, statement.Classification);
            Assert.Equal("Statement 'DenyAll'", statement.DeniedBy);
        }

        [Theory]
        [InlineData("\"lambda:GetFunction\"", "\"" + Function + "\"")]
        [InlineData("\"lambda:*\"", "\"arn:aws:lambda:us-east-1:123456789012:function:other\"")]
        [InlineData("\"s3:*\"", "\"*\"")]
        public void Analyze_DenyNotCoveringActionOrResource_LeavesItPublic(string action, string resource)
            => Assert.Equal(AccessClassification.Public, Only(Analyze(Allow("\"*\"") + "," + Deny(action: action, resource: resource))));

        [Fact]
        public void Analyze_DenyWithNotResourceExcludingTheFunction_LeavesItPublic()
        {
            var deny = "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"lambda:*\",\"NotResource\":\"" + Function + "\"}";
            Assert.Equal(AccessClassification.Public, Only(Analyze(Allow("\"*\"") + "," + deny)));
        }

        [Fact]
        public void Analyze_DenyWithNotActionCoveringTheGrant_Neutralises()
        {
            var deny = "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},\"NotAction\":\"lambda:GetFunction\",\"Resource\":\"*\"}";
            Assert.Equal(AccessClassification.Restricted, Only(Analyze(Allow("\"*\"") + "," + deny)));
        }

        [Fact]
        public void Analyze_DeniesCoveringPartOfTheActions_LeaveTheRestPublic()
        {
            var allow = Allow("\"*\"", action: "[\"lambda:InvokeFunction\",\"lambda:InvokeFunctionUrl\"]");
            var statement = Assert.Single(Analyze(allow + "," + Deny(action: "\"lambda:InvokeFunction\"")).Statements);
            Assert.Equal(AccessClassification.Public, statement.Classification);
            Assert.Equal(new[] { "lambda:InvokeFunctionUrl" }, statement.Actions);
            var both = allow + "," + Deny(action: "\"lambda:InvokeFunction\"") + "," + Deny(action: "\"lambda:InvokeFunctionUrl\"", sid: "D2");
            Assert.Equal(AccessClassification.Restricted, Only(Analyze(both)));
        }

        [Theory]
        [InlineData("{\"StringNotEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}", AccessClassification.Restricted)]
        [InlineData("{\"StringNotEqualsIfExists\":{\"aws:SourceVpce\":\"vpce-0a1b2c3d\"}}", AccessClassification.Restricted)]
        [InlineData("{\"StringNotEquals\":{\"aws:PrincipalAccount\":\"123456789012\"}}", AccessClassification.Restricted)]
        [InlineData("{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::123456789012:role/app\"}}", AccessClassification.Restricted)]
        [InlineData("{\"NotIpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\"]}}", AccessClassification.Restricted)]
        [InlineData("{\"StringNotEquals\":{\"aws:PrincipalAccount\":\"210987654321\"}}", AccessClassification.CrossAccount)]
        [InlineData("{\"StringNotLike\":{\"aws:PrincipalOrgID\":\"o-*\"}}", AccessClassification.Public)]
        [InlineData("{\"NotIpAddress\":{\"aws:SourceIp\":[\"0.0.0.0/0\"]}}", AccessClassification.Public)]
        [InlineData("{\"Bool\":{\"aws:SecureTransport\":\"false\"}}", AccessClassification.Public)]
        [InlineData("{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}", AccessClassification.Public)]
        [InlineData("{\"StringNotEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"},\"Bool\":{\"aws:SecureTransport\":\"false\"}}", AccessClassification.Public)]
        public void Analyze_ConditionalPublicDeny_NeutralisesOnlyWhenItDeniesEveryoneOutside(string condition, AccessClassification expected)
            => Assert.Equal(expected, Only(Analyze(Allow("\"*\"") + "," + Deny(condition: condition))));

        [Fact]
        public void Analyze_DenyForOneNamedPrincipal_DoesNotNeutralise()
            => Assert.Equal(AccessClassification.Public, Only(Analyze(Allow("\"*\"") + "," + Deny(principal: "{\"AWS\":\"arn:aws:iam::210987654321:root\"}"))));

        [Fact]
        public void Analyze_DenyWithNotPrincipalOwnAccount_RestrictsToThatAccount()
        {
            var deny = "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"lambda:*\",\"Resource\":\"*\"}";
            Assert.Equal(AccessClassification.Restricted, Only(Analyze(Allow("\"*\"") + "," + deny)));
        }

        [Fact]
        public void Analyze_ConditionalDeny_ReasonNamesTheDeny()
        {
            var principal = Analyze(Allow("\"*\"") + "," + Deny(condition: "{\"StringNotEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}", sid: "OrgOnly"))
                .Statements[0].Principals[0];
            Assert.Contains("Statement 'OrgOnly'", principal.Reason);
            Assert.Contains("o-a1b2c3d4e5", principal.Reason);
        }

        // ---------------- service principals ----------------

        [Theory]
        [InlineData("sns.amazonaws.com", null, AccessClassification.ServiceUnscoped)]
        [InlineData("sns.amazonaws.com", "{\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:sns:us-east-1:123456789012:orders\"}}", AccessClassification.Restricted)]
        [InlineData("events.amazonaws.com", "{\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}", AccessClassification.Restricted)]
        [InlineData("apigateway.amazonaws.com", "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:execute-api:us-east-1:123456789012:a1b2c3/*/GET/pets\"}}", AccessClassification.Restricted)]
        [InlineData("apigateway.amazonaws.com", "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:execute-api:us-east-1:*:*\"}}", AccessClassification.ServiceUnscoped)]
        [InlineData("events.amazonaws.com", "{\"StringLike\":{\"aws:SourceAccount\":\"1234*\"}}", AccessClassification.ServiceUnscoped)]
        [InlineData("events.amazonaws.com", "{\"StringEqualsIfExists\":{\"aws:SourceAccount\":\"123456789012\"}}", AccessClassification.ServiceUnscoped)]
        [InlineData("events.amazonaws.com", "{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}", AccessClassification.ServiceUnscoped)]
        [InlineData("s3.amazonaws.com", null, AccessClassification.ServiceUnscoped)]
        [InlineData("s3.amazonaws.com", "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:s3:::orders-upload\"}}", AccessClassification.ServiceUnscoped)]
        [InlineData("s3.amazonaws.com", "{\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}", AccessClassification.Restricted)]
        [InlineData("s3.amazonaws.com", "{\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"},\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:s3:::orders-upload\"}}", AccessClassification.Restricted)]
        [InlineData("sns.amazonaws.com", "{\"StringEquals\":{\"aws:SourceAccount\":\"210987654321\"}}", AccessClassification.CrossAccount)]
        [InlineData("sns.amazonaws.com", "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:210987654321:orders\"}}", AccessClassification.CrossAccount)]
        public void Analyze_ServicePrincipal_NeedsAFixedSourceArnOrSourceAccount(string service, string? condition, AccessClassification expected)
            => Assert.Equal(expected, Only(Analyze(Allow("{\"Service\":\"" + service + "\"}", condition))));

        [Fact]
        public void Analyze_S3WithoutSourceAccount_ReasonExplainsBucketArns()
        {
            var principal = Analyze(Allow("{\"Service\":\"s3.amazonaws.com\"}", "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:s3:::orders\"}}")).Statements[0].Principals[0];
            Assert.Equal("s3.amazonaws.com", principal.Value);
            Assert.Contains("aws:SourceAccount", principal.Reason);
            Assert.Contains("bucket", principal.Reason);
        }

        [Fact]
        public void Analyze_ServicePrincipalUnderUnconditionalDeny_IsRestricted()
            => Assert.Equal(AccessClassification.Restricted, Only(Analyze(Allow("{\"Service\":\"sns.amazonaws.com\"}") + "," + Deny())));

        // ---------------- cross-account ----------------

        [Theory]
        [InlineData("{\"AWS\":\"arn:aws:iam::210987654321:root\"}")]
        [InlineData("{\"AWS\":\"210987654321\"}")]
        [InlineData("{\"AWS\":\"arn:aws:iam::210987654321:role/partner\"}")]
        [InlineData("{\"Federated\":\"arn:aws:iam::210987654321:saml-provider/corp\"}")]
        public void Analyze_ForeignAccountPrincipal_IsCrossAccount(string principal)
        {
            var statement = Assert.Single(Analyze(Allow(principal)).Statements);
            Assert.Equal(AccessClassification.CrossAccount, statement.Classification);
            Assert.Equal(new[] { Foreign }, statement.Principals[0].ForeignAccounts);
            Assert.Contains(Foreign, statement.Principals[0].Reason);
        }

        [Fact]
        public void Analyze_TrustedForeignAccount_IsRestricted()
        {
            var options = new ResourceAccessOptions { Actions = LambdaActions, TrustedAccountIds = new[] { Foreign } };
            Assert.Equal(AccessClassification.Restricted, Only(Analyze(Allow("{\"AWS\":\"arn:aws:iam::210987654321:root\"}"), options)));
            Assert.Equal(AccessClassification.Restricted, Only(Analyze(Allow("\"*\"", "{\"StringEquals\":{\"aws:SourceAccount\":\"210987654321\"}}"), options)));
        }

        [Fact]
        public void Analyze_CrossAccountAllowed_TurnsForeignGrantsIntoRestricted()
        {
            var options = new ResourceAccessOptions { Actions = LambdaActions, CrossAccountAllowed = true };
            Assert.Equal(AccessClassification.Restricted, Only(Analyze(Allow("{\"AWS\":\"arn:aws:iam::210987654321:root\"}"), options)));
            Assert.Equal(AccessClassification.Restricted, Only(Analyze(Allow("\"*\"", "{\"StringEquals\":{\"aws:SourceAccount\":\"210987654321\"}}"), options)));
            Assert.Equal(AccessClassification.Public, Only(Analyze(Allow("\"*\""), options)));
        }

        [Theory]
        [InlineData("{\"StringEquals\":{\"aws:SourceAccount\":\"210987654321\"}}", AccessClassification.CrossAccount)]
        [InlineData("{\"StringEquals\":{\"aws:PrincipalAccount\":\"210987654321\"}}", AccessClassification.CrossAccount)]
        [InlineData("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::210987654321:role/partner\"}}", AccessClassification.CrossAccount)]
        [InlineData("{\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}", AccessClassification.Restricted)]
        [InlineData("{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}", AccessClassification.Restricted)]
        [InlineData("{\"StringEquals\":{\"aws:SourceAccount\":\"210987654321\",\"aws:PrincipalAccount\":\"123456789012\"}}", AccessClassification.Restricted)]
        public void Analyze_PublicLimitedByConditionNamingAnAccount_IsCrossAccountOnlyWhenForeign(string condition, AccessClassification expected)
            => Assert.Equal(expected, Only(Analyze(Allow("\"*\"", condition))));

        [Fact]
        public void Analyze_UniqueIdPrincipal_NamesNoAccountAndIsRestricted()
            => Assert.Equal(AccessClassification.Restricted, Only(Analyze(Allow("{\"AWS\":\"AROAEXAMPLEID1234567\"}"))));

        // ---------------- Secrets Manager shapes ----------------

        [Fact]
        public void Analyze_SecretPolicy_PublicGetSecretValueIsPublicAndOtherServicesAreIgnored()
        {
            const string secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf";
            var options = new ResourceAccessOptions { Actions = new[] { "secretsmanager:*" }, CrossAccountAllowed = true };
            var policy = "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\"}";
            Assert.Equal(AccessClassification.Public, Only(Analyze(policy, options, secret)));
            var other = "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}";
            Assert.Empty(Analyze(other, options, secret).Statements);
            var deny = "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"secretsmanager:*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalAccount\":\"123456789012\"}}}";
            Assert.Equal(AccessClassification.Restricted, Only(Analyze(policy + "," + deny, options, secret)));
        }

        [Fact]
        public void Worst_OverStatements_IsTheHighestClassification()
        {
            var report = Analyze(Allow("{\"AWS\":\"arn:aws:iam::123456789012:root\"}") + "," + Allow("{\"Service\":\"sns.amazonaws.com\"}", sid: "S2"));
            Assert.Equal(AccessClassification.ServiceUnscoped, report.Worst);
            Assert.Single(report.WithPrincipals(AccessClassification.ServiceUnscoped));
        }
    }
}
