using System.Collections.Generic;
using WafSecurity.Engine.Findings;

namespace WafSecurity.Engine.Rules.AppSync
{
    /// <summary>SEC1.AppSync.WafAttached: every AppSync GraphQL API is protected by an AWS WAF web ACL.</summary>
    public sealed class AppSyncWafAttachedRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC1.AppSync.WafAttached",
            Question = WafSecurity.Question.Sec1,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = AppSyncScope.ApiType,
            Title = "AppSync GraphQL APIs are protected by AWS WAF",
            Description = "One finding per AppSync GraphQL API (standard and merged), read from wafWebAclArn in appsync " +
                          "list-graphql-apis. Fails when the API has no web ACL: nothing filters abusive queries, floods or known " +
                          "bad inputs before they reach the resolvers (Checkov CKV2_AWS_33).",
            Remediation = "Associate a regional web ACL (AWS managed Core rule set, a rate-based rule, and a body-size rule " +
                          "for GraphQL) with the API: aws wafv2 associate-web-acl --web-acl-arn <web acl arn> --resource-arn " +
                          "<API ARN>.",
            WellArchitected = new[] { "SEC05-BP03" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var item in AppSyncScope.Apis(context, "the AWS WAF association"))
            {
                if (item.Incomplete != null) { yield return item.Incomplete; continue; }
                var api = item.Api;
                var evidence = item.Evidence().Add("WafWebAclArn", api.WafWebAclArn);
                if (api.WafWebAclArn != null)
                {
                    yield return RuleResult.Passed(item.Region, item.Arn, api.Name, $"{item.Where} is protected by AWS WAF web ACL {api.WafWebAclArn}.", evidence);
                    continue;
                }
                yield return RuleResult.Failed(item.Region, item.Arn, api.Name,
                    $"{item.Where} has no AWS WAF web ACL (wafWebAclArn is not set), so no rate limit or request filter stands before " +
                    "its resolvers. Expected a web ACL associated with the API.", evidence);
            }
        }
    }
}
