using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;

namespace WafSecurity.Engine.Rules.AppSync
{
    /// <summary>SEC1.AppSync.ApiKeyAuth: no GraphQL API accepts API keys, as its primary or an additional authorization mode.</summary>
    public sealed class AppSyncApiKeyAuthRule : Rule
    {
        private const string ApiKey = "API_KEY";

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC1.AppSync.ApiKeyAuth",
            Question = WafSecurity.Question.Sec1,
            Severity = WafSecurity.Severity.High,
            ResourceType = AppSyncScope.ApiType,
            Title = "AppSync GraphQL APIs do not accept API keys",
            Description = "One finding per AppSync GraphQL API (appsync list-graphql-apis). Fails when authenticationType is API_KEY or " +
                          "any additionalAuthenticationProviders[].authenticationType is API_KEY: an API key is a shared secret that " +
                          "identifies no caller and is usually shipped inside client code. Merged APIs have no finding: they take " +
                          "their source APIs' authorization. Prowler checks the primary mode only; Security Hub AppSync.5 and this " +
                          "rule also check the additional ones.",
            Remediation = "Use AWS_IAM, AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT or AWS_LAMBDA instead, and remove API_KEY from " +
                          "the primary and the additional authorization modes: aws appsync update-graphql-api --api-id <id> --name " +
                          "<name> --authentication-type AMAZON_COGNITO_USER_POOLS --user-pool-config ... " +
                          "[--additional-authentication-providers ...], then delete the API keys (aws appsync delete-api-key).",
            WellArchitected = new[] { "SEC05-BP02", "SEC02-BP02" },
            SecurityHubControl = "AppSync.5",
            ConfigRule = "appsync-authorization-check",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var item in AppSyncScope.Apis(context, "the authorization modes"))
            {
                var api = item.Api;
                // A merged API authorizes with its source APIs' modes; those APIs have their own findings.
                if (api.IsMerged) continue;
                if (item.Incomplete != null) { yield return item.Incomplete; continue; }
                var evidence = item.Evidence().Add("AuthenticationType", api.AuthenticationType)
                    .Add("AdditionalAuthenticationTypes", api.AdditionalAuthenticationTypes.ToArray());
                var primary = string.Equals(api.AuthenticationType, ApiKey, StringComparison.OrdinalIgnoreCase);
                var additional = api.AdditionalAuthenticationTypes.Any(t => string.Equals(t, ApiKey, StringComparison.OrdinalIgnoreCase));
                if (!primary && !additional)
                {
                    var modes = new[] { api.AuthenticationType! }.Concat(api.AdditionalAuthenticationTypes).Distinct(StringComparer.Ordinal);
                    yield return RuleResult.Passed(item.Region, item.Arn, api.Name, $"{item.Where} accepts no API key (authorization modes: {string.Join(", ", modes)}).", evidence);
                    continue;
                }
                var where = primary && additional ? "as its primary authenticationType and as an additional authentication provider"
                    : primary ? "as its primary authenticationType" : "as an additional authentication provider (additionalAuthenticationProviders)";
                yield return RuleResult.Failed(item.Region, item.Arn, api.Name,
                    $"{item.Where} accepts API keys ({ApiKey}) {where}: anyone holding the key can call it, and the key identifies no user. " +
                    "Expected AWS_IAM, AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT or AWS_LAMBDA authorization only.", evidence);
            }
        }
    }
}
