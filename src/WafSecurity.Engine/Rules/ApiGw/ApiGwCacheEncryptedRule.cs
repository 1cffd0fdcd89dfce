using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;

namespace WafSecurity.Engine.Rules.ApiGw
{
    /// <summary>SEC2.ApiGw.CacheEncrypted: a REST stage that caches responses encrypts the cache (Security Hub APIGateway.5).</summary>
    public sealed class ApiGwCacheEncryptedRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.ApiGw.CacheEncrypted",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = ApiGwScope.RestStageType,
            Title = "API Gateway REST stage caches are encrypted at rest",
            Description = "One finding per REST API stage. Fails when any methodSettings entry (*/* or a per-method override) has " +
                          "cachingEnabled true and cacheDataEncrypted false. A stage that caches nothing passes: there is no cached " +
                          "data to protect. Same as Security Hub APIGateway.5 (the AWS Config rule api-gw-cache-enabled-and-encrypted " +
                          "also fails stages that do not cache; this rule does not).",
            Remediation = "Encrypt the cache for every caching method: Update-AGStage -RestApiId <id> -StageName <stage> " +
                          "-PatchOperation @{op='replace'; path='/*/*/caching/dataEncrypted'; value='true'} (and the same for each " +
                          "method override). The cache is flushed.",
            WellArchitected = new[] { "SEC08-BP02" },
            SecurityHubControl = "APIGateway.5",
            ConfigRule = "api-gw-cache-enabled-and-encrypted",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var item in ApiGwScope.RestStages(context, "cache encryption"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var api = item.Api; var stage = item.Stage!;
                var arn = ApiGwScope.RestStageArn(context.Partition, item.Region, api.Id, stage.StageName);
                var name = ApiGwScope.StageName(api, stage);
                var where = ApiGwScope.Where(api, stage);
                var caching = stage.MethodSettings.Where(m => m.CachingEnabled == true).ToList();
                var plain = caching.Where(m => m.CacheDataEncrypted != true).ToList();
                var evidence = ApiGwScope.RestStageEvidence(api, stage).Add("CacheClusterEnabled", stage.CacheClusterEnabled)
                    .Add("CachingEnabled", caching.Select(m => m.Key).ToArray());
                if (caching.Count == 0)
                {
                    yield return RuleResult.Passed(item.Region, arn, name, $"{where} caches no method (cachingEnabled is off in every method setting).", evidence);
                    continue;
                }
                if (plain.Count == 0)
                {
                    yield return RuleResult.Passed(item.Region, arn, name,
                        $"{where} encrypts the cache of every caching method setting ({string.Join(", ", caching.Select(m => m.Describe()))}).", evidence);
                    continue;
                }
                evidence.Add("CacheNotEncrypted", plain.Select(m => m.Key).ToArray());
                yield return new RuleResult
                {
                    Status = FindingStatus.Failed, Region = item.Region, ResourceArn = arn, ResourceName = name, Evidence = evidence,
                    Reason = $"{where} caches responses without encryption (cachingEnabled true, cacheDataEncrypted false) for " +
                             string.Join(", ", plain.Select(m => $"{m.Describe()} [methodSettings '{m.Key}']")) + ". Expected cacheDataEncrypted true.",
                    RepairCommand = ApiGwScope.UpdateRestStage(item.Region, api, stage, plain.Select(m => ("replace", m.PatchPath() + "/caching/dataEncrypted", (string?)"true"))),
                };
            }
        }
    }
}
