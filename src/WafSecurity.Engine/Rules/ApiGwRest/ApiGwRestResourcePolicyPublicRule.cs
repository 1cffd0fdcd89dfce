using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules.ApiGw;

namespace WafSecurity.Engine.Rules.ApiGwRest
{
    /// <summary>
    /// SEC1.ApiGwRest.ResourcePolicyPublic: a REST API's resource policy does not let anyone invoke it. The policy is judged
    /// by the shared ResourceAccessAnalyzer (public principal, restricting conditions, Deny-aware); a PRIVATE API without a
    /// policy is reported as a misconfiguration (API Gateway rejects every call to it).
    /// </summary>
    public sealed class ApiGwRestResourcePolicyPublicRule : Rule
    {
        public const string InvokeAction = "execute-api:Invoke";

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC1.ApiGwRest.ResourcePolicyPublic",
            Question = WafSecurity.Question.Sec1,
            Severity = WafSecurity.Severity.High,
            ResourceType = ApiGwScope.RestApiType,
            Title = "REST API resource policies do not let anyone invoke the API",
            Description = "One finding per REST API. Fails (High) when an Allow statement of the API's resource policy grants " +
                          "execute-api:Invoke (directly, by execute-api:* or by *) to a public principal (\"*\", {\"AWS\":\"*\"}, a " +
                          "wildcard, NotPrincipal) without a restricting condition with fixed values (aws:SourceVpce, aws:SourceVpc, a " +
                          "private aws:SourceIp range, aws:PrincipalOrgID, aws:PrincipalAccount, ...) and without a Deny that closes it " +
                          "to everyone outside such a boundary. A grant limited to public IP ranges (IpAddress aws:SourceIp, or a Deny " +
                          "with NotIpAddress) fails at Medium: anyone behind those addresses can call. Grants to named accounts are " +
                          "not this rule's concern. A PRIVATE API without a resource policy fails at Low: API Gateway rejects every " +
                          "call to it, which is a broken deployment rather than an exposure. Method authorization still applies to " +
                          "public grants; see SEC1.ApiGwRest.MethodAuthorization.",
            Remediation = "Limit the Allow to your VPC endpoint, VPC, organization or accounts (Condition StringEquals " +
                          "aws:SourceVpce / aws:PrincipalOrgID), or add a Deny for everyone outside them, then redeploy the API: " +
                          "Update-AGRestApi -RestApiId <id> -PatchOperation @{op='replace'; path='/policy'; value='<policy json>'}; " +
                          "New-AGDeployment -RestApiId <id> -StageName <stage>.",
            WellArchitected = new[] { "SEC03-BP07" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var region in context.Regions)
            {
                if (!region.RestApis.IsOk) continue;
                foreach (var api in region.RestApis.Value!.OrderBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.Id, StringComparer.Ordinal))
                    yield return EvaluateApi(context, region.Region, api);
            }
        }

        private static RuleResult EvaluateApi(RuleContext context, string region, RestApi api)
        {
            var arn = ApiGwScope.RestApiArn(context.Partition, region, api.Id);
            var endpoint = ApiGwScope.Endpoint(api);
            var where = $"REST API {api.Name} ({api.Id}, endpoint {endpoint})";
            var evidence = new Evidence().Add("RestApiId", api.Id).Add("EndpointTypes", endpoint);
            if (api.Policy.Error != null) return RuleResult.FromError(region, arn, api.Name, api.Policy.Error, $"the resource policy of REST API {api.Name} ({api.Id})");
            if (!api.Policy.IsOk)
            {
                evidence.Add("Policy", "(none)");
                return api.IsPrivate
                    ? RuleResult.Failed(region, arn, api.Name, $"{where} is PRIVATE but has no resource policy, so API Gateway rejects every call to it " +
                                                               "(a private API needs a policy that allows its VPC endpoints). Expected a resource policy limited to your VPC endpoints.",
                        evidence, WafSecurity.Severity.Low)
                    : RuleResult.Passed(region, arn, api.Name, $"{where} has no resource policy, so it grants no one access by policy; its methods' " +
                                                               "authorization decides who may call.", evidence);
            }

            var resource = $"arn:{context.Partition}:execute-api:{region}:{context.AccountId}:{api.Id}/*/*/*";
            var document = Expand(api.Policy.Value!, context.Partition, region, context.AccountId, api.Id);
            var report = ResourceAccessAnalyzer.Analyze(document, context.AccountId, resource,
                new ResourceAccessOptions { Actions = new[] { InvokeAction }, CrossAccountAllowed = true, UnsignedActions = new[] { InvokeAction } });
            var open = report.WithPrincipals(AccessClassification.Public).ToList();
            if (open.Count == 0)
            {
                var limits = report.Statements.SelectMany(s => s.Principals.Select(p => $"{s.Label}: principal '{p.Value}' {p.Reason}")).ToList();
                evidence.Add("Statements", limits.ToArray());
                return RuleResult.Passed(region, arn, api.Name, $"No statement of the resource policy of {where} lets a public principal invoke it without " +
                                                                "a restricting condition" + (limits.Count == 0 ? " (it grants execute-api:Invoke to no one)." : $" ({string.Join("; ", limits)})."), evidence);
            }

            var ipOnly = open.All(s => PublicIpRanges(s.Statement, document.Statements) != null);
            var sentences = open.Select(s =>
            {
                var ranges = PublicIpRanges(s.Statement, document.Statements);
                var who = string.Join(", ", s.PrincipalsOf(AccessClassification.Public).Select(p => $"'{p.Value}'"));
                return ranges != null
                    ? $"{s.Label} lets principal {who} call {string.Join(", ", s.Actions)} from the public IP ranges {string.Join(", ", ranges)}, so anyone behind those addresses can invoke it."
                    : $"{s.Label} lets principal {who} call {string.Join(", ", s.Actions)} {s.PrincipalsOf(AccessClassification.Public).First().Reason}.";
            }).ToList();
            evidence.Add("Statements", open.Select(s => s.Json).ToArray()).Add("Conditions", open.Select(s => s.ConditionText).Where(c => c.Length > 0).ToArray());
            return RuleResult.Failed(region, arn, api.Name,
                $"The resource policy of {where}: {string.Join(" ", sentences)} Expected a public principal only with a condition limiting callers to " +
                "your VPC endpoints, VPCs, private networks, organization or accounts.", evidence, ipOnly ? WafSecurity.Severity.Medium : null);
        }

        /// <summary>
        /// API Gateway accepts "execute-api:/stage/VERB/path" as shorthand for this API's ARN; expand it so Deny statements
        /// written that way are matched against the API.
        /// </summary>
        internal static PolicyDocument Expand(ResourcePolicy policy, string partition, string region, string account, string apiId)
        {
            if (policy.Source.IndexOf("execute-api:/", StringComparison.Ordinal) < 0) return policy.Document;
            try
            {
                return PolicyParser.Parse(policy.Source.Replace("execute-api:/", $"arn:{partition}:execute-api:{region}:{account}:{apiId}/"));
            }
            catch (PolicyParseException)
            {
                return policy.Document;
            }
        }

        /// <summary>
        /// The public ranges that limit a public Allow: its own IpAddress aws:SourceIp condition, or a Deny on everyone with
        /// NotIpAddress aws:SourceIp; null when neither limits it, or when a range is the whole internet.
        /// </summary>
        internal static IReadOnlyList<string>? PublicIpRanges(PolicyStatement allow, IReadOnlyList<PolicyStatement> statements)
        {
            var own = allow.Conditions.FirstOrDefault(c => c.KeyIs("aws:SourceIp") && c.OperatorIs("IpAddress") && !c.IfExists && c.SetOperator == ConditionSetOperator.None);
            if (own != null) return Bounded(own.Values);
            foreach (var deny in statements.Where(s => s.Effect == PolicyEffect.Deny && s.NotPrincipal == null
                         && (s.Principal == null || s.Principal.IsWildcardString || s.Principal.Of("AWS").Any(v => v.Trim() == "*"))))
            {
                var covers = deny.Actions.Any(a => Wildcard.IsMatch(a, InvokeAction, ignoreCase: true));
                var condition = deny.Conditions.Count == 1 ? deny.Conditions[0] : null;
                if (covers && condition != null && condition.KeyIs("aws:SourceIp") && condition.OperatorIs("NotIpAddress") && condition.SetOperator == ConditionSetOperator.None)
                    return Bounded(condition.Values);
            }
            return null;
        }

        private static IReadOnlyList<string>? Bounded(IReadOnlyList<string> ranges)
        {
            if (ranges.Count == 0) return null;
            foreach (var range in ranges)
                if (!PrivateNetwork.TryParseCidr(range, out _, out var prefix) || prefix == 0) return null;
            return ranges;
        }
    }
}
