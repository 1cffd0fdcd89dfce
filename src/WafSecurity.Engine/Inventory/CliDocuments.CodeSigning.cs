using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Inventory
{
    internal static partial class CliDocuments
    {
        // ---------------- Lambda code signing ----------------

        /// <summary>
        /// lambda get-function-code-signing-config: {"CodeSigningConfigArn": "...", "FunctionName": "..."}. A function without a
        /// config answers CodeSigningConfigArn "" (moto: null); both, and an absent member, mean none.
        /// </summary>
        public static FunctionCodeSigning GetFunctionCodeSigningConfig(JsonElement root)
        {
            RequireObject(root);
            return new FunctionCodeSigning { CodeSigningConfigArn = NullIfEmpty(root.GetString("CodeSigningConfigArn")) };
        }

        /// <summary>
        /// lambda get-code-signing-config: {"CodeSigningConfig": {"CodeSigningConfigArn", "AllowedPublishers":
        /// {"SigningProfileVersionArns": [...]}, "CodeSigningPolicies": {"UntrustedArtifactOnDeployment": "Warn|Enforce"}}}.
        /// A missing policy is the API default, Warn.
        /// </summary>
        public static CodeSigningConfig GetCodeSigningConfig(JsonElement root)
        {
            RequireObject(root);
            var config = root.Member("CodeSigningConfig") ?? throw new ShapeException("has no 'CodeSigningConfig'");
            if (config.ValueKind != JsonValueKind.Object) throw new ShapeException($"'CodeSigningConfig' must be an object, found {config.ValueKind}");
            var publishers = config.Member("AllowedPublishers");
            var policies = config.Member("CodeSigningPolicies");
            return new CodeSigningConfig
            {
                CodeSigningConfigArn = RequireString(config, "CodeSigningConfigArn", "CodeSigningConfig"),
                CodeSigningConfigId = config.GetString("CodeSigningConfigId"),
                SigningProfileVersionArns = publishers is JsonElement p && p.ValueKind == JsonValueKind.Object
                    ? p.GetArray("SigningProfileVersionArns").Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
                    : new System.Collections.Generic.List<string>(),
                UntrustedArtifactOnDeployment = (policies is JsonElement q && q.ValueKind == JsonValueKind.Object ? NullIfEmpty(q.GetString("UntrustedArtifactOnDeployment")) : null) ?? "Warn",
            };
        }
    }
}
