using System;
using System.Collections.Generic;

namespace WafSecurity.Engine.Inventory
{
    public sealed partial class RegionInventory
    {
        /// <summary>apigateway GetDomainNames: the region's custom domain names as API Gateway v1 lists them (EDGE, REGIONAL, PRIVATE).</summary>
        public Fetched<IReadOnlyList<ApiDomainName>> RestDomainNames { get; set; } = Fetched<IReadOnlyList<ApiDomainName>>.Absent();
        /// <summary>apigatewayv2 GetDomainNames: the region's custom domain names as API Gateway v2 lists them (REGIONAL).</summary>
        public Fetched<IReadOnlyList<ApiDomainName>> V2DomainNames { get; set; } = Fetched<IReadOnlyList<ApiDomainName>>.Absent();
        /// <summary>apigateway GetUsagePlans: the region's usage plans with the REST stages they cover.</summary>
        public Fetched<IReadOnlyList<UsagePlan>> UsagePlans { get; set; } = Fetched<IReadOnlyList<UsagePlan>>.Absent();
    }

    /// <summary>
    /// One custom domain name, from either API version: v1 has one security policy for the domain, v2 one per endpoint
    /// configuration (DomainNameConfigurations).
    /// </summary>
    public sealed class ApiDomainName
    {
        public string DomainName { get; set; } = "";
        /// <summary>domainNameArn (v1) or DomainNameArn (v2), when given.</summary>
        public string? Arn { get; set; }
        /// <summary>"apigateway" or "apigatewayv2": which listing it came from.</summary>
        public string Source { get; set; } = "";
        public IReadOnlyList<DomainNameEndpoint> Endpoints { get; set; } = Array.Empty<DomainNameEndpoint>();
    }

    /// <summary>One endpoint of a custom domain: its type (EDGE, REGIONAL, PRIVATE) and TLS security policy.</summary>
    public sealed class DomainNameEndpoint
    {
        public DomainNameEndpoint(string? endpointType, string? securityPolicy) { EndpointType = endpointType; SecurityPolicy = securityPolicy; }
        public string? EndpointType { get; }
        /// <summary>TLS_1_0, TLS_1_2, SecurityPolicy_TLS13_1_2_2021_06, ...; null when the answer has none.</summary>
        public string? SecurityPolicy { get; }
    }

    /// <summary>One usage plan of apigateway GetUsagePlans.</summary>
    public sealed class UsagePlan
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        /// <summary>The plan-wide throttle (throttle.rateLimit / burstLimit); null members when the plan sets none.</summary>
        public double? RateLimit { get; set; }
        public long? BurstLimit { get; set; }
        public IReadOnlyList<UsagePlanStage> ApiStages { get; set; } = Array.Empty<UsagePlanStage>();
    }

    /// <summary>A REST stage a usage plan covers, with its per-method throttles ("/path/VERB" to limits).</summary>
    public sealed class UsagePlanStage
    {
        public string ApiId { get; set; } = "";
        public string Stage { get; set; } = "";
        public IReadOnlyDictionary<string, UsagePlanThrottle> MethodThrottles { get; set; } = new Dictionary<string, UsagePlanThrottle>();
    }

    public sealed class UsagePlanThrottle
    {
        public UsagePlanThrottle(double? rateLimit, long? burstLimit) { RateLimit = rateLimit; BurstLimit = burstLimit; }
        public double? RateLimit { get; }
        public long? BurstLimit { get; }
    }

    /// <summary>One request validator of a REST API (apigateway GetRequestValidators).</summary>
    public sealed class RequestValidator
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public bool ValidateRequestBody { get; set; }
        public bool ValidateRequestParameters { get; set; }
    }

    /// <summary>One integration of a v2 API (apigatewayv2 GetIntegrations).</summary>
    public sealed class ApiIntegration
    {
        public string IntegrationId { get; set; } = "";
        /// <summary>AWS, AWS_PROXY, HTTP, HTTP_PROXY or MOCK.</summary>
        public string? IntegrationType { get; set; }
        /// <summary>INTERNET (default) or VPC_LINK.</summary>
        public string? ConnectionType { get; set; }
        public string? ConnectionId { get; set; }
        public string? IntegrationUri { get; set; }
        /// <summary>TlsConfig.ServerNameToVerify; null when the integration has no TlsConfig.</summary>
        public string? TlsServerNameToVerify { get; set; }
        /// <summary>True when the answer has a TlsConfig object (even one without ServerNameToVerify).</summary>
        public bool HasTlsConfig { get; set; }

        public bool IsPrivate => string.Equals(ConnectionType, "VPC_LINK", StringComparison.OrdinalIgnoreCase);
    }
}
