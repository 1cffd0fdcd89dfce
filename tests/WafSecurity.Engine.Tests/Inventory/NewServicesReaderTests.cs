using System;
using System.Linq;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Tests.Inventory
{
    /// <summary>
    /// iam GetServiceLastAccessedDetails, backup ListProtectedResources and dax DescribeClusters: the CLI documents mapped
    /// to the model, and how the reader treats missing, failed and unusable files.
    /// </summary>
    public class NewServicesReaderTests
    {
        private const string Functions = @"{""Functions"":[{""FunctionName"":""orders-api"",""FunctionArn"":""arn:aws:lambda:us-east-1:123456789012:function:orders-api"",
            ""Role"":""arn:aws:iam::123456789012:role/orders-api-role""}]}";
        private const string Iam = @"{""UserDetailList"":[],""GroupDetailList"":[],""RoleDetailList"":[],""Policies"":[]}";
        private const string LastAccessed = @"{""JobStatus"":""COMPLETED"",""JobType"":""ACTION_LEVEL"",""JobCreationDate"":""2026-11-27T09:58:01.123000+00:00"",
  ""ServicesLastAccessed"":[
    {""ServiceName"":""Amazon S3"",""ServiceNamespace"":""s3"",""LastAuthenticated"":""2026-11-25T08:15:00+00:00"",""TotalAuthenticatedEntities"":1,
     ""TrackedActionsLastAccessed"":[{""ActionName"":""GetObject"",""LastAccessedTime"":""2026-11-25T08:15:00+00:00"",""LastAccessedRegion"":""us-east-1""},{""ActionName"":""PutObject""}]},
    {""ServiceName"":""Amazon SQS"",""ServiceNamespace"":""sqs"",""TotalAuthenticatedEntities"":0}],
  ""JobCompletionDate"":""2026-11-27T09:58:03.456000+00:00""}";

        [Fact]
        public void Read_LastAccessed_MapsServicesAndTrackedActions()
        {
            using var snap = new TempSnapshot().Write("global/iam/GetAccountAuthorizationDetails.json", Iam)
                .Write("us-east-1/lambda/ListFunctions.json", Functions)
                .Write("global/iam/GetServiceLastAccessedDetails/orders-api-role.json", LastAccessed);
            var inventory = SnapshotReader.Read(snap.Root);

            Assert.True(inventory.LastAccessedCollected);
            var report = inventory.LastAccessedOf("orders-api-role");
            Assert.Equal(FetchState.Ok, report.State);
            Assert.Equal("ACTION_LEVEL", report.Value!.JobType);
            Assert.Equal(new DateTimeOffset(2026, 11, 27, 9, 58, 3, 456, TimeSpan.Zero), report.Value.JobCompletionDate);
            var s3 = report.Value.Services[0];
            Assert.Equal(("s3", "Amazon S3", 1), (s3.ServiceNamespace, s3.ServiceName, s3.TotalAuthenticatedEntities));
            Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 15, 0, TimeSpan.Zero), s3.LastAuthenticated);
            Assert.Equal(new[] { "GetObject", "PutObject" }, s3.TrackedActions.Select(a => a.ActionName));
            Assert.Null(s3.TrackedActions[1].LastAccessedTime);
            var sqs = report.Value.Services[1];
            Assert.Null(sqs.LastAuthenticated);
            Assert.Empty(sqs.TrackedActions);
            Assert.DoesNotContain(inventory.Issues, i => i.Target.Contains("LastAccessed"));
        }

        [Fact]
        public void Read_LastAccessedFolderButNoFileForARole_NotCollectedNamingBothActions()
        {
            using var snap = new TempSnapshot().Write("global/iam/GetAccountAuthorizationDetails.json", Iam)
                .Write("us-east-1/lambda/ListFunctions.json", Functions)
                .Write("global/iam/GetServiceLastAccessedDetails/other-role.json", LastAccessed);
            var inventory = SnapshotReader.Read(snap.Root);

            var report = inventory.LastAccessedOf("orders-api-role");
            Assert.Equal(FetchState.NotCollected, report.State);
            Assert.Contains("iam:GenerateServiceLastAccessedDetails", report.Error!.IamAction);
            Assert.Contains("iam:GetServiceLastAccessedDetails", report.Error.IamAction);
            Assert.Equal("global/iam/GetServiceLastAccessedDetails/orders-api-role.json", report.Error.Source);
        }

        [Fact]
        public void Read_NoLastAccessedFolder_WarnedOnceAndNotCollected()
        {
            using var snap = new TempSnapshot().Write("global/iam/GetAccountAuthorizationDetails.json", Iam)
                .Write("us-east-1/lambda/ListFunctions.json", Functions);
            var inventory = SnapshotReader.Read(snap.Root);

            Assert.False(inventory.LastAccessedCollected);
            var warning = Assert.Single(inventory.Issues, i => i.Target == "global/iam/GetServiceLastAccessedDetails");
            Assert.Equal(IssueKind.Warning, warning.Kind);
            Assert.Equal("WafSecurity.ServiceNotCollected", warning.ErrorId);
        }

        [Fact]
        public void Read_NoLastAccessedFolderAndNoFunctions_NoWarning()
        {
            using var snap = new TempSnapshot().Write("global/iam/GetAccountAuthorizationDetails.json", Iam)
                .Write("us-east-1/lambda/ListFunctions.json", @"{""Functions"":[]}");
            Assert.DoesNotContain(SnapshotReader.Read(snap.Root).Issues, i => i.Target.Contains("LastAccessed"));
        }

        [Theory]
        [InlineData(@"{""JobStatus"":""IN_PROGRESS"",""JobType"":""ACTION_LEVEL"",""ServicesLastAccessed"":[]}", "IN_PROGRESS")]
        [InlineData(@"{""JobStatus"":""FAILED"",""ServicesLastAccessed"":[],""Error"":{""Code"":""ServiceFailure"",""Message"":""x""}}", "ServiceFailure")]
        [InlineData(@"{""JobStatus"":""COMPLETED"",""ServicesLastAccessed"":[{""ServiceName"":""Amazon S3""}]}", "ServiceNamespace")]
        [InlineData(@"{""JobStatus"":""COMPLETED"",""ServicesLastAccessed"":{}}", "ServicesLastAccessed")]
        public void Read_UnusableLastAccessedAnswer_FailedInvalidShapeNamingTheProblem(string document, string named)
        {
            using var snap = new TempSnapshot().Write("global/iam/GetAccountAuthorizationDetails.json", Iam)
                .Write("global/iam/GetServiceLastAccessedDetails/orders-api-role.json", document);
            var inventory = SnapshotReader.Read(snap.Root);

            var report = inventory.LastAccessedOf("orders-api-role");
            Assert.Equal(FetchState.Failed, report.State);
            Assert.Equal("InvalidShape", report.Error!.Code);
            Assert.Contains(named, report.Error.Message);
            Assert.Contains(inventory.Issues, i => i.Kind == IssueKind.Error && i.Target == "global/iam/GetServiceLastAccessedDetails/orders-api-role.json");
        }

        [Fact]
        public void Read_LastAccessedErrorFile_FailedWithItsCode()
        {
            using var snap = new TempSnapshot().Write("global/iam/GetAccountAuthorizationDetails.json", Iam)
                .Write("global/iam/GetServiceLastAccessedDetails/orders-api-role.error.json", @"{""Code"":""JobTimeout"",""Message"":""still IN_PROGRESS"",""HttpStatus"":null}");
            var report = SnapshotReader.Read(snap.Root).LastAccessedOf("orders-api-role");
            Assert.Equal(FetchState.Failed, report.State);
            Assert.Equal("JobTimeout", report.Error!.Code);
        }

        [Fact]
        public void Read_ProtectedResourcesAndDaxClusters_MapEveryFieldTheRulesRead()
        {
            using var snap = new TempSnapshot()
                .Write("us-east-1/backup/ListProtectedResources.json", @"{""Results"":[{""ResourceArn"":""arn:aws:dynamodb:us-east-1:123456789012:table/orders"",
                    ""ResourceType"":""DynamoDB"",""ResourceName"":""orders"",""LastBackupTime"":1795752000.5,""LastBackupVaultArn"":""arn:aws:backup:us-east-1:123456789012:backup-vault:Default""}]}")
                .Write("us-east-1/dax/DescribeClusters.json", @"{""Clusters"":[
                    {""ClusterName"":""orders-cache"",""ClusterArn"":""arn:aws:dax:us-east-1:123456789012:cache/orders-cache"",""Status"":""available"",
                     ""SSEDescription"":{""Status"":""ENABLED""},""ClusterEndpointEncryptionType"":""TLS""},
                    {""ClusterName"":""old-cache"",""Status"":""available""}]}");
            var region = SnapshotReader.Read(snap.Root).Regions.Single();

            var resource = Assert.Single(region.ProtectedResources.Value!);
            Assert.Equal(("arn:aws:dynamodb:us-east-1:123456789012:table/orders", "DynamoDB"), (resource.ResourceArn, resource.ResourceType));
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795752000500), resource.LastBackupTime);
            var clusters = region.DaxClusters.Value!;
            Assert.Equal(("orders-cache", "ENABLED", "TLS", "available"), (clusters[0].ClusterName, clusters[0].SseStatus, clusters[0].EndpointEncryptionType, clusters[0].Status));
            Assert.Equal("arn:aws:dax:us-east-1:123456789012:cache/orders-cache", clusters[0].ClusterArn);
            Assert.Equal(("old-cache", (string?)null, (string?)null), (clusters[1].ClusterName, clusters[1].SseStatus, clusters[1].EndpointEncryptionType));
        }

        [Theory]
        [InlineData("us-east-1/backup/ListProtectedResources.json", @"{""Results"":[{""ResourceType"":""DynamoDB""}]}", "ResourceArn")]
        [InlineData("us-east-1/dax/DescribeClusters.json", @"{""Clusters"":[{""ClusterArn"":""arn:aws:dax:us-east-1:1:cache/x""}]}", "ClusterName")]
        [InlineData("us-east-1/dax/DescribeClusters.json", @"{""Clusters"":[{""ClusterName"":""x"",""SSEDescription"":""ENABLED""}]}", "SSEDescription")]
        public void Read_WrongShape_FailedNamingTheMember(string path, string document, string member)
        {
            using var snap = new TempSnapshot().Write(path, document);
            var region = SnapshotReader.Read(snap.Root).Regions.Single();
            var error = path.Contains("/backup/") ? region.ProtectedResources.Error : region.DaxClusters.Error;
            Assert.Equal("InvalidShape", error!.Code);
            Assert.Contains(member, error.Message);
        }

        [Fact]
        public void Read_BackupAndDaxMissing_NotCollectedWarnedOncePerRegionAndService()
        {
            using var snap = new TempSnapshot().Write("us-east-1/dynamodb/ListTables.json", "{\"TableNames\":[]}")
                .Write("eu-west-1/dynamodb/ListTables.json", "{\"TableNames\":[]}")
                .Write("eu-west-1/backup/ListProtectedResources.json", "{\"Results\":[]}");
            var inventory = SnapshotReader.Read(snap.Root);

            var east = inventory.Regions.Single(r => r.Region == "us-east-1");
            Assert.Equal(FetchState.NotCollected, east.ProtectedResources.State);
            Assert.Equal("backup:ListProtectedResources", east.ProtectedResources.Error!.IamAction);
            Assert.Equal("dax:DescribeClusters", east.DaxClusters.Error!.IamAction);
            Assert.Single(inventory.Issues, i => i.Target == "us-east-1/backup");
            Assert.Single(inventory.Issues, i => i.Target == "us-east-1/dax");
            Assert.Single(inventory.Issues, i => i.Target == "eu-west-1/dax");
            Assert.DoesNotContain(inventory.Issues, i => i.Target == "eu-west-1/backup");
            Assert.Empty(inventory.Regions.Single(r => r.Region == "eu-west-1").ProtectedResources.Value!);
        }
    }
}
