using System;
using System.Collections.Generic;

namespace WafSecurity.Engine.Inventory
{
    public sealed partial class LambdaFunction
    {
        /// <summary>
        /// lambda GetFunctionCodeSigningConfig: the code signing config the function uses. Collected for .zip functions only
        /// (container images cannot have one); Absent for image functions.
        /// </summary>
        public Fetched<FunctionCodeSigning> CodeSigning { get; set; } = Fetched<FunctionCodeSigning>.Absent();

        /// <summary>True for container-image functions (PackageType Image), which code signing does not apply to.</summary>
        public bool IsImage => string.Equals(PackageType, "Image", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>One answer of lambda GetFunctionCodeSigningConfig.</summary>
    public sealed class FunctionCodeSigning
    {
        /// <summary>The config's ARN; null when the function has none (the API answers "" or omits it).</summary>
        public string? CodeSigningConfigArn { get; set; }

        /// <summary>The config id (csc-...), the last ARN segment: the key of its GetCodeSigningConfig file.</summary>
        public string? CodeSigningConfigId => CodeSigningConfig.IdOf(CodeSigningConfigArn);
    }

    /// <summary>lambda GetCodeSigningConfig: {"CodeSigningConfig": {...}}.</summary>
    public sealed class CodeSigningConfig
    {
        public string CodeSigningConfigArn { get; set; } = "";
        public string? CodeSigningConfigId { get; set; }
        /// <summary>AllowedPublishers.SigningProfileVersionArns.</summary>
        public IReadOnlyList<string> SigningProfileVersionArns { get; set; } = Array.Empty<string>();
        /// <summary>CodeSigningPolicies.UntrustedArtifactOnDeployment: Warn (the API's default when absent) or Enforce.</summary>
        public string UntrustedArtifactOnDeployment { get; set; } = "Warn";

        public bool Enforces => string.Equals(UntrustedArtifactOnDeployment, "Enforce", StringComparison.OrdinalIgnoreCase);

        /// <summary>The id (last ARN segment, after "code-signing-config:") of a config ARN; null for null or empty.</summary>
        public static string? IdOf(string? arn)
        {
            if (string.IsNullOrEmpty(arn)) return null;
            var colon = arn!.LastIndexOf(':');
            return colon < 0 ? arn : arn.Substring(colon + 1);
        }
    }

    public sealed partial class RegionInventory
    {
        /// <summary>lambda GetCodeSigningConfig answers by config id, for every config a collected function names.</summary>
        public IReadOnlyDictionary<string, Fetched<CodeSigningConfig>> CodeSigningConfigs { get; set; } = new Dictionary<string, Fetched<CodeSigningConfig>>();
    }
}
