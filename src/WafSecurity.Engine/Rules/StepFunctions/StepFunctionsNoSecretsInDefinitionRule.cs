using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Secrets;

namespace WafSecurity.Engine.Rules.StepFunctions
{
    /// <summary>
    /// SEC3.StepFunctions.NoSecretsInDefinition: no secret sits in a state machine's definition, which anyone allowed
    /// states:DescribeStateMachine (and every execution's history) can read. Reports JSON paths and detectors, never values.
    /// </summary>
    public sealed class StepFunctionsNoSecretsInDefinitionRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC3.StepFunctions.NoSecretsInDefinition",
            Question = WafSecurity.Question.Sec3,
            Severity = WafSecurity.Severity.High,
            ResourceType = "AWS::StepFunctions::StateMachine",
            WellArchitected = new[] { "SEC02-BP03" },
            Title = "Step Functions state machine definitions hold no secrets",
            Description = "One finding per state machine. Scans every string value of the Amazon States Language definition with the " +
                          "secret detector of SEC3.Lambda.SecretsInEnvVars, each under its JSON path (States.CallApi.Parameters.Headers." +
                          "Authorization): key-name heuristics on the path below the state, and value detectors (AWS keys, JWTs, private " +
                          "keys, provider tokens, URLs with passwords, high entropy). References (Secrets Manager / SSM ARNs, dynamic " +
                          "references), JSONPath and JSONata expressions are not secrets. Error when DescribeStateMachine failed or was not recorded.",
            Remediation = "Move the secret to Secrets Manager and read it at run time (an aws-sdk:secretsmanager:getSecretValue task, or an " +
                          "EventBridge connection for HTTP tasks), update the state machine, and rotate the exposed value.",
            Parameters = new[]
            {
                new RuleParameter("IgnorePattern", "", "A regular expression (case-insensitive) of JSON paths never to report, e.g. '\\.Comment$'. Empty: none."),
            },
        };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters) => BuildIgnore(parameters.GetString("IgnorePattern"));

        private static Regex? BuildIgnore(string pattern) => SecretDetector.CompileIgnorePattern(pattern, Info.Id + ".IgnorePattern");

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var ignore = BuildIgnore(context.Parameters.GetString("IgnorePattern"));
            foreach (var region in context.Regions)
            {
                if (!region.StateMachines.IsOk) continue;
                foreach (var machine in region.StateMachines.Value!)
                    yield return Judge(region.Region, machine, ignore);
            }
        }

        private static RuleResult Judge(string region, StateMachine machine, Regex? ignore)
        {
            if (!machine.Description.IsOk)
                return RuleResult.FromError(region, machine.StateMachineArn, machine.Name, machine.Description.Error
                    ?? new CallError("NotCollected", "no answer recorded", SnapshotOperations.StepFunctionsDescribeStateMachine.Label,
                        SnapshotOperations.StepFunctionsDescribeStateMachine.IamAction, null), $"the definition of state machine {machine.Name}");
            var description = machine.Description.Value!;
            IReadOnlyList<SecretDetection> detections;
            try
            {
                detections = DefinitionSecrets.Scan(description.Definition, SecretDetector.Default, ignore);
            }
            catch (JsonException ex)
            {
                return new RuleResult
                {
                    Status = FindingStatus.Error, Region = region, ResourceArn = machine.StateMachineArn, ResourceName = machine.Name,
                    Reason = $"Could not evaluate state machine {machine.Name}: its definition is not valid JSON ({ex.Message}), so it was not scanned.",
                };
            }
            var evidence = new Evidence().Add("Type", description.Type ?? machine.Type).Add("DefinitionLength", description.Definition.Length);
            if (detections.Count == 0)
                return RuleResult.Passed(region, machine.StateMachineArn, machine.Name,
                    $"No string value of the definition of state machine {machine.Name} looks like a secret.", evidence);
            evidence.Add("Paths", detections.Select(d => d.Name).ToArray())
                .Add("Detections", detections.Select(d => $"{d.Name}: {d.Detector}, sha256:{d.ValueHash}{(d.Redacted ? " (redacted at export)" : "")}").ToArray());
            var listed = string.Join(", ", detections.Take(5).Select(d => $"{d.Name} ({d.Detector})")) + (detections.Count > 5 ? $" and {detections.Count - 5} more" : "");
            return RuleResult.Failed(region, machine.StateMachineArn, machine.Name,
                $"The definition of state machine {machine.Name} has {detections.Count} value{(detections.Count == 1 ? "" : "s")} that look" +
                $"{(detections.Count == 1 ? "s" : "")} like {(detections.Count == 1 ? "a secret" : "secrets")}: {listed}; anyone allowed " +
                "states:DescribeStateMachine or execution history reads them. Expected a Secrets Manager reference read at run time.", evidence);
        }
    }
}
