using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules;

namespace WafSecurity.Engine.Tests.Rules
{
    /// <summary>Builds small in-memory inventories and runs one rule over them (passed findings included).</summary>
    internal static class RuleTestInventory
    {
        public const string Account = "123456789012";
        public static readonly DateTimeOffset CapturedAt = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

        public static AwsInventory Snapshot(params RegionInventory[] regions) => new AwsInventory
        {
            Account = new AccountInfo { AccountId = Account, Regions = regions.Select(r => r.Region).ToList(), CapturedAt = CapturedAt },
            Regions = regions,
        };

        public static RegionInventory Region(string name, params LambdaFunction[] functions)
            => new RegionInventory(name) { Functions = Fetched<IReadOnlyList<LambdaFunction>>.Ok(functions) };

        public static LambdaFunction Function(string name, string region = "us-east-1", string? role = null, string? runtime = "python3.13",
            IDictionary<string, string>? environment = null) => new LambdaFunction
        {
            FunctionName = name,
            FunctionArn = $"arn:aws:lambda:{region}:{Account}:function:{name}",
            Role = role,
            Runtime = runtime,
            PackageType = "Zip",
            EnvironmentVariables = environment == null ? new Dictionary<string, string>() : new Dictionary<string, string>(environment),
        };

        public static CallError AccessDenied(string operation, string action)
            => new CallError("AccessDeniedException", "User is not authorized", operation, action, null, 403);

        public static List<WafFinding> Run(string ruleId, AwsInventory inventory, IDictionary<string, object?>? parameters = null)
        {
            var engine = new AuditEngine(new AuditOptions { Rules = new[] { ruleId }, IncludePassed = true, Parameters = parameters });
            return engine.Run(inventory).ToList();
        }

        public static WafFinding Single(IEnumerable<WafFinding> findings, string resourceName)
            => findings.Single(f => f.ResourceName == resourceName);
    }
}
