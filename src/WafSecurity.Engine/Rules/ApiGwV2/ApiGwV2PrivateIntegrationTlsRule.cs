using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules.ApiGw;

namespace WafSecurity.Engine.Rules.ApiGwV2
{
    /// <summary>
    /// SEC1.ApiGwV2.PrivateIntegrationTls: an HTTP API's private integration (VPC link) speaks HTTPS to the load balancer or
    /// Cloud Map service behind it. Private integration traffic is plain HTTP unless the integration has a TlsConfig.
    /// </summary>
    public sealed class ApiGwV2PrivateIntegrationTlsRule : Rule
    {
        public const string IntegrationType = "AWS::ApiGatewayV2::Integration";

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC1.ApiGwV2.PrivateIntegrationTls",
            Question = WafSecurity.Question.Sec1,
            Severity = WafSecurity.Severity.Low,
            ResourceType = IntegrationType,
            Title = "HTTP API private integrations use TLS",
            Description = "One finding per private integration (ConnectionType VPC_LINK) of every HTTP API, from apigatewayv2 " +
                          "GetIntegrations. Passes when the integration has a TlsConfig (API Gateway then connects with HTTPS and, " +
                          "given ServerNameToVerify, checks the backend certificate's name); fails without one, as AWS Config " +
                          "apigatewayv2-integration-private-https-enabled does. The IntegrationUri of an HTTP API private " +
                          "integration is a load balancer listener or Cloud Map service ARN, not a URL, so it says nothing about " +
                          "the protocol and is not judged. Integrations over the internet and WebSocket APIs (which have no " +
                          "TlsConfig) have no finding. An API whose integrations could not be read is one Error.",
            Remediation = "Give the integration a TLS configuration and a backend that listens with HTTPS: aws apigatewayv2 " +
                          "update-integration --api-id <id> --integration-id <id> --tls-config ServerNameToVerify=<name on the " +
                          "backend certificate>.",
            WellArchitected = new[] { "SEC09-BP02" },
            SecurityHubControl = "APIGateway.10",
            ConfigRule = "apigatewayv2-integration-private-https-enabled",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var region in context.Regions)
            {
                if (!region.ApisV2.IsOk) continue;
                foreach (var api in region.ApisV2.Value!.Where(a => string.Equals(a.ProtocolType, "HTTP", StringComparison.OrdinalIgnoreCase))
                             .OrderBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.ApiId, StringComparer.Ordinal))
                {
                    if (!api.Integrations.IsOk)
                    {
                        var op = SnapshotOperations.V2GetIntegrations;
                        var error = RuleResult.FromError(region.Region, ApiGwScope.V2ApiArn(context.Partition, region.Region, api.ApiId), api.Name,
                            api.Integrations.Error ?? new CallError("NotCollected", "no answer recorded", op.Label, op.IamAction, null),
                            $"the private integrations of HTTP API {api.Name} ({api.ApiId})");
                        error.ResourceType = ApiGwScope.V2ApiType;
                        yield return error;
                        continue;
                    }
                    foreach (var integration in api.Integrations.Value!.Where(i => i.IsPrivate).OrderBy(i => i.IntegrationId, StringComparer.Ordinal))
                        yield return Judge(context.Partition, region.Region, api, integration);
                }
            }
        }

        private static RuleResult Judge(string partition, string region, ApiV2 api, ApiIntegration integration)
        {
            var arn = $"{ApiGwScope.V2ApiArn(partition, region, api.ApiId)}/integrations/{integration.IntegrationId}";
            var name = $"{api.Name}/{integration.IntegrationId}";
            var evidence = new Evidence().Add("ApiId", api.ApiId).Add("IntegrationId", integration.IntegrationId)
                .Add("ConnectionType", integration.ConnectionType).Add("ConnectionId", integration.ConnectionId)
                .Add("IntegrationUri", integration.IntegrationUri).Add("TlsServerNameToVerify", integration.TlsServerNameToVerify);
            var where = $"Private integration {integration.IntegrationId} of HTTP API {api.Name} ({api.ApiId}, VPC link {integration.ConnectionId ?? "unknown"})";
            var result = new RuleResult
            {
                Region = region, ResourceArn = arn, ResourceName = name, ResourceType = IntegrationType, Evidence = evidence,
                Severity = WafSecurity.Severity.Low,
            };
            if (integration.HasTlsConfig)
            {
                result.Status = FindingStatus.Passed;
                result.Reason = integration.TlsServerNameToVerify != null
                    ? $"{where} uses TLS and verifies the backend certificate against {integration.TlsServerNameToVerify}."
                    : $"{where} has a TlsConfig (HTTPS to the backend) without ServerNameToVerify.";
                return result;
            }
            result.Status = FindingStatus.Failed;
            result.Reason = $"{where} has no TlsConfig, so API Gateway sends requests to {integration.IntegrationUri ?? "its backend"} over plain HTTP " +
                            "inside the VPC. Expected a TlsConfig (HTTPS to the backend).";
            // No RepairCommand: the server name comes from the backend's certificate, and the backend must listen with HTTPS first.
            return result;
        }
    }
}
