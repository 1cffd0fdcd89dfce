using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.S3
{
    /// <summary>One bucket the workload uses, why we think so, and what was collected about it.</summary>
    public sealed class WorkloadBucket
    {
        public WorkloadBucket(string name) { Name = name; }

        public string Name { get; }
        /// <summary>Where the workload names it, e.g. "environment variable DATA_BUCKET of function orders".</summary>
        public List<string> NamedBy { get; } = new List<string>();
        /// <summary>The listed bucket (with its per-bucket answers), or null when ListBuckets does not hold it.</summary>
        public S3Bucket? Bucket { get; set; }
        /// <summary>The region of the first function that names it: the finding's region when S3 does not give the bucket's.</summary>
        public string FunctionRegion { get; set; } = "";

        public string Region => Bucket?.BucketRegion ?? FunctionRegion;
    }

    /// <summary>
    /// The S3 buckets "used by the workload" (the Lambda functions and REST APIs of the audited regions), derived once per audit from
    /// what was collected, and shared by the S3 rules. A bucket counts when it is named exactly (no wildcard in the bucket
    /// part) by:
    /// <list type="number">
    /// <item>a Resource of an Allow statement in the function's execution role (inline or attached managed policies):
    /// <c>arn:aws:s3:::name</c> or <c>arn:aws:s3:::name/...</c>;</item>
    /// <item>a condition aws:SourceArn <c>arn:aws:s3:::name</c> in the function's resource policy (S3 event notifications
    /// invoke the function through such a permission);</item>
    /// <item>an event source mapping's on-failure destination <c>arn:aws:s3:::name</c>;</item>
    /// <item>an environment variable value <c>s3://name[/key]</c>, <c>arn:aws:s3:::name[/key]</c>, a value equal to the
    /// name of a bucket ListBuckets returned, or a valid bucket name in a variable whose name contains BUCKET;</item>
    /// <item>a REST API method's AWS integration with S3 by path: <c>arn:aws:apigateway:region:s3:path/name/...</c>
    /// (get-resources --embed methods; a bucket taken from a request parameter, <c>{bucket}</c>, is not a name).</item>
    /// </list>
    /// HTTP API (v2) integrations are not collected. A bucket named this way
    /// but absent from ListBuckets (another account's, deleted, or S3 not listed) is returned with a null
    /// <see cref="WorkloadBucket.Bucket"/>: the rules report it as Error (not collected), never as passed.
    /// </summary>
    public sealed class WorkloadBuckets
    {
        // S3 bucket naming rules (general purpose buckets): 3-63 characters, lower-case letters, digits, dots, hyphens.
        private static readonly Regex BucketName = new Regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant);
        private static readonly Regex S3Arn = new Regex("^arn:aws[a-z-]*:s3:::(?<bucket>[^/*?]+)(/.*)?$", RegexOptions.CultureInvariant);
        private static readonly Regex S3Integration = new Regex("^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:s3:path/(?<bucket>[^/{}*?]+)(/.*)?$", RegexOptions.CultureInvariant);
        private static readonly Regex S3Url = new Regex("^s3://(?<bucket>[^/*?]+)(/.*)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private readonly Dictionary<string, WorkloadBucket> _buckets = new Dictionary<string, WorkloadBucket>(StringComparer.Ordinal);

        public WorkloadBuckets(AwsInventory inventory)
        {
            S3 = inventory.S3;
            var listed = new HashSet<string>(S3.Buckets.Value?.Select(b => b.Name) ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
            var iam = inventory.Iam.Value;
            foreach (var region in inventory.Regions)
            {
                if (!region.Functions.IsOk) continue;
                foreach (var function in region.Functions.Value!)
                {
                    var who = $"function {function.FunctionName}";
                    foreach (var pair in function.EnvironmentVariables)
                    {
                        var name = FromEnvironment(pair.Key, pair.Value, listed);
                        if (name != null) Add(name, $"environment variable {pair.Key} of {who}", region.Region);
                    }
                    foreach (var policy in new[] { function.Policy }.Concat(function.QualifiedPolicies.Values).Where(p => p.IsOk))
                        foreach (var statement in policy.Value!.Document.Statements.Where(s => s.Effect == PolicyEffect.Allow))
                            foreach (var condition in statement.Conditions.Where(c => c.KeyIs("aws:SourceArn")))
                                foreach (var value in condition.Values)
                                    if (FromArn(value) is string name) Add(name, $"the resource policy of {who} (aws:SourceArn)", region.Region);
                    if (function.EventSourceMappings.IsOk)
                        foreach (var mapping in function.EventSourceMappings.Value!)
                            if (mapping.OnFailureDestination != null && FromArn(mapping.OnFailureDestination) is string name)
                                Add(name, $"the on-failure destination of an event source mapping of {who}", region.Region);
                    if (iam != null && function.Role != null && iam.FindRole(function.Role) is IamRole role)
                        foreach (var (label, document) in RolePolicies(iam, role))
                            foreach (var statement in document.Statements.Where(s => s.Effect == PolicyEffect.Allow))
                                foreach (var resource in statement.Resources)
                                    if (FromArn(resource) is string name) Add(name, $"{label} of execution role {role.RoleName} ({who})", region.Region);
                }
            }
            foreach (var region in inventory.Regions)
            {
                if (!region.RestApis.IsOk) continue;
                foreach (var api in region.RestApis.Value!)
                {
                    if (!api.Resources.IsOk) continue;
                    foreach (var resource in api.Resources.Value!)
                        foreach (var method in resource.Methods)
                            if (FromIntegrationUri(method.IntegrationType, method.IntegrationUri) is string name)
                                Add(name, $"the S3 integration of {method.HttpMethod} {resource.Path} of REST API {api.Name}", region.Region);
                }
            }
            foreach (var bucket in _buckets.Values) bucket.Bucket = S3.Find(bucket.Name);
        }

        public S3Inventory S3 { get; }

        /// <summary>The buckets, by name (ordinal).</summary>
        public IReadOnlyList<WorkloadBucket> All => _buckets.Values.OrderBy(b => b.Name, StringComparer.Ordinal).ToList();

        /// <summary>The bucket an ARN (arn:aws:s3:::name or arn:aws:s3:::name/key) names; null for wildcards and other ARNs.</summary>
        public static string? FromArn(string value)
        {
            var match = S3Arn.Match(value.Trim());
            return match.Success && BucketName.IsMatch(match.Groups["bucket"].Value) ? match.Groups["bucket"].Value : null;
        }

        /// <summary>The bucket of an API Gateway AWS integration with S3 by path ("arn:aws:apigateway:r:s3:path/bucket/key"), or null.</summary>
        public static string? FromIntegrationUri(string? type, string? uri)
        {
            if (uri == null || !string.Equals(type, "AWS", StringComparison.OrdinalIgnoreCase)) return null;
            var match = S3Integration.Match(uri);
            return match.Success && BucketName.IsMatch(match.Groups["bucket"].Value) ? match.Groups["bucket"].Value : null;
        }

        /// <summary>The bucket an environment variable names (see the class summary), or null.</summary>
        public static string? FromEnvironment(string variable, string value, ISet<string> listedBuckets)
        {
            var text = value.Trim();
            var url = S3Url.Match(text);
            if (url.Success) return BucketName.IsMatch(url.Groups["bucket"].Value) ? url.Groups["bucket"].Value : null;
            if (FromArn(text) is string fromArn) return fromArn;
            if (listedBuckets.Contains(text)) return text;
            return variable.IndexOf("BUCKET", StringComparison.OrdinalIgnoreCase) >= 0 && BucketName.IsMatch(text) ? text : null;
        }

        private void Add(string name, string namedBy, string region)
        {
            if (!_buckets.TryGetValue(name, out var bucket)) _buckets[name] = bucket = new WorkloadBucket(name) { FunctionRegion = region };
            if (!bucket.NamedBy.Contains(namedBy)) bucket.NamedBy.Add(namedBy);
        }

        private static IEnumerable<(string Label, PolicyDocument Document)> RolePolicies(IamAuthorizationDetails iam, IamRole role)
        {
            foreach (var inline in role.InlinePolicies.Where(p => p.Document.IsOk))
                yield return ($"inline policy {inline.Name}", inline.Document.Value!);
            foreach (var arn in role.AttachedManagedPolicyArns)
                if (iam.FindPolicy(arn) is IamManagedPolicy managed && managed.DefaultDocument.IsOk)
                    yield return ($"managed policy {managed.PolicyName}", managed.DefaultDocument.Value!);
        }
    }
}
