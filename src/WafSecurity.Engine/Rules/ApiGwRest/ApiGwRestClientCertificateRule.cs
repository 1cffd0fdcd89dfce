using System.Collections.Generic;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Rules.ApiGw;

namespace WafSecurity.Engine.Rules.ApiGwRest
{
    /// <summary>
    /// SEC1.ApiGwRest.ClientCertificate: REST stages present a client certificate to their HTTP backends so the backend can
    /// tell API Gateway's calls from anyone else's (Security Hub APIGateway.2).
    /// </summary>
    public sealed class ApiGwRestClientCertificateRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC1.ApiGwRest.ClientCertificate",
            Question = WafSecurity.Question.Sec1,
            Severity = WafSecurity.Severity.Low,
            ResourceType = ApiGwScope.RestStageType,
            Title = "API Gateway REST stages authenticate to their backends with a client certificate",
            Description = "One finding per REST API stage: passes when the stage has a clientCertificateId. The certificate lets an " +
                          "HTTP/HTTP_PROXY backend verify that calls come from API Gateway (mutual TLS towards the backend). It is " +
                          "irrelevant for Lambda, AWS service and private (VPC link) integrations, which is why the severity is Low. " +
                          "Same as Security Hub APIGateway.2 / AWS Config api-gw-ssl-enabled.",
            Remediation = "Generate a client certificate and set it on the stage (New-AGClientCertificate, then Update-AGStage " +
                          "-PatchOperation @{op='replace'; path='/clientCertificateId'; value='<id>'}), and configure the backend to " +
                          "require it (the PEM is returned by Get-AGClientCertificate).",
            WellArchitected = new[] { "SEC09-BP03" },
            SecurityHubControl = "APIGateway.2",
            ConfigRule = "api-gw-ssl-enabled",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var item in ApiGwScope.RestStages(context, "the client certificate"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var api = item.Api; var stage = item.Stage!;
                var arn = ApiGwScope.RestStageArn(context.Partition, item.Region, api.Id, stage.StageName);
                var name = ApiGwScope.StageName(api, stage);
                var where = ApiGwScope.Where(api, stage);
                var evidence = ApiGwScope.RestStageEvidence(api, stage).Add("ClientCertificateId", stage.ClientCertificateId);
                if (stage.ClientCertificateId != null)
                {
                    yield return RuleResult.Passed(item.Region, arn, name, $"{where} presents client certificate {stage.ClientCertificateId} to its backends.", evidence);
                    continue;
                }
                yield return new RuleResult
                {
                    Status = FindingStatus.Failed, Region = item.Region, ResourceArn = arn, ResourceName = name, Evidence = evidence,
                    Reason = $"{where} has no client certificate (clientCertificateId is not set), so its HTTP backends cannot verify that " +
                             "calls come from API Gateway. Expected a clientCertificateId.",
                    // Harmless until the backend is configured to require the certificate.
                    RepairCommand = $"Update-AGStage -RestApiId {api.Id} -StageName {ApiGwScope.Quote(stage.StageName)} -Region {item.Region} " +
                                    $"-PatchOperation @{{op='replace'; path='/clientCertificateId'; value=(New-AGClientCertificate -Region {item.Region} " +
                                    $"-Description {ApiGwScope.Quote($"Backend authentication for {api.Name}/{stage.StageName}")}).ClientCertificateId}}",
                };
            }
        }
    }
}
