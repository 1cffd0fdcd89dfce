using System.Collections.Generic;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>
    /// SEC2.Lambda.CodeSigning: .zip functions use a code signing config that rejects unsigned or untrusted code
    /// (UntrustedArtifactOnDeployment Enforce). Container-image functions are not judged: code signing does not apply to them.
    /// </summary>
    public sealed class LambdaCodeSigningRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.CodeSigning",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Low,
            ResourceType = "AWS::Lambda::Function",
            WellArchitected = new[] { "SEC06-BP04" },
            Title = "Lambda functions enforce code signing",
            Description = "One finding per .zip function. Passes when the function has a code signing config whose " +
                          "CodeSigningPolicies.UntrustedArtifactOnDeployment is Enforce, so Lambda rejects code not signed by an allowed " +
                          "signing profile. Fails without a config, or with a config that only warns (Warn, the default). Container-image " +
                          "functions (PackageType Image) are not judged. Checkov CKV_AWS_272 asks for a config; this rule also asks that it enforce.",
            Remediation = "Create a signing profile (AWS Signer), a code signing config that allows it with UntrustedArtifactOnDeployment=Enforce, " +
                          "attach it (aws lambda put-function-code-signing-config), and deploy code signed with that profile.",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var region in context.Regions)
            {
                if (!region.Functions.IsOk) continue;
                foreach (var function in region.Functions.Value!)
                {
                    if (function.IsImage) continue;
                    yield return Judge(region, function);
                }
            }
        }

        private static RuleResult Judge(RegionInventory region, LambdaFunction function)
        {
            var name = function.FunctionName;
            if (!function.CodeSigning.IsOk)
                return RuleResult.FromError(region.Region, function.FunctionArn, name, function.CodeSigning.Error
                    ?? new CallError("NotCollected", "no answer recorded", SnapshotOperations.LambdaGetFunctionCodeSigningConfig.Label,
                        SnapshotOperations.LambdaGetFunctionCodeSigningConfig.IamAction, null), $"the code signing of function {name}");
            var arn = function.CodeSigning.Value!.CodeSigningConfigArn;
            var evidence = new Evidence().Add("CodeSigningConfigArn", arn);
            if (arn == null)
                return RuleResult.Failed(region.Region, function.FunctionArn, name,
                    $"Function {name} has no code signing config, so Lambda accepts any code package for it. Expected a code signing config with UntrustedArtifactOnDeployment Enforce.", evidence);

            var id = function.CodeSigning.Value.CodeSigningConfigId!;
            if (!region.CodeSigningConfigs.TryGetValue(id, out var config) || !config.IsOk)
            {
                var error = config?.Error ?? new CallError("NotCollected", $"no answer recorded for {id}", SnapshotOperations.LambdaGetCodeSigningConfig.Label,
                    SnapshotOperations.LambdaGetCodeSigningConfig.IamAction, null);
                var result = RuleResult.FromError(region.Region, function.FunctionArn, name, error, $"code signing config {id} of function {name}");
                result.Evidence.Add("CodeSigningConfigArn", arn);
                return result;
            }
            var csc = config.Value!;
            evidence.Add("UntrustedArtifactOnDeployment", csc.UntrustedArtifactOnDeployment).Add("SigningProfileVersionArns", csc.SigningProfileVersionArns);
            return csc.Enforces
                ? RuleResult.Passed(region.Region, function.FunctionArn, name,
                    $"Function {name} uses code signing config {id}, which enforces signatures from {csc.SigningProfileVersionArns.Count} allowed signing profile version(s).", evidence)
                : RuleResult.Failed(region.Region, function.FunctionArn, name,
                    $"Function {name} uses code signing config {id} with UntrustedArtifactOnDeployment {csc.UntrustedArtifactOnDeployment}: unsigned or untrusted code is " +
                    "deployed with only a warning. Expected Enforce.", evidence);
        }
    }
}
