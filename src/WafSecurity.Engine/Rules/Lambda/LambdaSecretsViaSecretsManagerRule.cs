using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Secrets;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>
    /// SEC3.Lambda.SecretsViaSecretsManager: the positive pattern for a function's secrets. Secret-named variables hold
    /// references to Secrets Manager or SSM Parameter Store, and the execution role reads secrets by name, not every secret
    /// (secretsmanager:GetSecretValue on "*"). SEC3.Lambda.SecretsInEnvVars finds secret values in any variable; this rule
    /// judges how a function gets its secrets.
    /// </summary>
    public sealed class LambdaSecretsViaSecretsManagerRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC3.Lambda.SecretsViaSecretsManager",
            Question = WafSecurity.Question.Sec3,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::Lambda::Function",
            WellArchitected = new[] { "SEC02-BP03", "SEC03-BP02" },
            Title = "Lambda functions get secrets from Secrets Manager by reference, with GetSecretValue scoped to them",
            Description = "One finding per function. Fails when a variable whose name says secret (password, token, api key, secret, " +
                          "credential ...) holds a literal value instead of a Secrets Manager or SSM Parameter Store reference (an ARN, " +
                          "a secret name or a parameter path), or when the execution role allows secretsmanager:GetSecretValue on every " +
                          "secret (Resource \"*\", NotResource or arn:...:secret:*) without a Condition. Error when the variables could " +
                          "not be decrypted or the role could not be judged.",
            Remediation = "Store each secret in Secrets Manager, put its ARN (or name) in the variable, read it at run time (the AWS " +
                          "Parameters and Secrets Lambda Extension caches it), and allow secretsmanager:GetSecretValue only on those " +
                          "secret ARNs in the execution role.",
            Parameters = new[]
            {
                new RuleParameter("IgnorePattern", "", "A regular expression (case-insensitive) of variable NAMES never to judge, as for SEC3.Lambda.SecretsInEnvVars. Empty: none."),
            },
        };

        private const string GetSecretValue = "secretsmanager:GetSecretValue";

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters) => BuildIgnore(parameters.GetString("IgnorePattern"));

        private static Regex? BuildIgnore(string pattern) => SecretDetector.CompileIgnorePattern(pattern, Info.Id + ".IgnorePattern");

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var ignore = BuildIgnore(context.Parameters.GetString("IgnorePattern"));
            var roles = context.Shared(inventory => new LambdaRoleInventory(inventory));
            foreach (var region in context.Regions)
            {
                if (!region.Functions.IsOk) continue;
                var secretNames = region.Secrets.IsOk
                    ? new HashSet<string>(region.Secrets.Value!.SelectMany(s => new[] { s.Name, s.Arn }), StringComparer.Ordinal)
                    : new HashSet<string>(StringComparer.Ordinal);
                foreach (var function in region.Functions.Value!)
                    yield return Judge(region.Region, function, roles, secretNames, ignore);
            }
        }

        private static RuleResult Judge(string region, LambdaFunction function, LambdaRoleInventory roles, HashSet<string> listedSecrets, Regex? ignore)
        {
            var detector = SecretDetector.Default;
            var evidence = new Evidence().Add("RoleArn", function.Role);
            var problems = new List<string>();
            var literals = new List<string>();
            var references = new List<string>();
            if (function.EnvironmentError == null)
            {
                foreach (var pair in function.EnvironmentVariables.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!SecretDetector.IsSecretName(pair.Key) || (ignore != null && ignore.IsMatch(pair.Key))) continue;
                    // A secret's plain name ("orders-api-token") looks like a password to the detector; ListSecrets says it is a name.
                    var kind = detector.ReferenceKind(pair.Key, pair.Value) ?? (listedSecrets.Contains(pair.Value.Trim()) ? "SecretsManagerName" : null);
                    if (kind != null) { references.Add($"{pair.Key} ({kind})"); continue; }
                    var detection = detector.Inspect(pair.Key, pair.Value);
                    if (detection != null) literals.Add($"{pair.Key} ({detection.Detector})");
                }
            }
            if (references.Count > 0) evidence.Add("References", references.ToArray());
            if (literals.Count > 0)
            {
                evidence.Add("LiteralVariables", literals.ToArray());
                problems.Add($"secret-named variable{(literals.Count == 1 ? "" : "s")} {string.Join(", ", literals)} hold{(literals.Count == 1 ? "s" : "")} a value, not a Secrets Manager or SSM reference");
            }

            // The role: GetSecretValue on every secret lets the code (or whoever injects code into it) read all of them.
            string? roleUnknown = null;
            var role = function.Role == null ? null : roles.FindRole(function.Role);
            var roleName = function.Role == null ? "(none)" : function.Role.Substring(function.Role.LastIndexOf('/') + 1);
            if (roles.Analyzer == null)
                roleUnknown = "iam GetAccountAuthorizationDetails was not collected (it needs iam:GetAccountAuthorizationDetails)";
            else if (role == null)
                roleUnknown = $"the role {function.Role} is not in the recorded GetAccountAuthorizationDetails (it needs iam:GetAccountAuthorizationDetails)";
            else
            {
                var analysis = roles.Analyzer.Analyze(role);
                var broad = BroadGetSecretValue(analysis).ToList();
                if (broad.Count > 0)
                {
                    evidence.Add("BroadGrants", broad.ToArray());
                    problems.Add($"execution role {roleName} allows {GetSecretValue} on every secret ({string.Join("; ", broad)})");
                }
                else if (!analysis.IsComplete)
                    roleUnknown = $"role {roleName} could not be read completely ({string.Join("; ", analysis.Problems)}; it needs iam:GetAccountAuthorizationDetails)";
            }

            if (problems.Count > 0)
                return RuleResult.Failed(region, function.FunctionArn, function.FunctionName,
                    $"Function {function.FunctionName}: {string.Join("; and ", problems)}. Expected secret references in the variables and {GetSecretValue} only on the referenced secrets.", evidence);
            if (function.EnvironmentError != null)
                return new RuleResult
                {
                    Status = FindingStatus.Error, Region = region, ResourceArn = function.FunctionArn, ResourceName = function.FunctionName,
                    Reason = $"Could not evaluate function {function.FunctionName}: Lambda reported Environment.Error ({function.EnvironmentError}), so its variables " +
                             $"could not be read; the auditing principal needs kms:Decrypt on the function's key{(function.KmsKeyArn == null ? "" : " " + function.KmsKeyArn)}.",
                    Evidence = evidence.Add("EnvironmentError", function.EnvironmentError),
                };
            if (roleUnknown != null)
            {
                // A failed GetAccountAuthorizationDetails names its own error code; otherwise the data was simply not there.
                var error = (roles.Analyzer == null ? roles.Inventory.Iam.Error : null) ?? ExecutionRoleRule.NotCollected(roleUnknown);
                return RuleResult.FromError(region, function.FunctionArn, function.FunctionName, error, $"the execution role of function {function.FunctionName}");
            }
            return RuleResult.Passed(region, function.FunctionArn, function.FunctionName,
                $"Function {function.FunctionName} " + (references.Count > 0 ? $"takes its secrets by reference ({string.Join(", ", references)})" : "has no secret-named variables") +
                $" and its role {roleName} does not allow {GetSecretValue} on every secret.", evidence);
        }

        /// <summary>Allow statements that grant GetSecretValue on every secret without a Condition, as "policy statement: resources".</summary>
        private static IEnumerable<string> BroadGetSecretValue(ExecutionRoleAnalysis analysis)
        {
            var action = ActionCatalog.Default.FindAction(GetSecretValue);
            if (action == null || !analysis.Granted.Contains(action)) yield break;
            foreach (var grant in analysis.Allows.Where(g => g.Actions.Contains(action) && !g.HasConditions))
            {
                var statement = grant.Statement.Statement;
                if (grant.ResourceIsStar || statement.Resources.Any(IsEverySecret))
                    yield return $"{grant.Policy.Label} {grant.StatementLabel}: " +
                                 (statement.HasNotResource ? "NotResource [" + string.Join(", ", statement.NotResources) + "]" : "Resource [" + string.Join(", ", statement.Resources) + "]");
            }
        }

        /// <summary>arn:aws:secretsmanager:*:*:secret:* and the like: a pattern whose secret part names no secret.</summary>
        private static bool IsEverySecret(string resource)
        {
            var parts = resource.Split(new[] { ':' }, 7);
            if (parts.Length < 3 || parts[0] != "arn" || !(parts[2] == "secretsmanager" || parts[2] == "*")) return false;
            if (parts.Length < 6) return parts[parts.Length - 1] == "*";
            return parts[5] == "*" || (parts[5] == "secret" && parts.Length == 7 && parts[6] == "*");
        }
    }
}
