using System.Collections.Generic;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Dax
{
    /// <summary>SEC2.DAX.Encryption: DAX clusters encrypt at rest (SSE ENABLED) and in transit (endpoint encryption TLS).</summary>
    public sealed class DaxEncryptionRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.DAX.Encryption",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::DAX::Cluster",
            WellArchitected = new[] { "SEC08-BP02", "SEC09-BP02" },
            SecurityHubControl = "DynamoDB.3",
            ConfigRule = "dax-encryption-enabled",
            Title = "DAX clusters are encrypted at rest and in transit",
            Description = "A DynamoDB Accelerator (DAX) cluster caches table items: its SSEDescription.Status must be ENABLED (encryption " +
                          "at rest) and its ClusterEndpointEncryptionType TLS (encryption in transit). Security Hub DynamoDB.3 " +
                          "(dax-encryption-enabled) checks the first, DynamoDB.7 (dax-tls-endpoint-encryption) the second.",
            Remediation = "Both settings are fixed when a cluster is created: create a new cluster with --sse-specification Enabled=true " +
                          "--cluster-endpoint-encryption-type TLS, move clients to it (TLS needs a DAX client that supports it), and delete the old one.",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var region in context.Regions)
            {
                if (region.DaxClusters.State == FetchState.Failed)
                {
                    // No cluster can be named, so the region's clusters are one unjudged resource: never a silent gap.
                    yield return RuleResult.FromError(region.Region, $"arn:{context.Partition}:dax:{region.Region}:{context.AccountId}:cache/*", "*",
                        region.DaxClusters.Error!, $"the DAX clusters of {region.Region}");
                    continue;
                }
                if (!region.DaxClusters.IsOk) continue;
                foreach (var cluster in region.DaxClusters.Value!)
                {
                    var arn = cluster.ClusterArn ?? $"arn:{context.Partition}:dax:{region.Region}:{context.AccountId}:cache/{cluster.ClusterName}";
                    var sse = cluster.SseStatus ?? "(not reported)";
                    var endpoint = cluster.EndpointEncryptionType ?? "(not reported)";
                    var evidence = new Evidence().Add("SSEDescription.Status", sse).Add("ClusterEndpointEncryptionType", endpoint);
                    var problems = new List<string>();
                    if (cluster.SseStatus != "ENABLED") problems.Add($"encryption at rest (SSEDescription.Status) is {sse}, expected ENABLED");
                    if (cluster.EndpointEncryptionType != "TLS") problems.Add($"endpoint encryption (ClusterEndpointEncryptionType) is {endpoint}, expected TLS");
                    if (problems.Count == 0)
                        yield return RuleResult.Passed(region.Region, arn, cluster.ClusterName,
                            $"DAX cluster {cluster.ClusterName} encrypts at rest (SSE ENABLED) and in transit (endpoint TLS).", evidence);
                    else
                        yield return RuleResult.Failed(region.Region, arn, cluster.ClusterName,
                            $"DAX cluster {cluster.ClusterName}: {string.Join("; ", problems)}.", evidence);
                }
            }
        }
    }
}
