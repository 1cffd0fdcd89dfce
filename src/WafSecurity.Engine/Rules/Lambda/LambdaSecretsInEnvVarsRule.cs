using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Secrets;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>
    /// SEC3.Lambda.SecretsInEnvVars: no secret sits in plain text in a function's environment variables, where anyone
    /// with lambda:GetFunctionConfiguration can read it. Reports names and detectors only, never values.
    /// </summary>
    public sealed class LambdaSecretsInEnvVarsRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC3.Lambda.SecretsInEnvVars",
            Question = WafSecurity.Question.Sec3,
            Severity = WafSecurity.Severity.High,
            ResourceType = "AWS::Lambda::Function",
            WellArchitected = new[] { "SEC02-BP03" },
            Title = "Lambda environment variables hold no secrets",
            Description = "Environment variable values are readable by anyone allowed lambda:GetFunctionConfiguration and are " +
                          "copied into deployment tooling and logs. The rule combines key-name heuristics (password, secret, " +
                          "token, api key, private key, credential, auth ...) with value detectors (AWS access key ids and " +
                          "secret keys, JWTs, private keys, GitHub/Slack/Stripe/Google/SendGrid/npm/OpenAI tokens, URLs and " +
                          "connection strings with passwords, high-entropy strings). Secrets Manager and SSM Parameter Store " +
                          "ARNs, names and paths are references, not secrets. Values that could not be decrypted are an Error.",
            Remediation = "Store the secret in AWS Secrets Manager (or SSM Parameter Store SecureString), put only its ARN or " +
                          "name in the environment, read it at run time (the AWS Parameters and Secrets Lambda Extension caches " +
                          "it), and rotate the exposed value.",
            Parameters = new[]
            {
                new RuleParameter("IgnorePattern", "", "A regular expression (case-insensitive) of variable NAMES never to report, e.g. '^(LOG_LEVEL|FEATURE_.*)$'. Empty: none."),
            },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var ignore = BuildIgnore(context.Parameters.GetString("IgnorePattern"));
            var detector = SecretDetector.Default;
            foreach (var region in context.Regions)
            {
                if (!region.Functions.IsOk) continue;
                foreach (var function in region.Functions.Value!)
                {
                    var names = function.EnvironmentVariables.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
                    if (function.EnvironmentError != null)
                    {
                        yield return new RuleResult
                        {
                            Status = FindingStatus.Error, Region = region.Region, ResourceArn = function.FunctionArn, ResourceName = function.FunctionName,
                            Reason = $"Could not evaluate the environment variables of function {function.FunctionName}: Lambda reported " +
                                     $"Environment.Error ({function.EnvironmentError}), so the values could not be read and were not scanned; " +
                                     "the auditing principal needs kms:Decrypt on the function's key" +
                                     (function.KmsKeyArn == null ? "." : $" {function.KmsKeyArn}."),
                            Evidence = new Evidence().Add("EnvironmentError", function.EnvironmentError).Add("KMSKeyArn", function.KmsKeyArn)
                                .Add("Variables", names.ToArray()),
                        };
                        continue;
                    }
                    if (names.Count == 0)
                    {
                        yield return RuleResult.Passed(region.Region, function.FunctionArn, function.FunctionName,
                            $"Function {function.FunctionName} has no environment variables.");
                        continue;
                    }

                    var ignored = ignore == null ? new List<string>() : names.Where(n => ignore.IsMatch(n)).ToList();
                    var ordered = names.Select(n => new KeyValuePair<string, string>(n, function.EnvironmentVariables[n]));
                    var detections = detector.Scan(ordered, ignore);
                    var evidence = new Evidence().Add("VariableCount", names.Count);
                    if (ignored.Count > 0) evidence.Add("IgnoredVariables", ignored.ToArray());

                    if (detections.Count == 0)
                    {
                        yield return RuleResult.Passed(region.Region, function.FunctionArn, function.FunctionName,
                            $"None of the {names.Count} environment variables of function {function.FunctionName} looks like a secret" +
                            (ignored.Count > 0 ? $" ({ignored.Count} ignored by IgnorePattern)." : "."), evidence);
                        continue;
                    }

                    evidence.Add("Variables", detections.Select(d => d.Name).ToArray())
                        .Add("Detections", detections.Select(d => $"{d.Name}: {d.Detector}, sha256:{d.ValueHash}{(d.Redacted ? " (redacted at export)" : "")}").ToArray());
                    var listed = string.Join(", ", detections.Select(d => $"{d.Name} ({d.Detector})"));
                    yield return RuleResult.Failed(region.Region, function.FunctionArn, function.FunctionName,
                        $"Function {function.FunctionName} has {detections.Count} environment variable{(detections.Count == 1 ? "" : "s")} " +
                        $"that look{(detections.Count == 1 ? "s" : "")} like {(detections.Count == 1 ? "a secret" : "secrets")}: {listed}; " +
                        "expected references to Secrets Manager or SSM Parameter Store instead of secret values.", evidence);
                }
            }
        }

        public override void ValidateParameters(RuleParameterValues parameters) => BuildIgnore(parameters.GetString("IgnorePattern"));

        private static Regex? BuildIgnore(string pattern)
        {
            if (string.IsNullOrEmpty(pattern)) return null;
            try
            {
                return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Parameter {Info.Id}.IgnorePattern '{pattern}' is not a valid regular expression: {ex.Message}", ex);
            }
        }
    }
}
