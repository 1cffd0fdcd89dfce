using System.Linq;
using System.Text;
using System.Text.Json;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Secrets;

namespace WafSecurity.Engine.Tests.Inventory
{
    /// <summary>lambda Get(Function)CodeSigningConfig and stepfunctions List/DescribeStateMachine(s): CLI shapes, missing and failed files.</summary>
    public class CodeSigningAndStateMachinesTests
    {
        private const string Functions = @"{""Functions"": [
  {""FunctionName"": ""signed"", ""FunctionArn"": ""arn:aws:lambda:us-east-1:123456789012:function:signed"", ""PackageType"": ""Zip""},
  {""FunctionName"": ""unsigned"", ""FunctionArn"": ""arn:aws:lambda:us-east-1:123456789012:function:unsigned""},
  {""FunctionName"": ""image"", ""FunctionArn"": ""arn:aws:lambda:us-east-1:123456789012:function:image"", ""PackageType"": ""Image""},
  {""FunctionName"": ""missing"", ""FunctionArn"": ""arn:aws:lambda:us-east-1:123456789012:function:missing""}]}";
        private const string CscArn = "arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0a1b2c3d4e5f6a7b8";

        [Fact]
        public void Read_CodeSigning_MapsConfigsByIdAndSkipsImages()
        {
            using var snap = new TempSnapshot()
                .Write("us-east-1/lambda/ListFunctions.json", Functions)
                .Write("us-east-1/lambda/GetFunctionCodeSigningConfig/signed.json", $"{{\"CodeSigningConfigArn\": \"{CscArn}\", \"FunctionName\": \"signed\"}}")
                .Write("us-east-1/lambda/GetFunctionCodeSigningConfig/unsigned.json", "{\"CodeSigningConfigArn\": \"\", \"FunctionName\": \"unsigned\"}")
                .Write("us-east-1/lambda/GetCodeSigningConfig/csc-0a1b2c3d4e5f6a7b8.json", $@"{{""CodeSigningConfig"": {{""CodeSigningConfigId"": ""csc-0a1b2c3d4e5f6a7b8"",
                    ""CodeSigningConfigArn"": ""{CscArn}"", ""AllowedPublishers"": {{""SigningProfileVersionArns"": [""arn:aws:signer:us-east-1:123456789012:/signing-profiles/p/v1""]}},
                    ""CodeSigningPolicies"": {{""UntrustedArtifactOnDeployment"": ""Enforce""}}, ""LastModified"": ""2026-11-01T09:30:00.000+0000""}}}}");
            var region = SnapshotReader.Read(snap.Root).Regions.Single();
            var byName = region.Functions.Value!.ToDictionary(f => f.FunctionName);

            Assert.Equal("csc-0a1b2c3d4e5f6a7b8", byName["signed"].CodeSigning.Value!.CodeSigningConfigId);
            Assert.Null(byName["unsigned"].CodeSigning.Value!.CodeSigningConfigArn);
            Assert.Equal(FetchState.Absent, byName["image"].CodeSigning.State);
            Assert.Equal(FetchState.NotCollected, byName["missing"].CodeSigning.State);
            Assert.Equal("lambda:GetFunctionCodeSigningConfig", byName["missing"].CodeSigning.Error!.IamAction);
            var config = Assert.Single(region.CodeSigningConfigs).Value.Value!;
            Assert.True(config.Enforces);
            Assert.Equal(new[] { "arn:aws:signer:us-east-1:123456789012:/signing-profiles/p/v1" }, config.SigningProfileVersionArns);
        }

        [Fact]
        public void Read_CodeSigningConfigWithoutPolicy_IsWarnAndMissingConfigNotCollected()
        {
            using var snap = new TempSnapshot()
                .Write("us-east-1/lambda/ListFunctions.json", Functions)
                .Write("us-east-1/lambda/GetFunctionCodeSigningConfig/signed.json", $"{{\"CodeSigningConfigArn\": \"{CscArn}\", \"FunctionName\": \"signed\"}}")
                .Write("us-east-1/lambda/GetFunctionCodeSigningConfig/unsigned.json",
                    "{\"CodeSigningConfigArn\": \"arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-1b2c3d4e5f6a7b8c9\", \"FunctionName\": \"unsigned\"}")
                .Write("us-east-1/lambda/GetCodeSigningConfig/csc-0a1b2c3d4e5f6a7b8.json", $"{{\"CodeSigningConfig\": {{\"CodeSigningConfigArn\": \"{CscArn}\"}}}}");
            var configs = SnapshotReader.Read(snap.Root).Regions.Single().CodeSigningConfigs;
            Assert.Equal("Warn", configs["csc-0a1b2c3d4e5f6a7b8"].Value!.UntrustedArtifactOnDeployment);
            Assert.Equal(FetchState.NotCollected, configs["csc-1b2c3d4e5f6a7b8c9"].State);
        }

        private const string Machines = @"{""stateMachines"": [
  {""stateMachineArn"": ""arn:aws:states:us-east-1:123456789012:stateMachine:orders"", ""name"": ""orders"", ""type"": ""STANDARD"", ""creationDate"": 1793525400},
  {""stateMachineArn"": ""arn:aws:states:us-east-1:123456789012:stateMachine:denied"", ""name"": ""denied"", ""type"": ""EXPRESS"", ""creationDate"": 1793525400},
  {""stateMachineArn"": ""arn:aws:states:us-east-1:123456789012:stateMachine:gone"", ""name"": ""gone"", ""type"": ""STANDARD"", ""creationDate"": 1793525400}]}";

        [Fact]
        public void Read_StateMachines_DescriptionOkFailedOrNotCollected()
        {
            using var snap = new TempSnapshot()
                .Write("us-east-1/stepfunctions/ListStateMachines.json", Machines)
                .Write("us-east-1/stepfunctions/DescribeStateMachine/orders.json", @"{""stateMachineArn"": ""arn:aws:states:us-east-1:123456789012:stateMachine:orders"",
                    ""name"": ""orders"", ""status"": ""ACTIVE"", ""definition"": ""{\""StartAt\"": \""A\"", \""States\"": {\""A\"": {\""Type\"": \""Succeed\""}}}"",
                    ""roleArn"": ""arn:aws:iam::123456789012:role/orders-sfn"", ""type"": ""STANDARD"", ""creationDate"": 1793525400}")
                .Write("us-east-1/stepfunctions/DescribeStateMachine/denied.error.json", "{\"Code\": \"AccessDeniedException\", \"Message\": \"denied\", \"HttpStatus\": 400}");
            var region = SnapshotReader.Read(snap.Root).Regions.Single();
            var byName = region.StateMachines.Value!.ToDictionary(m => m.Name);
            Assert.Equal("STANDARD", byName["orders"].Type);
            Assert.Equal("arn:aws:iam::123456789012:role/orders-sfn", byName["orders"].Description.Value!.RoleArn);
            Assert.StartsWith("{\"StartAt\"", byName["orders"].Description.Value!.Definition);
            Assert.Equal(FetchState.Failed, byName["denied"].Description.State);
            Assert.Equal("AccessDeniedException", byName["denied"].Description.Error!.Code);
            Assert.Equal(FetchState.NotCollected, byName["gone"].Description.State);
            Assert.Equal("states:DescribeStateMachine", byName["gone"].Description.Error!.IamAction);
        }

        [Fact]
        public void Read_NoListStateMachines_WarnedOncePerRegion()
        {
            using var snap = new TempSnapshot().Write("us-east-1/dynamodb/ListTables.json", "{\"TableNames\":[]}");
            var inventory = SnapshotReader.Read(snap.Root);
            Assert.Equal(FetchState.NotCollected, inventory.Regions.Single().StateMachines.State);
            Assert.Single(inventory.Issues, i => i.Target == "us-east-1/stepfunctions");
        }

        [Fact]
        public void RedactDefinition_FlaggedValue_ReplacedInsideTheDefinitionTextWhichStaysJson()
        {
            var definition = "{\"StartAt\":\"CallApi\",\"States\":{\"CallApi\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::http:invoke\"," +
                             "\"Parameters\":{\"Headers\":{\"Authorization\":\"Bearer tok_live_5f2b8c1e9a7d4036x\",\"Accept\":\"application/json\"}},\"End\":true}}}";
            var document = JsonSerializer.Serialize(new { stateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:x", name = "x", definition });

            var (content, count) = SnapshotWriter.RedactDefinition(Encoding.UTF8.GetBytes(document), SecretDetector.Default);

            Assert.Equal(1, count);
            var text = Encoding.UTF8.GetString(content!);
            Assert.DoesNotContain("tok_live_5f2b8c1e9a7d4036x", text);
            var redacted = JsonDocument.Parse(JsonDocument.Parse(text).RootElement.GetProperty("definition").GetString()!).RootElement;
            var header = redacted.GetProperty("States").GetProperty("CallApi").GetProperty("Parameters").GetProperty("Headers");
            Assert.StartsWith("[REDACTED:", header.GetProperty("Authorization").GetString());
            Assert.Equal("application/json", header.GetProperty("Accept").GetString());
            // The marker still counts as a detected secret, so the audit of the snapshot gives the same verdict.
            Assert.Single(DefinitionSecrets.Scan(redacted.GetRawText(), SecretDetector.Default));
            Assert.Equal((null, 0), SnapshotWriter.RedactDefinition(Encoding.UTF8.GetBytes("{\"definition\":\"{\\\"StartAt\\\":\\\"A\\\"}\"}"), SecretDetector.Default));
        }
    }
}
