using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.ApiGw
{
    /// <summary>
    /// SEC1.ApiGw.TlsPolicy: API Gateway custom domain names refuse TLS 1.0 and 1.1 (their security policy is TLS_1_2 or one
    /// of the newer SecurityPolicy_* policies); optionally they must use a post-quantum policy.
    /// </summary>
    public sealed class ApiGwTlsPolicyRule : Rule
    {
        public const string RequirePostQuantumParameter = "RequirePostQuantum";
        public const string PostQuantumPoliciesParameter = "PostQuantumPolicies";
        public const string DomainNameType = "AWS::ApiGateway::DomainName";

        /// <summary>Policy names that still accept TLS 1.0 or 1.1: TLS_1_0 (and a TLS_1_1 or a SecurityPolicy_TLS10/TLS11 name, should one appear).</summary>
        private static readonly Regex LegacyPolicy = new Regex(@"(^|_)TLS_?1_?[01](_|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC1.ApiGw.TlsPolicy",
            Question = WafSecurity.Question.Sec1,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = DomainNameType,
            Title = "API Gateway custom domain names require TLS 1.2 or newer",
            Description = "One finding per custom domain name of the region, from apigateway GetDomainNames and apigatewayv2 " +
                          "GetDomainNames (a domain both list is judged once, on every endpoint either names). Fails (Medium) " +
                          "when a security policy still accepts TLS 1.0 or 1.1 (TLS_1_0); passes for TLS_1_2 and the newer " +
                          "SecurityPolicy_* policies (SecurityPolicy_TLS13_1_2_2021_06, SecurityPolicy_TLS13_1_3_2025_09, the " +
                          "*_PQ_* post-quantum and *_EDGE policies). With RequirePostQuantum, a policy must also match one of " +
                          "PostQuantumPolicies (wildcard *; Prowler's default list), else it fails at Low. A domain whose answer " +
                          "names no security policy is an Error. A listing that failed is one Error for the region.",
            Remediation = "Move the domain to a TLS 1.2+ policy: aws apigateway update-domain-name --domain-name <name> " +
                          "--patch-operations op=replace,path=/securityPolicy,value=TLS_1_2 (or an enhanced policy such as " +
                          "SecurityPolicy_TLS13_1_2_2021_06, or SecurityPolicy_TLS13_1_2_PQ_2025_09 for post-quantum key exchange). " +
                          "Check first that no client still needs TLS 1.0/1.1.",
            Parameters = new[]
            {
                new RuleParameter(RequirePostQuantumParameter, false, "Also require a post-quantum security policy (one of PostQuantumPolicies)."),
                new RuleParameter(PostQuantumPoliciesParameter, new[] { "SecurityPolicy_TLS13_1_2_*PQ_2025_09" },
                    "Security policies that count as post-quantum when RequirePostQuantum is set; * matches any characters."),
            },
            WellArchitected = new[] { "SEC09-BP02" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters) => PostQuantumPatterns(parameters);

        private static List<Regex> PostQuantumPatterns(RuleParameterValues parameters)
        {
            var names = parameters.GetStrings(PostQuantumPoliciesParameter).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).ToList();
            if (parameters.GetBool(RequirePostQuantumParameter) && names.Count == 0)
                throw new ArgumentException($"Parameter {Info.Id}.{PostQuantumPoliciesParameter} needs at least one policy name when {RequirePostQuantumParameter} is set.");
            return names.Select(RuleRegistry.ToRegex).ToList();
        }

        /// <summary>True for a policy that still accepts TLS 1.0 or 1.1.</summary>
        internal static bool IsLegacy(string policy) => LegacyPolicy.IsMatch(policy);

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var requirePq = context.Parameters.GetBool(RequirePostQuantumParameter);
            var pqPatterns = PostQuantumPatterns(context.Parameters);
            var pqNames = string.Join(", ", context.Parameters.GetStrings(PostQuantumPoliciesParameter));
            foreach (var region in context.Regions)
            {
                var domains = new Dictionary<string, List<(ApiDomainName Domain, DomainNameEndpoint Endpoint)>>(StringComparer.OrdinalIgnoreCase);
                var arns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var (listing, op) in new[] { (region.RestDomainNames, SnapshotOperations.RestGetDomainNames), (region.V2DomainNames, SnapshotOperations.V2GetDomainNames) })
                {
                    // Not collected: the reader warned once for the region; nothing was listed, so there is nothing to judge.
                    if (listing.State == FetchState.NotCollected || listing.State == FetchState.Absent) continue;
                    if (!listing.IsOk)
                    {
                        var error = RuleResult.FromError(region.Region, $"arn:{context.Partition}:apigateway:{region.Region}::/domainnames", $"{op.Label} ({region.Region})",
                            listing.Error!, $"the custom domain names of {region.Region} ({op.Label})");
                        error.ResourceType = DomainNameType;
                        yield return error;
                        continue;
                    }
                    foreach (var domain in listing.Value!)
                    {
                        if (!domains.TryGetValue(domain.DomainName, out var endpoints)) domains[domain.DomainName] = endpoints = new List<(ApiDomainName, DomainNameEndpoint)>();
                        if (domain.Endpoints.Count == 0) endpoints.Add((domain, new DomainNameEndpoint(null, null)));
                        endpoints.AddRange(domain.Endpoints.Select(e => (domain, e)));
                        if (!arns.ContainsKey(domain.DomainName) && !string.IsNullOrEmpty(domain.Arn)) arns[domain.DomainName] = domain.Arn!;
                    }
                }
                foreach (var pair in domains.OrderBy(d => d.Key, StringComparer.OrdinalIgnoreCase))
                {
                    var arn = arns.TryGetValue(pair.Key, out var a) ? a : $"arn:{context.Partition}:apigateway:{region.Region}::/domainnames/{pair.Key}";
                    yield return Judge(region.Region, arn, pair.Key, pair.Value, requirePq, pqPatterns, pqNames);
                }
            }
        }

        private static RuleResult Judge(string region, string arn, string name, List<(ApiDomainName Domain, DomainNameEndpoint Endpoint)> endpoints,
            bool requirePq, List<Regex> pqPatterns, string pqNames)
        {
            // One line per distinct (endpoint type, policy): v1 and v2 usually describe the same regional endpoint.
            var seen = endpoints.Select(e => (Type: e.Endpoint.EndpointType ?? "", Policy: e.Endpoint.SecurityPolicy ?? ""))
                .Distinct().OrderBy(e => e.Type, StringComparer.Ordinal).ToList();
            string Describe((string Type, string Policy) e) => $"{(e.Type.Length == 0 ? "endpoint" : e.Type + " endpoint")}: {(e.Policy.Length == 0 ? "no security policy" : e.Policy)}";
            var evidence = new Evidence().Add("DomainName", name)
                .Add("Sources", endpoints.Select(e => e.Domain.Source).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToArray())
                .Add("SecurityPolicies", seen.Select(Describe).ToArray());
            var where = $"Custom domain name {name}";
            RuleResult Make(string status, string severity, string reason) => new RuleResult
            {
                Status = status, Severity = severity, Region = region, ResourceArn = arn, ResourceName = name, ResourceType = DomainNameType,
                Reason = reason, Evidence = evidence,
            };

            var missing = seen.Where(e => e.Policy.Length == 0).ToList();
            if (missing.Count > 0)
                return Make(FindingStatus.Error, WafSecurity.Severity.Medium,
                    $"Could not evaluate {where}: the answer names no securityPolicy for {string.Join(", ", missing.Select(Describe))} " +
                    "(re-record apigateway get-domain-names / apigatewayv2 get-domain-names; they need the IAM action apigateway:GET).");

            var legacy = seen.Where(e => IsLegacy(e.Policy)).ToList();
            if (legacy.Count > 0)
                return Make(FindingStatus.Failed, WafSecurity.Severity.Medium,
                    $"{where} accepts TLS 1.0 and 1.1 ({string.Join("; ", legacy.Select(Describe))}). Expected TLS_1_2 or a newer SecurityPolicy_* policy.");

            if (requirePq)
            {
                var classical = seen.Where(e => !pqPatterns.Any(p => p.IsMatch(e.Policy))).ToList();
                if (classical.Count > 0)
                    return Make(FindingStatus.Failed, WafSecurity.Severity.Low,
                        $"{where} requires TLS 1.2 or newer but not a post-quantum policy ({string.Join("; ", classical.Select(Describe))}). " +
                        $"Expected one of {PostQuantumPoliciesParameter} ({pqNames}).");
            }
            return Make(FindingStatus.Passed, WafSecurity.Severity.Medium,
                $"{where} requires TLS 1.2 or newer ({string.Join("; ", seen.Select(Describe))}).");
        }
    }
}
