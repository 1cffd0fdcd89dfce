using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Json;
using WafSecurity.Engine.Iam;
using Ops = WafSecurity.Engine.Inventory.SnapshotOperations;

namespace WafSecurity.Engine.Aws
{
    /// <summary>
    /// Collects every operation of snapshot-format.md for an account: IAM once (global), then for each region, side by
    /// side, the list calls of every service and, as each list answers, the per-resource calls it reveals. It makes only
    /// the calls the rules read (the same set tools/aws-cli-snapshot makes), through a <see cref="CallScheduler"/> that
    /// holds each API group near its quota. The result is an in-memory snapshot: the documents the AWS CLI prints.
    /// </summary>
    public sealed partial class Collector
    {
        private readonly IAwsCallSource _source;
        private readonly CollectorOptions _options;
        private readonly CallScheduler _scheduler;
        private readonly SnapshotDocuments _documents = new SnapshotDocuments();
        private readonly ConcurrentDictionary<string, OperationFailure> _failures = new ConcurrentDictionary<string, OperationFailure>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, OperationCount> _counts = new ConcurrentDictionary<string, OperationCount>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Task> _kmsCalls = new ConcurrentDictionary<string, Task>(StringComparer.Ordinal);
        private int _planned, _completed;
        private string _partition = "aws";
        private string _accountId = "";
        private DateTimeOffset _capturedAt;

        public Collector(IAwsCallSource source, CollectorOptions options)
        {
            _source = source ?? throw new ArgumentNullException(nameof(source));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (options.Regions == null || options.Regions.Count == 0) throw new ArgumentException("at least one region is needed", nameof(options));
            if (options.MetricWindowDays < 1 || options.MetricWindowDays > ActivityMetrics.MaxWindowDays)
                throw new ArgumentException($"MetricWindowDays must be 1 to {ActivityMetrics.MaxWindowDays}", nameof(options));
            _scheduler = new CallScheduler(source, options.Scheduler);
        }

        public CallScheduler Scheduler => _scheduler;

        public async Task<CollectionResult> CollectAsync(CancellationToken cancellationToken)
        {
            var clock = _options.Scheduler.Clock;
            var started = clock.Now;
            var regions = _options.Regions.Distinct(StringComparer.Ordinal).ToList();
            var account = await IdentifyAsync(regions[0], cancellationToken).ConfigureAwait(false);

            var work = new List<Task>();
            if (_options.IncludeIam) work.Add(CallAsync(Ops.IamAuthorizationDetails, "global", null, null, cancellationToken));
            foreach (var region in regions) work.Add(CollectRegionAsync(region, cancellationToken));
            // S3 is collected once per account (bucket names are global), not per region.
            if (_options.Services == null || _options.Services.Contains("s3", StringComparer.OrdinalIgnoreCase)) work.Add(S3Async(cancellationToken));
            await WhenAllOrFirstCancel(work).ConfigureAwait(false);
            // Log groups to sample are known only once every region's functions, stages and log groups are in.
            if (_options.LogSample != null) await SampleLogGroupsAsync(regions, account, cancellationToken).ConfigureAwait(false);
            // KMS keys are described as resources name them; the last ones are known only when every region is done.
            await WhenAllOrFirstCancel(_kmsCalls.Values.ToList()).ConfigureAwait(false);
            // Execution roles' last-accessed jobs start as function lists answer; the last ones are known when every region is done.
            await WhenAllOrFirstCancel(_lastAccessedCalls.Values.ToList()).ConfigureAwait(false);

            account.Regions = regions;
            _documents.Set("account.json", AccountJson(account));
            foreach (var count in _counts.Values.OrderBy(c => c.Region, StringComparer.Ordinal).ThenBy(c => c.Operation.Label, StringComparer.Ordinal))
                Raise(CollectionEventKind.Verbose, count.ToString(), count.Region, count.Operation.Label);
            var failures = _failures.Values.OrderBy(f => f.Region, StringComparer.Ordinal).ThenBy(f => f.Operation.Label, StringComparer.Ordinal).ToList();
            return new CollectionResult(_documents, account, failures, _counts.Values.ToList(), _scheduler.Calls, _scheduler.Requests,
                _scheduler.ThrottleRetries, _scheduler.TransientRetries, clock.Now - started);
        }

        /// <summary>Every call observes the same token, so on cancellation all of them end at once and so does this.</summary>
        private static Task WhenAllOrFirstCancel(IEnumerable<Task> tasks) => Task.WhenAll(tasks);

        // ---------------------------------------------------------------- account

        private async Task<AccountInfo> IdentifyAsync(string region, CancellationToken cancellationToken)
        {
            var account = new AccountInfo { CapturedAt = (_options.CapturedAt ?? DateTimeOffset.UtcNow).ToUniversalTime() };
            if (!string.IsNullOrEmpty(_options.AccountId))
            {
                account.AccountId = _options.AccountId!;
                account.Partition = _options.Partition ?? PartitionOf(region);
            }
            else
            {
                var result = await _scheduler.RunAsync(new AwsCall(Ops.StsGetCallerIdentity, region), cancellationToken).ConfigureAwait(false);
                if (result.Outcome != AwsCallOutcome.Ok || result.Json == null)
                    throw new CollectionSetupException(
                        $"sts GetCallerIdentity failed ({result.ErrorCode}: {result.ErrorMessage}): the credentials do not identify an account.", result.ErrorCode);
                using var document = JsonDocument.Parse(result.Json);
                account.AccountId = document.RootElement.GetString("Account") ?? "";
                var arn = document.RootElement.GetString("Arn") ?? "";
                var parts = arn.Split(':');
                account.Partition = _options.Partition ?? (parts.Length > 1 && parts[1].Length > 0 ? parts[1] : PartitionOf(region));
            }
            _accountId = account.AccountId;
            _capturedAt = account.CapturedAt!.Value;
            _partition = account.Partition;
            return account;
        }

        private static string PartitionOf(string region)
            => region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn" : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov" : "aws";

        private static string AccountJson(AccountInfo account)
        {
            using var stream = new System.IO.MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteString("AccountId", account.AccountId);
                writer.WriteString("Partition", account.Partition);
                writer.WriteStartArray("Regions");
                foreach (var region in account.Regions) writer.WriteStringValue(region);
                writer.WriteEndArray();
                if (account.CapturedAt.HasValue) writer.WriteString("CapturedAt", account.CapturedAt.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
        }

        // ---------------------------------------------------------------- regions and services

        private Task CollectRegionAsync(string region, CancellationToken cancellationToken)
        {
            var services = new List<(string Name, Func<string, CancellationToken, Task> Run)>
            {
                ("lambda", LambdaAsync), ("dynamodb", DynamoAsync), ("secretsmanager", SecretsAsync), ("apigateway", RestApisAsync), ("apigatewayv2", HttpApisAsync),
                ("logs", LogsAsync), ("cloudtrail", CloudTrailAsync), ("appsync", AppSyncAsync), ("cognito-identity", IdentityPoolsAsync),
                ("stepfunctions", StateMachinesAsync), ("backup", BackupAsync), ("dax", DaxAsync),
                ("sqs", SqsAsync), ("cloudwatch", (_, _) => Task.CompletedTask),
            };
            var selected = services.Where(s => _options.Services == null || _options.Services.Contains(s.Name, StringComparer.OrdinalIgnoreCase)).ToList();
            Raise(CollectionEventKind.Verbose, $"Collecting {region}: {string.Join(", ", selected.Select(s => s.Name))} (kms as resources name keys).", region, null);
            var lists = WhenAllOrFirstCancel(selected.Select(s => s.Run(region, cancellationToken)));
            // CloudWatch metrics are asked for the resources the other services listed, so they come last.
            return selected.Any(s => s.Name == "cloudwatch") ? ThenActivityAsync(lists, region, cancellationToken) : lists;
        }

        private async Task ThenActivityAsync(Task lists, string region, CancellationToken ct)
        {
            await lists.ConfigureAwait(false);
            await ActivityAsync(region, ct).ConfigureAwait(false);
        }

        private async Task LambdaAsync(string region, CancellationToken ct)
        {
            // Event source mappings: one list call for the whole region (the reader attaches them by FunctionArn), made
            // beside ListFunctions since nothing it returns leads to another call.
            var mappings = CallAsync(Ops.LambdaListEventSourceMappings, region, null, null, ct);
            await FunctionsAsync(region, ct).ConfigureAwait(false);
            await mappings.ConfigureAwait(false);
        }

        private async Task FunctionsAsync(string region, CancellationToken ct)
        {
            var list = await CallAsync(Ops.LambdaListFunctions, region, null, null, ct).ConfigureAwait(false);
            var functions = Parse(list, root => CliDocuments.ListFunctions(root)
                .Select(f => (Name: (string?)f.FunctionName, Key: f.KmsKeyArn, f.IsImage, Role: f.Role)).ToList());
            if (functions == null) return;
            foreach (var function in functions) if (!string.IsNullOrEmpty(function.Key)) DescribeKeyLater(region, function.Key!, ct);
            foreach (var function in functions) LastAccessedLater(function.Role, ct);

            // Issue order is admission order within a bucket: the calls that reveal qualifiers go first, so the qualified
            // GetPolicy calls they lead to overlap with the URL-config calls nothing depends on.
            var tasks = new List<Task>();
            foreach (var function in functions) tasks.Add(CallAsync(Ops.LambdaGetPolicy, region, function.Name, FunctionParameters(function.Name!), ct));
            foreach (var function in functions) tasks.Add(QualifiedPoliciesAsync(region, function.Name!, ct));
            foreach (var function in functions)
                tasks.Add(CallAsync(Ops.LambdaListFunctionUrlConfigs, region, function.Name, FunctionParameters(function.Name!), ct));
            if (_options.CodeScan != null)
                foreach (var function in functions)
                    if (!function.IsImage) tasks.Add(CodeScanAsync(region, function.Name!, ct));
            tasks.Add(CodeSigningAsync(region, functions.Where(f => !f.IsImage).Select(f => f.Name!).ToList(), ct));
            await WhenAllOrFirstCancel(tasks).ConfigureAwait(false);
        }

        private async Task QualifiedPoliciesAsync(string region, string function, CancellationToken ct)
        {
            var aliasesTask = CallAsync(Ops.LambdaListAliases, region, function, FunctionParameters(function), ct);
            var versionsTask = CallAsync(Ops.LambdaListVersionsByFunction, region, function, FunctionParameters(function), ct);
            var aliases = Parse(await aliasesTask.ConfigureAwait(false), root => CliDocuments.ListAliases(root).Select(a => (string?)a.Name).ToList());
            var versions = Parse(await versionsTask.ConfigureAwait(false), root => root.GetArray("Versions").Select(v => v.GetString("Version")).ToList());
            var qualifiers = (aliases ?? new List<string?>()).Concat((versions ?? new List<string?>()).Where(v => v != "$LATEST"))
                .Where(q => !string.IsNullOrEmpty(q)).Distinct(StringComparer.Ordinal).ToList();
            var tasks = qualifiers.Select(q => CallAsync(Ops.LambdaGetPolicy, region, function + "@" + q,
                new Dictionary<string, string> { ["FunctionName"] = function, ["Qualifier"] = q! }, ct)).ToList();
            await WhenAllOrFirstCancel(tasks).ConfigureAwait(false);
        }

        private async Task DynamoAsync(string region, CancellationToken ct)
        {
            var list = await CallAsync(Ops.DynamoListTables, region, null, null, ct).ConfigureAwait(false);
            var tables = Parse(list, CliDocuments.ListTables);
            if (tables == null) return;
            var tasks = new List<Task>();
            foreach (var table in tables) tasks.Add(TableAsync(region, table, ct));
            foreach (var table in tables)
                tasks.Add(CallAsync(Ops.DynamoDescribeContinuousBackups, region, table, new Dictionary<string, string> { ["TableName"] = table }, ct));
            await WhenAllOrFirstCancel(tasks).ConfigureAwait(false);
        }

        private async Task TableAsync(string region, string table, CancellationToken ct)
        {
            var described = await CallAsync(Ops.DynamoDescribeTable, region, table, new Dictionary<string, string> { ["TableName"] = table }, ct).ConfigureAwait(false);
            var description = Parse(described, CliDocuments.DescribeTable);
            if (!string.IsNullOrEmpty(description?.KmsMasterKeyArn)) DescribeKeyLater(region, description!.KmsMasterKeyArn!, ct);
            var arn = description?.TableArn ?? $"arn:{_partition}:dynamodb:{region}:{_accountId}:table/{table}";
            var policies = new List<Task> { CallAsync(Ops.DynamoGetResourcePolicy, region, table, new Dictionary<string, string> { ["ResourceArn"] = arn }, ct) };
            // A stream has its own resource policy; its ARN (with the stream label) is known only from DescribeTable.
            if (!string.IsNullOrEmpty(description?.LatestStreamArn))
                policies.Add(CallAsync(Ops.DynamoGetResourcePolicy, region, DynamoDbTable.StreamPolicyKey(table),
                    new Dictionary<string, string> { ["ResourceArn"] = description!.LatestStreamArn! }, ct));
            await WhenAllOrFirstCancel(policies).ConfigureAwait(false);
        }

        private async Task SecretsAsync(string region, CancellationToken ct)
        {
            var list = await CallAsync(Ops.SecretsListSecrets, region, null, null, ct).ConfigureAwait(false);
            var secrets = Parse(list, root => CliDocuments.ListSecrets(root)
                .Select(s => (Name: (string?)s.Name, Arn: (string?)s.Arn, Key: s.KmsKeyId)).ToList());
            if (secrets == null) return;
            foreach (var secret in secrets) if (!string.IsNullOrEmpty(secret.Key)) DescribeKeyLater(region, secret.Key!, ct);
            var tasks = secrets.Select(s => CallAsync(Ops.SecretsGetResourcePolicy, region, s.Name,
                new Dictionary<string, string> { ["SecretId"] = s.Arn ?? s.Name! }, ct)).ToList();
            await WhenAllOrFirstCancel(tasks).ConfigureAwait(false);
        }

        private async Task RestApisAsync(string region, CancellationToken ct)
        {
            var regionLists = RestRegionListsAsync(region, ct);
            var list = await CallAsync(Ops.RestGetRestApis, region, null, null, ct).ConfigureAwait(false);
            // The collector needs only the ids; the reader judges the policies.
            var ids = Parse(list, root => CliDocuments.GetRestApis(root, (_, _) => Fetched<ResourcePolicy>.Absent()).Select(a => a.Id).ToList());
            var tasks = new List<Task> { regionLists };
            if (ids == null) { await regionLists.ConfigureAwait(false); return; }
            foreach (var id in ids)
            {
                var parameters = new Dictionary<string, string> { ["RestApiId"] = id };
                tasks.Add(CallAsync(Ops.RestGetResources, region, id, new Dictionary<string, string> { ["RestApiId"] = id, ["Embed"] = "methods" }, ct));
                tasks.Add(CallAsync(Ops.RestGetStages, region, id, parameters, ct));
                tasks.Add(CallAsync(Ops.RestGetAuthorizers, region, id, parameters, ct));
                AddRestApiCalls(tasks, region, parameters, id, ct);
            }
            await WhenAllOrFirstCancel(tasks).ConfigureAwait(false);
        }

        private async Task HttpApisAsync(string region, CancellationToken ct)
        {
            var regionLists = V2RegionListsAsync(region, ct);
            var list = await CallAsync(Ops.V2GetApis, region, null, null, ct).ConfigureAwait(false);
            var ids = Parse(list, root => CliDocuments.GetApis(root).Select(a => a.ApiId).ToList());
            var tasks = new List<Task> { regionLists };
            if (ids == null) { await regionLists.ConfigureAwait(false); return; }
            foreach (var id in ids)
            {
                var parameters = new Dictionary<string, string> { ["ApiId"] = id };
                tasks.Add(CallAsync(Ops.V2GetRoutes, region, id, parameters, ct));
                tasks.Add(CallAsync(Ops.V2GetStages, region, id, parameters, ct));
                tasks.Add(CallAsync(Ops.V2GetAuthorizers, region, id, parameters, ct));
                AddV2ApiCalls(tasks, region, parameters, id, ct);
            }
            await WhenAllOrFirstCancel(tasks).ConfigureAwait(false);
        }

        /// <summary>
        /// A key a resource names (key id, key ARN, alias name or alias ARN) is described once, in the key's own region,
        /// under its key id (an alias answer is written under the alias and the key id it resolves to).
        /// </summary>
        private void DescribeKeyLater(string region, string reference, CancellationToken ct)
        {
            var keyRegion = region;
            var fileKey = reference;
            if (reference.StartsWith("arn:", StringComparison.Ordinal))
            {
                var parts = reference.Split(new[] { ':' }, 6);
                if (parts.Length == 6)
                {
                    if (parts[3].Length > 0) keyRegion = parts[3];
                    fileKey = parts[5].StartsWith("key/", StringComparison.Ordinal) ? parts[5].Substring(4) : parts[5];
                }
            }
            _kmsCalls.GetOrAdd(keyRegion + "|" + fileKey, _ => Task.Run(() => DescribeKeyAsync(keyRegion, fileKey, reference, ct), ct));
        }

        private async Task DescribeKeyAsync(string region, string fileKey, string reference, CancellationToken ct)
        {
            var result = await CallAsync(Ops.KmsDescribeKey, region, fileKey, new Dictionary<string, string> { ["KeyId"] = reference }, ct).ConfigureAwait(false);
            var keyId = Parse(result, root => root.Member("KeyMetadata")?.GetString("KeyId"));
            if (keyId != null && keyId != fileKey) _documents.TryAdd(SnapshotDocuments.PathOf(region, Ops.KmsDescribeKey, keyId), Encoding.UTF8.GetBytes(result.Json!));
        }

        // ---------------------------------------------------------------- one call

        private static Dictionary<string, string> FunctionParameters(string function) => new Dictionary<string, string> { ["FunctionName"] = function };

        private async Task<AwsCallResult> CallAsync(SnapshotOperation op, string region, string? key, IReadOnlyDictionary<string, string>? parameters, CancellationToken ct)
        {
            Interlocked.Increment(ref _planned);
            var count = _counts.GetOrAdd(region + "|" + op.Label, _ => new OperationCount(region, op));
            var result = await _scheduler.RunAsync(new AwsCall(op, region, key, parameters), ct).ConfigureAwait(false);
            Record(op, region, key, result, count);
            var completed = Interlocked.Increment(ref _completed);
            Raise(CollectionEventKind.Progress, $"{op.Label} {region}{(key == null ? "" : " " + key)}", region, op.Label, completed, Volatile.Read(ref _planned));
            return result;
        }

        private void Record(SnapshotOperation op, string region, string? key, AwsCallResult result, OperationCount count)
        {
            lock (count)
            {
                count.Calls++;
                switch (result.Outcome)
                {
                    case AwsCallOutcome.Ok: count.Answered++; break;
                    case AwsCallOutcome.NotFound: count.NotFound++; break;
                    default: count.Failed++; break;
                }
            }
            switch (result.Outcome)
            {
                case AwsCallOutcome.Ok:
                    if (result.Json == null) break;
                    // Log events never leave the collector with a detected secret in them, whatever is done with the documents.
                    if (op == Ops.LogsFilterLogEvents) { _documents.Set(SnapshotDocuments.PathOf(region, op, key), RedactLogEvents(result.Json)); break; }
                    // A secret without a policy answers {"ARN":..,"Name":..}: nothing to return, so no file (as the CLI tool does).
                    if (op == Ops.SecretsGetResourcePolicy && Parse(result, root => root.GetString("ResourcePolicy")) == null) break;
                    _documents.Set(SnapshotDocuments.PathOf(region, op, key),
                        op == Ops.LambdaGetFunction ? RedactedGetFunction(result.Json) : Encoding.UTF8.GetBytes(result.Json));
                    break;
                case AwsCallOutcome.NotFound:
                    break;
                default:
                    var code = string.IsNullOrEmpty(result.ErrorCode) ? "UnknownError" : result.ErrorCode!;
                    _documents.Set(SnapshotDocuments.ErrorPathOf(region, op, key), ErrorJson(code, result.ErrorMessage ?? "", result.HttpStatus));
                    _failures.AddOrUpdate(region + "|" + op.Label,
                        _ => new OperationFailure(region, op, code, result.ErrorMessage ?? "", result.HttpStatus, key),
                        (_, existing) => { lock (existing) existing.Count++; return existing; });
                    break;
            }
        }

        internal static byte[] ErrorJson(string code, string message, int? httpStatus)
        {
            using var stream = new System.IO.MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteString("Code", code);
                writer.WriteString("Message", message);
                if (httpStatus.HasValue) writer.WriteNumber("HttpStatus", httpStatus.Value); else writer.WriteNull("HttpStatus");
                writer.WriteEndObject();
            }
            return stream.ToArray();
        }

        /// <summary>
        /// Reads what the collector needs from an answer (names, ids, key ARNs) through the reader's own mappings, so live
        /// collection and snapshot reading never disagree about a shape; null when the call did not answer or the answer
        /// is unreadable (it is written as received, and the reader reports it).
        /// </summary>
        private static T? Parse<T>(AwsCallResult result, Func<JsonElement, T?> read) where T : class
        {
            if (result.Outcome != AwsCallOutcome.Ok || string.IsNullOrEmpty(result.Json)) return null;
            try
            {
                using var document = JsonDocument.Parse(result.Json!);
                return document.RootElement.ValueKind == JsonValueKind.Object ? read(document.RootElement) : null;
            }
            catch (Exception ex) when (ex is JsonException || ex is ShapeException || ex is PolicyParseException)
            {
                return null;
            }
        }

        private void Raise(CollectionEventKind kind, string message, string? region, string? operation, int completed = 0, int planned = 0)
            => _options.OnEvent?.Invoke(new CollectionEvent(kind, message, region, operation, completed, planned));
    }
}
