using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>
    /// SEC2.Lambda.EnvVarsCmk: a function with environment variables encrypts them with a customer managed KMS key
    /// (KMSKeyArn), so who can read them is governed by a key policy the account controls and every decryption is logged.
    /// </summary>
    public sealed class LambdaEnvVarsCmkRule : Rule
    {
        public const string RepairKeyParameter = "RepairKmsKeyArn";

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.EnvVarsCmk",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Low,
            ResourceType = "AWS::Lambda::Function",
            Title = "Lambda environment variables are encrypted with a customer managed KMS key",
            Description = "Lambda always encrypts environment variables at rest, by default with the AWS managed key aws/lambda, " +
                          "which anyone allowed to read the function configuration can use. Fails when the function has " +
                          "environment variables and no KMSKeyArn; a function without environment variables passes (Prowler " +
                          "awslambda_function_env_vars_not_encrypted_with_cmk semantics). The Reason names the variables, never " +
                          "their values.",
            Remediation = "Create a customer managed key whose key policy lets the execution role decrypt, then set it on the " +
                          "function: aws lambda update-function-configuration --function-name <name> --kms-key-arn <key arn>. " +
                          "Better still, keep secrets in Secrets Manager and pass only their names.",
            Parameters = new[]
            {
                new RuleParameter(RepairKeyParameter, "", "The customer managed key ARN RepairCommand sets; empty: no RepairCommand."),
            },
            WellArchitected = new[] { "SEC08-BP01", "SEC08-BP02" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters)
        {
            var key = parameters.GetString(RepairKeyParameter).Trim();
            if (key.Length > 0 && !key.StartsWith("arn:", StringComparison.Ordinal))
                throw new ArgumentException($"Parameter {Info.Id}.{RepairKeyParameter} takes a KMS key ARN (arn:aws:kms:...); '{key}' is not one.");
        }

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var repairKey = context.Parameters.GetString(RepairKeyParameter).Trim();
            foreach (var region in context.Regions)
            {
                if (!region.Functions.IsOk) continue;
                foreach (var function in region.Functions.Value!)
                {
                    var names = function.EnvironmentVariables.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
                    var evidence = new Evidence().Add("KMSKeyArn", function.KmsKeyArn).Add("VariableCount", names.Length);
                    if (!string.IsNullOrEmpty(function.KmsKeyArn))
                    {
                        yield return RuleResult.Passed(region.Region, function.FunctionArn, function.FunctionName,
                            $"Function {function.FunctionName} encrypts its environment with customer managed KMS key {function.KmsKeyArn}.", evidence);
                        continue;
                    }
                    if (names.Length == 0 && function.EnvironmentError != null)
                    {
                        // Lambda could not decrypt the variables, so ListFunctions shows the error instead of them.
                        yield return new RuleResult
                        {
                            Status = FindingStatus.Error, Region = region.Region, ResourceArn = function.FunctionArn, ResourceName = function.FunctionName,
                            Reason = $"Could not evaluate the environment encryption of function {function.FunctionName}: lambda ListFunctions reports " +
                                     $"Environment.Error ({function.EnvironmentError}) instead of its variables and no KMSKeyArn " +
                                     "(it needs the IAM action lambda:ListFunctions, and kms:Decrypt on the function's key).",
                            Evidence = evidence.Add("EnvironmentError", function.EnvironmentError),
                        };
                        continue;
                    }
                    if (names.Length == 0)
                    {
                        yield return RuleResult.Passed(region.Region, function.FunctionArn, function.FunctionName,
                            $"Function {function.FunctionName} has no environment variables.", evidence);
                        continue;
                    }
                    evidence.Add("VariableNames", names);
                    yield return new RuleResult
                    {
                        Status = FindingStatus.Failed, Region = region.Region, ResourceArn = function.FunctionArn, ResourceName = function.FunctionName,
                        Reason = $"Function {function.FunctionName} has {names.Length} environment variable{(names.Length == 1 ? "" : "s")} " +
                                 $"({string.Join(", ", names)}) and no KMSKeyArn, so they are encrypted with the AWS managed key aws/lambda; " +
                                 "expected a customer managed key.",
                        Evidence = evidence,
                        RepairCommand = repairKey.Length == 0 ? null
                            : $"Update-LMFunctionConfiguration -FunctionName '{LambdaPolicyAccess.Quote(function.FunctionName)}' -KMSKeyArn '{repairKey}' -Region {region.Region}",
                    };
                }
            }
        }
    }
}
