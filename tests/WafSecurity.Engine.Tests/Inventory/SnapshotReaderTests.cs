using System.Linq;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Tests.Inventory
{
    public class SnapshotReaderTests
    {
        private const string OneFunction = "{\"Functions\":[{\"FunctionName\":\"orders\",\"FunctionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:orders\"," +
                                           "\"Runtime\":\"python3.12\",\"Role\":\"arn:aws:iam::123456789012:role/orders\",\"LastModified\":\"2026-01-05T10:00:00.000+0000\"}]}";

        [Fact]
        public void Read_FunctionWithoutPolicyFile_PolicyIsAbsent()
        {
            using var snap = new TempSnapshot().Write("us-east-1/lambda/ListFunctions.json", OneFunction);
            var inventory = SnapshotReader.Read(snap.Root);
            var function = Assert.Single(inventory.Regions.Single().Functions.Value!);
            Assert.Equal(FetchState.Absent, function.Policy.State);
            Assert.Equal(2026, function.LastModified!.Value.Year);
            Assert.DoesNotContain(inventory.Issues, i => i.Kind == IssueKind.Error);
        }

        [Fact]
        public void Read_ErrorFile_GivesFailedStateWithCodeAndAction()
        {
            using var snap = new TempSnapshot().Write("us-east-1/lambda/ListFunctions.json", OneFunction)
                .Write("us-east-1/lambda/GetPolicy/orders.error.json", "{\"Code\":\"AccessDeniedException\",\"Message\":\"not allowed\",\"HttpStatus\":403}");
            var function = SnapshotReader.Read(snap.Root).Regions.Single().Functions.Value!.Single();
            Assert.Equal(FetchState.Failed, function.Policy.State);
            Assert.Equal("AccessDeniedException", function.Policy.Error!.Code);
            Assert.Equal("lambda:GetPolicy", function.Policy.Error.IamAction);
            Assert.Equal(403, function.Policy.Error.HttpStatus);
        }

        [Fact]
        public void Read_TruncatedJson_ReportsFileAndContinuesWithOtherServices()
        {
            using var snap = new TempSnapshot()
                .Write("us-east-1/lambda/ListFunctions.json", "{\"Functions\":[{\"FunctionName\":\"orders\"")
                .Write("us-east-1/dynamodb/ListTables.json", "{\"TableNames\":[\"orders\"]}");
            var inventory = SnapshotReader.Read(snap.Root);
            var region = inventory.Regions.Single();
            Assert.Equal(FetchState.Failed, region.Functions.State);
            Assert.Equal("MalformedJson", region.Functions.Error!.Code);
            var issue = Assert.Single(inventory.Issues, i => i.Kind == IssueKind.Error);
            Assert.Equal("WafSecurity.SnapshotParse", issue.ErrorId);
            Assert.Contains("us-east-1/lambda/ListFunctions.json", issue.Message);
            Assert.True(region.Tables.IsOk);
        }

        [Fact]
        public void Read_WrongShape_ReportsWhatWasExpected()
        {
            using var snap = new TempSnapshot().Write("us-east-1/lambda/ListFunctions.json", "{\"Functions\":{\"FunctionName\":\"x\"}}");
            var inventory = SnapshotReader.Read(snap.Root);
            Assert.Equal("InvalidShape", inventory.Regions.Single().Functions.Error!.Code);
            Assert.Contains("'Functions' must be an array", inventory.Issues.Single(i => i.Kind == IssueKind.Error).Message);
        }

        [Fact]
        public void Read_MemberNamesInOtherCase_AreMatched()
        {
            using var snap = new TempSnapshot().Write("us-east-1/lambda/ListFunctions.json",
                "{\"functions\":[{\"functionName\":\"orders\",\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:orders\"}]}");
            Assert.Equal("orders", SnapshotReader.Read(snap.Root).Regions.Single().Functions.Value!.Single().FunctionName);
        }

        [Fact]
        public void Read_MissingListFile_WarnsOncePerServiceAndRegion()
        {
            using var snap = new TempSnapshot().Write("eu-west-1/lambda/ListFunctions.json", "{\"Functions\":[]}");
            var inventory = SnapshotReader.Read(snap.Root);
            var region = inventory.Regions.Single();
            Assert.Equal(FetchState.NotCollected, region.Tables.State);
            Assert.Single(inventory.Issues, i => i.Kind == IssueKind.Warning && i.Target == "eu-west-1/dynamodb");
        }

        [Fact]
        public void Read_EscapedSecretName_FindsItsPolicy()
        {
            using var snap = new TempSnapshot()
                .Write("us-east-1/secretsmanager/ListSecrets.json",
                    "{\"SecretList\":[{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-password-AbCdEf\",\"Name\":\"app/db-password\"}]}")
                .Write("us-east-1/secretsmanager/GetResourcePolicy/app%2Fdb-password.json",
                    "{\"Name\":\"app/db-password\",\"ResourcePolicy\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":\\\"secretsmanager:GetSecretValue\\\",\\\"Resource\\\":\\\"*\\\"}]}\"}");
            var secret = SnapshotReader.Read(snap.Root).Regions.Single().Secrets.Value!.Single();
            Assert.True(secret.ResourcePolicy.IsOk);
            Assert.True(secret.ResourcePolicy.Value!.Document.Statements.Single().Principal!.IsWildcardString);
        }

        [Fact]
        public void Read_QualifiedPolicies_AreKeyedByQualifier()
        {
            const string policy = "{\"Policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Sid\\\":\\\"s\\\",\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":\\\"lambda:InvokeFunction\\\",\\\"Resource\\\":\\\"*\\\"}]}\",\"RevisionId\":\"1\"}";
            using var snap = new TempSnapshot().Write("us-east-1/lambda/ListFunctions.json", OneFunction)
                .Write("us-east-1/lambda/GetPolicy/orders@live.json", policy)
                .Write("us-east-1/lambda/GetPolicy/orders@3.error.json", "{\"Code\":\"AccessDeniedException\",\"Message\":\"no\"}");
            var function = SnapshotReader.Read(snap.Root).Regions.Single().Functions.Value!.Single();
            Assert.Equal(FetchState.Absent, function.Policy.State);
            Assert.True(function.QualifiedPolicies["live"].IsOk);
            Assert.Equal(FetchState.Failed, function.QualifiedPolicies["3"].State);
        }

        [Fact]
        public void Read_IamPoliciesUrlEncodedOrObjects_BothParse_AndABadOneFailsAlone()
        {
            const string iam = "{\"RoleDetailList\":[{\"Arn\":\"arn:aws:iam::123456789012:role/a\",\"RoleName\":\"a\"," +
                "\"AssumeRolePolicyDocument\":\"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22lambda.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D\"," +
                "\"RolePolicyList\":[{\"PolicyName\":\"good\",\"PolicyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}}," +
                "{\"PolicyName\":\"bad\",\"PolicyDocument\":{\"Foo\":1}}]}],\"Policies\":[]}";
            using var snap = new TempSnapshot().Write("global/iam/GetAccountAuthorizationDetails.json", iam);
            var inventory = SnapshotReader.Read(snap.Root);
            var role = inventory.Iam.Value!.Roles.Single();
            Assert.True(role.TrustPolicy.IsOk);
            Assert.Equal("lambda.amazonaws.com", role.TrustPolicy.Value!.Statements.Single().Principal!.Of("Service").Single());
            Assert.True(role.InlinePolicies[0].Document.IsOk);
            Assert.Equal(FetchState.Failed, role.InlinePolicies[1].Document.State);
            Assert.Contains(inventory.Issues, i => i.ErrorId == "WafSecurity.InvalidPolicy" && i.Message.Contains("inline policy bad"));
        }

        [Fact]
        public void Read_RegionsOption_ReadsOnlyThoseRegions()
        {
            using var snap = new TempSnapshot().Write("us-east-1/lambda/ListFunctions.json", OneFunction)
                .Write("eu-west-1/lambda/ListFunctions.json", "{\"Functions\":[]}");
            var inventory = SnapshotReader.Read(snap.Root, new SnapshotReadOptions { Regions = new[] { "eu-west-1" } });
            Assert.Equal("eu-west-1", inventory.Regions.Single().Region);
        }

        [Fact]
        public void Read_MissingAccountJson_ReportsAndInfersAccountFromArns()
        {
            using var snap = new TempSnapshot(accountJson: null!).Write("us-east-1/lambda/ListFunctions.json", OneFunction);
            var inventory = SnapshotReader.Read(snap.Root);
            Assert.Equal("123456789012", inventory.Account.AccountId);
            Assert.Contains(inventory.Issues, i => i.Target == "account.json");
        }

        [Fact]
        public void Read_NoFolder_Throws()
            => Assert.Throws<SnapshotNotFoundException>(() => SnapshotReader.Read("/nonexistent/snapshot/folder"));
    }
}
