using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;

namespace WafSecurity.Engine.Rules.ApiGw
{
    /// <summary>
    /// SEC1.ApiGw.WafAttached: every REST API stage is protected by an AWS WAF web ACL (Security Hub APIGateway.4). HTTP and
    /// WebSocket APIs cannot be associated with AWS WAF, so they have no finding.
    /// </summary>
    public sealed class ApiGwWafAttachedRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC1.ApiGw.WafAttached",
            Question = WafSecurity.Question.Sec1,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = ApiGwScope.RestStageType,
            Title = "API Gateway REST stages are protected by AWS WAF",
            Description = "One finding per REST API stage, read from the stage's webAclArn (get-stages). Fails when the stage has " +
                          "no web ACL, or, when WebAclArns is set, when its web ACL is not one of them (AWS Config parity). HTTP and " +
                          "WebSocket APIs (API Gateway v2) cannot be associated with AWS WAF and have no finding: put CloudFront with " +
                          "a web ACL in front of them if they need one.",
            Remediation = "Associate a regional web ACL (for example with the AWS managed Core rule set and a rate-based rule) " +
                          "with the stage: Register-WAF2WebACL -WebACLArn <web acl arn> -ResourceArn " +
                          "arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>.",
            Parameters = new[]
            {
                new RuleParameter("WebAclArns", Array.Empty<string>(), "Web ACL ARNs that count; empty: any web ACL."),
            },
            WellArchitected = new[] { "SEC05-BP03" },
            SecurityHubControl = "APIGateway.4",
            ConfigRule = "api-gw-associated-with-waf",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var allowed = context.Parameters.GetStrings("WebAclArns").Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToList();
            foreach (var item in ApiGwScope.RestStages(context, "the AWS WAF association"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var api = item.Api; var stage = item.Stage!;
                var arn = ApiGwScope.RestStageArn(context.Partition, item.Region, api.Id, stage.StageName);
                var name = ApiGwScope.StageName(api, stage);
                var where = ApiGwScope.Where(api, stage);
                var evidence = ApiGwScope.RestStageEvidence(api, stage).Add("EndpointTypes", ApiGwScope.Endpoint(api)).Add("WebAclArn", stage.WebAclArn);
                if (allowed.Count > 0) evidence.Add("AllowedWebAclArns", allowed.ToArray());
                // Only a single allowed ACL gives a command that can run as written.
                var repair = allowed.Count == 1 ? $"Register-WAF2WebACL -WebACLArn {ApiGwScope.Quote(allowed[0])} -ResourceArn {ApiGwScope.Quote(arn)} -Region {item.Region}" : null;
                if (stage.WebAclArn == null)
                {
                    yield return new RuleResult
                    {
                        Status = FindingStatus.Failed, Region = item.Region, ResourceArn = arn, ResourceName = name, Evidence = evidence, RepairCommand = repair,
                        Reason = $"{where} (endpoint {ApiGwScope.Endpoint(api)}) has no AWS WAF web ACL (webAclArn is not set). Expected " +
                                 (allowed.Count > 0 ? "one of the WebAclArns." : "a web ACL associated with the stage."),
                    };
                    continue;
                }
                if (allowed.Count > 0 && !allowed.Contains(stage.WebAclArn, StringComparer.Ordinal))
                {
                    yield return new RuleResult
                    {
                        Status = FindingStatus.Failed, Region = item.Region, ResourceArn = arn, ResourceName = name, Evidence = evidence, RepairCommand = repair,
                        Reason = $"{where} is protected by web ACL {stage.WebAclArn}, which is not one of the WebAclArns ({string.Join(", ", allowed)}).",
                    };
                    continue;
                }
                yield return RuleResult.Passed(item.Region, arn, name, $"{where} is protected by AWS WAF web ACL {stage.WebAclArn}.", evidence);
            }
        }
    }
}
