using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using WafSecurity.Engine.Iam;

namespace WafSecurity.Engine.Inventory
{
    /// <summary>Options for reading a snapshot.</summary>
    public sealed class SnapshotReadOptions
    {
        /// <summary>Only these regions (null: every region in the snapshot).</summary>
        public IReadOnlyCollection<string>? Regions { get; set; }
    }

    /// <summary>Thrown only when the folder is not a snapshot at all (broken setup: the caller terminates).</summary>
    public sealed class SnapshotNotFoundException : Exception
    {
        public SnapshotNotFoundException(string message) : base(message) { }
    }

    /// <summary>
    /// Reads a snapshot folder (snapshot-format.md) into an <see cref="AwsInventory"/>. Every unreadable file becomes one
    /// issue and a Failed state on the data it should have held; reading always goes on with the rest.
    /// </summary>
    public static partial class SnapshotReader
    {
        private static readonly Regex RegionName = new Regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", RegexOptions.CultureInvariant);

        public static AwsInventory Read(string folder, SnapshotReadOptions? options = null)
        {
            if (!Directory.Exists(folder)) throw new SnapshotNotFoundException($"The snapshot folder '{folder}' does not exist.");
            return Read(new DiskSnapshotStore(Path.GetFullPath(folder)), options);
        }

        /// <summary>
        /// Reads documents collected live (or loaded from a folder) with exactly the parser a folder goes through. Issues
        /// name paths relative to the snapshot ("us-east-1/lambda/ListFunctions.json"); <see cref="AwsInventory.Source"/>
        /// is <paramref name="sourceName"/>.
        /// </summary>
        public static AwsInventory Read(SnapshotDocuments documents, SnapshotReadOptions? options = null, string sourceName = "live")
        {
            // A virtual root: the store answers from memory and never touches this folder.
            var root = Path.Combine(Path.GetFullPath(Path.GetTempPath()), "wafsecurity-memory-snapshot");
            var inventory = Read(new MemorySnapshotStore(documents, root), options);
            inventory.Source = sourceName;
            return inventory;
        }

        private static AwsInventory Read(ISnapshotStore store, SnapshotReadOptions? options)
        {
            var root = store.Root;
            var issues = new List<InventoryIssue>();
            var files = new SnapshotFolder(store, issues);

            var account = ReadAccount(files);
            var iam = ReadIam(files);
            var s3 = ReadS3(files);
            var regionNames = DiscoverRegions(store, account, options?.Regions);
            var regions = new RegionInventory[regionNames.Count];
            // Regions are independent: read them side by side.
            System.Threading.Tasks.Parallel.For(0, regionNames.Count, i => regions[i] = ReadRegion(files, regionNames[i]));

            if (string.IsNullOrEmpty(account.AccountId)) account.AccountId = InferAccountId(iam, regions) ?? "000000000000";
            var inventory = new AwsInventory { Account = account, Iam = iam, S3 = s3, Regions = regions, Source = root };
            ReadLastAccessed(files, inventory);
            inventory.Issues = issues.OrderBy(i => i.Target, StringComparer.Ordinal).ToList();
            return inventory;
        }

        private static AccountInfo ReadAccount(SnapshotFolder files)
        {
            var path = Path.Combine(files.Root, "account.json");
            var op = new SnapshotOperation("sts", "GetCallerIdentity", "sts:GetCallerIdentity", false);
            var fetched = files.Load(path, op, CliDocuments.Account, absentWhenMissing: false);
            if (fetched.IsOk) return fetched.Value!;
            if (fetched.State == FetchState.NotCollected)
                files.Report(IssueKind.Error, "WafSecurity.SnapshotParse", "account.json",
                    "account.json is missing: the snapshot does not say which account it is; the account id is taken from resource ARNs.");
            return new AccountInfo();
        }

        private static Fetched<IamAuthorizationDetails> ReadIam(SnapshotFolder files)
        {
            var op = SnapshotOperations.IamAuthorizationDetails;
            var path = files.OperationPath("global", op);
            var fetched = files.Load(path, op,
                root => CliDocuments.AuthorizationDetails(root, (label, message) =>
                    files.Report(IssueKind.Error, "WafSecurity.InvalidPolicy", files.Relative(path), $"{files.Relative(path)}: {label} is not a valid policy: {message}")),
                absentWhenMissing: false);
            if (fetched.State == FetchState.NotCollected)
                files.Report(IssueKind.Warning, "WafSecurity.ServiceNotCollected", "global/iam",
                    "IAM was not collected (no global/iam/GetAccountAuthorizationDetails.json): rules that judge execution roles say Error.");
            return fetched;
        }

        private static List<string> DiscoverRegions(ISnapshotStore store, AccountInfo account, IReadOnlyCollection<string>? only)
        {
            var found = store.EnumerateDirectories(store.Root).Select(Path.GetFileName)
                .Where(name => name != null && RegionName.IsMatch(name)).Select(name => name!).ToList();
            var names = found.Union(account.Regions).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();
            if (only != null && only.Count > 0) names = names.Where(n => only.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
            return names;
        }

        private static RegionInventory ReadRegion(SnapshotFolder files, string region)
        {
            var inventory = new RegionInventory(region);
            inventory.MissingKeyError = keyId => new CallError("NotCollected",
                $"no answer recorded at {region}/kms/DescribeKey/{SnapshotKey.Escape(keyId)}.json", SnapshotOperations.KmsDescribeKey.Label,
                SnapshotOperations.KmsDescribeKey.IamAction, null);
            inventory.Functions = WarnIfNotCollected(files, region, SnapshotOperations.LambdaListFunctions, ReadFunctions(files, region));
            inventory.EventSourceMappings = ReadEventSourceMappings(files, region, inventory.Functions);
            inventory.CodeSigningConfigs = ReadCodeSigning(files, region, inventory.Functions);
            inventory.Tables = WarnIfNotCollected(files, region, SnapshotOperations.DynamoListTables, ReadTables(files, region));
            inventory.KmsKeys = ReadKeys(files, region);
            inventory.Secrets = WarnIfNotCollected(files, region, SnapshotOperations.SecretsListSecrets, ReadSecrets(files, region));
            inventory.RestApis = WarnIfNotCollected(files, region, SnapshotOperations.RestGetRestApis, ReadRestApis(files, region));
            inventory.ApisV2 = WarnIfNotCollected(files, region, SnapshotOperations.V2GetApis, ReadApisV2(files, region));
            ReadApiGatewayRegionLists(files, region, inventory);
            ReadLogs(files, region, inventory);
            inventory.Trails = ReadTrails(files, region, inventory.Functions);
            inventory.GraphqlApis = WarnIfNotCollected(files, region, SnapshotOperations.AppSyncListGraphqlApis, ReadGraphqlApis(files, region));
            inventory.IdentityPools = WarnIfNotCollected(files, region, SnapshotOperations.CognitoListIdentityPools, ReadIdentityPools(files, region));
            inventory.StateMachines = WarnIfNotCollected(files, region, SnapshotOperations.StepFunctionsListStateMachines, ReadStateMachines(files, region));
            inventory.ProtectedResources = ReadBackup(files, region);
            inventory.DaxClusters = ReadDax(files, region);
            inventory.Queues = WarnIfNotCollected(files, region, SnapshotOperations.SqsListQueues, ReadQueues(files, region));
            // Activity last: it is keyed by the functions, APIs, tables and queues read above.
            inventory.Activity = ReadActivity(files, region, inventory);
            return inventory;
        }

        private static Fetched<T> WarnIfNotCollected<T>(SnapshotFolder files, string region, SnapshotOperation op, Fetched<T> fetched) where T : class
        {
            if (fetched.State == FetchState.NotCollected)
                files.Report(IssueKind.Warning, "WafSecurity.ServiceNotCollected", $"{region}/{op.Service}",
                    $"{op.Service} was not collected in {region} (no {region}/{op.Service}/{op.Operation}.json): its rules yield nothing there.");
            return fetched;
        }

        private static Fetched<IReadOnlyList<LambdaFunction>> ReadFunctions(SnapshotFolder files, string region)
        {
            var list = files.LoadList<IReadOnlyList<LambdaFunction>>(region, SnapshotOperations.LambdaListFunctions, CliDocuments.ListFunctions);
            if (!list.IsOk) return list;
            var policyKeys = files.IndexKeys(region, SnapshotOperations.LambdaGetPolicy);
            var qualifiedByFunction = policyKeys.Keys.Where(k => k.IndexOf('@') > 0)
                .GroupBy(k => k.Substring(0, k.IndexOf('@')), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            foreach (var function in list.Value!)
            {
                var name = function.FunctionName;
                function.Policy = files.Load(files.KeyPath(region, SnapshotOperations.LambdaGetPolicy, name), SnapshotOperations.LambdaGetPolicy,
                    root => CliDocuments.PolicyMember(root, "Policy"), absentWhenMissing: true);
                var qualified = new Dictionary<string, Fetched<ResourcePolicy>>(StringComparer.Ordinal);
                if (qualifiedByFunction.TryGetValue(name, out var keys))
                    foreach (var key in keys)
                        qualified[key.Substring(key.IndexOf('@') + 1)] = files.Load(policyKeys[key], SnapshotOperations.LambdaGetPolicy,
                            root => CliDocuments.PolicyMember(root, "Policy"), absentWhenMissing: true);
                function.QualifiedPolicies = qualified;
                function.Aliases = files.Load<IReadOnlyList<LambdaAlias>>(files.KeyPath(region, SnapshotOperations.LambdaListAliases, name),
                    SnapshotOperations.LambdaListAliases, CliDocuments.ListAliases, absentWhenMissing: false);
                function.UrlConfigs = files.Load<IReadOnlyList<FunctionUrlConfig>>(files.KeyPath(region, SnapshotOperations.LambdaListFunctionUrlConfigs, name),
                    SnapshotOperations.LambdaListFunctionUrlConfigs, CliDocuments.ListFunctionUrlConfigs, absentWhenMissing: false);
                function.CodeScan = ReadCodeScan(files, region, function);
            }
            return list;
        }

        /// <summary>
        /// lambda/ListEventSourceMappings.json: read once per region and attached to each function by FunctionArn (a
        /// mapping on an alias or a version belongs to its function too). A missing file where functions were listed is
        /// said once, as a warning: least-privilege suggestions there cannot use event sources.
        /// </summary>
        private static Fetched<IReadOnlyList<EventSourceMapping>> ReadEventSourceMappings(SnapshotFolder files, string region,
            Fetched<IReadOnlyList<LambdaFunction>> functions)
        {
            var op = SnapshotOperations.LambdaListEventSourceMappings;
            var list = files.LoadList<IReadOnlyList<EventSourceMapping>>(region, op, CliDocuments.ListEventSourceMappings);
            if (list.State == FetchState.NotCollected && functions.State != FetchState.NotCollected)
                files.Report(IssueKind.Warning, "WafSecurity.ServiceNotCollected", $"{region}/{op.Service}/{op.Operation}",
                    $"lambda event source mappings were not collected in {region} (no {region}/{op.Service}/{op.Operation}.json): " +
                    "suggested least-privilege policies there cannot include the permissions event sources need.");
            if (!functions.IsOk) return list;
            var byFunction = list.IsOk
                ? list.Value!.GroupBy(m => m.UnqualifiedFunctionArn, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<EventSourceMapping>)g.ToList(), StringComparer.Ordinal)
                : null;
            foreach (var function in functions.Value!)
                function.EventSourceMappings = byFunction == null
                    ? list
                    : Fetched<IReadOnlyList<EventSourceMapping>>.Ok(byFunction.TryGetValue(EventSourceMapping.UnqualifiedArn(function.FunctionArn), out var mine) ? mine : Array.Empty<EventSourceMapping>());
            return list;
        }

        private static Fetched<IReadOnlyList<DynamoDbTable>> ReadTables(SnapshotFolder files, string region)
        {
            var names = files.LoadList<List<string>>(region, SnapshotOperations.DynamoListTables, CliDocuments.ListTables);
            return names.Map<IReadOnlyList<DynamoDbTable>>(list => list.Select(name => new DynamoDbTable
            {
                TableName = name,
                Description = files.Load(files.KeyPath(region, SnapshotOperations.DynamoDescribeTable, name), SnapshotOperations.DynamoDescribeTable,
                    CliDocuments.DescribeTable, absentWhenMissing: false),
                ContinuousBackups = files.Load(files.KeyPath(region, SnapshotOperations.DynamoDescribeContinuousBackups, name),
                    SnapshotOperations.DynamoDescribeContinuousBackups, CliDocuments.DescribeContinuousBackups, absentWhenMissing: false),
                ResourcePolicy = files.Load(files.KeyPath(region, SnapshotOperations.DynamoGetResourcePolicy, name), SnapshotOperations.DynamoGetResourcePolicy,
                    root => CliDocuments.PolicyMember(root, "Policy"), absentWhenMissing: true),
                // Asked only for a table with a LatestStreamArn; a missing file means no stream or no policy.
                StreamResourcePolicy = files.Load(files.KeyPath(region, SnapshotOperations.DynamoGetResourcePolicy, DynamoDbTable.StreamPolicyKey(name)),
                    SnapshotOperations.DynamoGetResourcePolicy, root => CliDocuments.PolicyMember(root, "Policy"), absentWhenMissing: true),
            }).ToList());
        }

        private static IReadOnlyDictionary<string, Fetched<KmsKey>> ReadKeys(SnapshotFolder files, string region)
        {
            var keys = new Dictionary<string, Fetched<KmsKey>>(StringComparer.Ordinal);
            foreach (var pair in files.IndexKeys(region, SnapshotOperations.KmsDescribeKey))
                keys[pair.Key] = files.Load(pair.Value, SnapshotOperations.KmsDescribeKey, CliDocuments.DescribeKey, absentWhenMissing: false);
            return keys;
        }

        private static Fetched<IReadOnlyList<Secret>> ReadSecrets(SnapshotFolder files, string region)
        {
            var list = files.LoadList<IReadOnlyList<Secret>>(region, SnapshotOperations.SecretsListSecrets, CliDocuments.ListSecrets);
            if (!list.IsOk) return list;
            foreach (var secret in list.Value!)
                secret.ResourcePolicy = files.Load(files.KeyPath(region, SnapshotOperations.SecretsGetResourcePolicy, secret.Name),
                    SnapshotOperations.SecretsGetResourcePolicy, root => CliDocuments.PolicyMember(root, "ResourcePolicy"), absentWhenMissing: true);
            return list;
        }

        private static Fetched<IReadOnlyList<RestApi>> ReadRestApis(SnapshotFolder files, string region)
        {
            var op = SnapshotOperations.RestGetRestApis;
            var listPath = files.OperationPath(region, op);
            var list = files.LoadList<IReadOnlyList<RestApi>>(region, op, root => CliDocuments.GetRestApis(root, (apiId, text) =>
            {
                try
                {
                    return Fetched<ResourcePolicy>.Ok(new ResourcePolicy(PolicyParser.Parse(text), text));
                }
                catch (PolicyParseException ex)
                {
                    var relative = files.Relative(listPath);
                    files.Report(IssueKind.Error, "WafSecurity.InvalidPolicy", relative, $"{relative}: the policy of REST API {apiId} is not valid: {ex.Message}");
                    return Fetched<ResourcePolicy>.Failed(new CallError("InvalidPolicy", $"the policy of REST API {apiId} is not valid: {ex.Message}", op.Label, op.IamAction, relative));
                }
            }));
            if (!list.IsOk) return list;
            foreach (var api in list.Value!)
            {
                api.Resources = files.Load<IReadOnlyList<ApiResource>>(files.KeyPath(region, SnapshotOperations.RestGetResources, api.Id),
                    SnapshotOperations.RestGetResources, CliDocuments.GetResources, absentWhenMissing: false);
                api.Stages = files.Load<IReadOnlyList<RestStage>>(files.KeyPath(region, SnapshotOperations.RestGetStages, api.Id),
                    SnapshotOperations.RestGetStages, CliDocuments.GetRestStages, absentWhenMissing: false);
                api.Authorizers = files.Load<IReadOnlyList<ApiAuthorizer>>(files.KeyPath(region, SnapshotOperations.RestGetAuthorizers, api.Id),
                    SnapshotOperations.RestGetAuthorizers, CliDocuments.GetRestAuthorizers, absentWhenMissing: false);
                ReadRestApiExtras(files, region, api);
            }
            return list;
        }

        private static Fetched<IReadOnlyList<ApiV2>> ReadApisV2(SnapshotFolder files, string region)
        {
            var list = files.LoadList<IReadOnlyList<ApiV2>>(region, SnapshotOperations.V2GetApis, CliDocuments.GetApis);
            if (!list.IsOk) return list;
            foreach (var api in list.Value!)
            {
                api.Routes = files.Load<IReadOnlyList<ApiRoute>>(files.KeyPath(region, SnapshotOperations.V2GetRoutes, api.ApiId),
                    SnapshotOperations.V2GetRoutes, CliDocuments.GetRoutes, absentWhenMissing: false);
                api.Stages = files.Load<IReadOnlyList<ApiV2Stage>>(files.KeyPath(region, SnapshotOperations.V2GetStages, api.ApiId),
                    SnapshotOperations.V2GetStages, CliDocuments.GetV2Stages, absentWhenMissing: false);
                api.Authorizers = files.Load<IReadOnlyList<ApiAuthorizer>>(files.KeyPath(region, SnapshotOperations.V2GetAuthorizers, api.ApiId),
                    SnapshotOperations.V2GetAuthorizers, CliDocuments.GetV2Authorizers, absentWhenMissing: false);
                ReadApiV2Extras(files, region, api);
            }
            return list;
        }

        private static string? InferAccountId(Fetched<IamAuthorizationDetails> iam, IEnumerable<RegionInventory> regions)
        {
            var arns = (iam.Value?.Roles.Select(r => r.Arn) ?? Enumerable.Empty<string>())
                .Concat(regions.SelectMany(r => r.Functions.Value?.Select(f => f.FunctionArn) ?? Enumerable.Empty<string>()));
            foreach (var arn in arns)
            {
                var account = Arn.AccountOf(arn);
                if (!string.IsNullOrEmpty(account)) return account;
            }
            return null;
        }
    }
}
