using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Secrets;

namespace WafSecurity.Engine.Rules.ApiGw
{
    /// <summary>
    /// SEC2.ApiGw.StageVariablesSecrets: stage variables hold no secrets. Stage variables are plain configuration, readable by
    /// anyone allowed apigateway:GET and often passed to integrations in clear. Values never reach a Reason or Evidence.
    /// </summary>
    public sealed class ApiGwStageVariablesSecretsRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.ApiGw.StageVariablesSecrets",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.High,
            ResourceType = ApiGwScope.RestStageType,
            Title = "API Gateway stage variables hold no secrets",
            Description = "One finding per REST, HTTP or WebSocket API stage that has stage variables. The secret detector of " +
                          "SEC3.Lambda.SecretsInEnvVars judges each name/value pair (sensitive names with non-trivial values, AWS keys, " +
                          "JWTs, private keys, provider tokens, URLs and connection strings with passwords, high-entropy strings; " +
                          "Secrets Manager / SSM references are not secrets). Findings name the variable and the detector and carry " +
                          "only the first 8 hex characters of the value's SHA-256, never the value.",
            Remediation = "Move the secret to AWS Secrets Manager and have the integration read it (a Lambda authorizer or " +
                          "function fetches it at run time; for HTTP integrations use an authorizer or a private integration instead " +
                          "of a shared secret), remove the variable with Update-AGStage -PatchOperation @{op='remove'; " +
                          "path='/variables/<name>'} (REST) or Update-AG2Stage -StageVariable (v2), then rotate the exposed value.",
            Parameters = new[]
            {
                new RuleParameter("IgnorePattern", "", "A regular expression (case-insensitive) of variable NAMES never to report. Empty: none."),
            },
            WellArchitected = new[] { "SEC02-BP03" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters) => BuildIgnore(parameters.GetString("IgnorePattern"));

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var ignore = BuildIgnore(context.Parameters.GetString("IgnorePattern"));
            foreach (var item in ApiGwScope.RestStages(context, "the stage variables"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var api = item.Api; var stage = item.Stage!;
                if (stage.Variables.Count == 0) continue;
                yield return Judge(item.Region, ApiGwScope.RestStageArn(context.Partition, item.Region, api.Id, stage.StageName), ApiGwScope.StageName(api, stage),
                    ApiGwScope.Where(api, stage), stage.Variables, ignore, ApiGwScope.RestStageEvidence(api, stage), null);
            }
            foreach (var item in ApiGwScope.V2Stages(context, "the stage variables"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var api = item.Api; var stage = item.Stage!;
                if (stage.StageVariables.Count == 0) continue;
                yield return Judge(item.Region, ApiGwScope.V2StageArn(context.Partition, item.Region, api.ApiId, stage.StageName), ApiGwScope.StageName(api, stage),
                    ApiGwScope.Where(api, stage), stage.StageVariables, ignore, ApiGwScope.V2StageEvidence(api, stage), ApiGwScope.V2StageType);
            }
        }

        private static RuleResult Judge(string region, string arn, string name, string where, IReadOnlyDictionary<string, string> variables, Regex? ignore,
            Evidence evidence, string? type)
        {
            var names = variables.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
            var ignored = ignore == null ? new List<string>() : names.Where(n => ignore.IsMatch(n)).ToList();
            var detections = SecretDetector.Default.Scan(names.Select(n => new KeyValuePair<string, string>(n, variables[n])), ignore);
            evidence.Add("VariableCount", names.Count);
            if (ignored.Count > 0) evidence.Add("IgnoredVariables", ignored.ToArray());
            RuleResult result;
            if (detections.Count == 0)
                result = RuleResult.Passed(region, arn, name, $"None of the {ApiGwScope.Plural(names.Count, "stage variable")} of {where.Substring(0, 1).ToLowerInvariant() + where.Substring(1)} looks like a secret" +
                                                              (ignored.Count > 0 ? $" ({ignored.Count} ignored by IgnorePattern)." : "."), evidence);
            else
            {
                evidence.Add("Variables", detections.Select(d => d.Name).ToArray())
                    .Add("Detections", detections.Select(d => $"{d.Name}: {d.Detector}, sha256:{d.ValueHash}{(d.Redacted ? " (redacted at export)" : "")}").ToArray());
                result = RuleResult.Failed(region, arn, name,
                    $"{where} has {ApiGwScope.Plural(detections.Count, "stage variable")} that look{(detections.Count == 1 ? "s" : "")} like " +
                    $"{(detections.Count == 1 ? "a secret" : "secrets")}: {string.Join(", ", detections.Select(d => $"{d.Name} ({d.Detector})"))}. " +
                    "Expected no secret values in stage variables.", evidence);
            }
            result.ResourceType = type;
            return result;
        }

        private static Regex? BuildIgnore(string pattern) => SecretDetector.CompileIgnorePattern(pattern, Info.Id + ".IgnorePattern");
    }
}
