using System.Collections.Generic;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.AppSync
{
    /// <summary>SEC2.AppSync.CacheEncryption: an AppSync API cache is encrypted at rest and in transit.</summary>
    public sealed class AppSyncCacheEncryptionRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.AppSync.CacheEncryption",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Low,
            ResourceType = AppSyncScope.ApiType,
            Title = "AppSync API caches are encrypted at rest and in transit",
            Description = "One finding per AppSync GraphQL API that has a cache (appsync get-api-cache). Fails when " +
                          "atRestEncryptionEnabled or transitEncryptionEnabled is false. An API without a cache (GetApiCache answers " +
                          "NotFoundException: no file) has no finding, as in Security Hub AppSync.1/AppSync.6, which evaluate caches. " +
                          "AppSync encrypts every cache by default since 2026 (Security Hub retired AppSync.1 on 2026-03-09), so a " +
                          "failure means a cache made before that change.",
            Remediation = "The encryption settings of a cache cannot be changed: delete the cache and create it again with both " +
                          "encryptions on: aws appsync delete-api-cache --api-id <id>; aws appsync create-api-cache --api-id <id> " +
                          "--ttl <s> --api-caching-behavior <behavior> --type <type> --at-rest-encryption-enabled " +
                          "--transit-encryption-enabled.",
            WellArchitected = new[] { "SEC08-BP02", "SEC09-BP02" },
            SecurityHubControl = "AppSync.1",
            ConfigRule = "appsync-cache-ct-encryption-at-rest",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var item in AppSyncScope.Apis(context, "the cache encryption"))
            {
                var api = item.Api;
                var cache = api.Cache;
                // No cache: nothing is cached, so nothing to judge (the reader reads a missing GetApiCache file as "no cache").
                if (cache.State == FetchState.Absent) continue;
                if (!cache.IsOk)
                {
                    yield return RuleResult.FromError(item.Region, item.Arn, api.Name, cache.Error!, "the cache encryption of API " + api.Name);
                    continue;
                }
                var c = cache.Value!;
                var evidence = item.Evidence().Add("CacheType", c.Type).Add("CacheStatus", c.Status).Add("ApiCachingBehavior", c.ApiCachingBehavior)
                    .Add("AtRestEncryptionEnabled", c.AtRestEncryptionEnabled).Add("TransitEncryptionEnabled", c.TransitEncryptionEnabled);
                if (c.AtRestEncryptionEnabled == null || c.TransitEncryptionEnabled == null)
                {
                    var op = SnapshotOperations.AppSyncGetApiCache;
                    var error = new CallError("IncompleteAnswer",
                        $"the apiCache of API {api.Name} does not say {(c.AtRestEncryptionEnabled == null ? "atRestEncryptionEnabled" : "transitEncryptionEnabled")}",
                        op.Label, op.IamAction, SnapshotDocuments.PathOf(item.Region, op, api.ApiId));
                    yield return RuleResult.FromError(item.Region, item.Arn, api.Name, error, "the cache encryption of API " + api.Name);
                    continue;
                }
                var missing = new List<string>();
                if (c.AtRestEncryptionEnabled == false) missing.Add("at rest (atRestEncryptionEnabled false)");
                if (c.TransitEncryptionEnabled == false) missing.Add("in transit (transitEncryptionEnabled false)");
                if (missing.Count == 0)
                {
                    yield return RuleResult.Passed(item.Region, item.Arn, api.Name,
                        $"The cache of {item.Where} ({c.Type ?? "type not reported"}) is encrypted at rest and in transit.", evidence);
                    continue;
                }
                yield return RuleResult.Failed(item.Region, item.Arn, api.Name,
                    $"The cache of {item.Where} ({c.Type ?? "type not reported"}, {c.ApiCachingBehavior ?? "behavior not reported"}) is not encrypted " +
                    $"{string.Join(" nor ", missing)}: cached resolver results may hold personal data. Expected both encryptions on " +
                    "(the cache must be deleted and created again to change them).", evidence);
            }
        }
    }
}
