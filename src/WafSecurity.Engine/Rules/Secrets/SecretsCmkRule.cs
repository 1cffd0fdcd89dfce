using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Secrets
{
    /// <summary>
    /// SEC3.Secrets.Cmk: the secret is encrypted with a customer managed KMS key, so its key policy (not only IAM) decides who
    /// can decrypt it, and the key can be shared with or withheld from other accounts.
    /// </summary>
    public sealed class SecretsCmkRule : Rule
    {
        public const string AllowlistParameter = "KmsKeyArns";

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC3.Secrets.Cmk",
            Question = WafSecurity.Question.Sec3,
            Severity = WafSecurity.Severity.Low,
            ResourceType = "AWS::SecretsManager::Secret",
            Title = "Secrets Manager secrets are encrypted with a customer managed KMS key",
            Description = "Fails when ListSecrets reports no KmsKeyId (the secret uses the AWS managed key aws/secretsmanager), when " +
                          "KmsKeyId names an AWS managed alias (alias/aws/...), or when kms DescribeKey reports the key's KeyManager " +
                          "as AWS. With KmsKeyArns set, the key must be one of those keys (by key ARN, key id or alias). AWS Config " +
                          "secretsmanager-using-cmk, Checkov CKV_AWS_149 and cfn_nag W77 check the same.",
            Remediation = "Create a customer managed key whose key policy lets the secret's readers decrypt, then switch the secret " +
                          "to it: aws secretsmanager update-secret --secret-id <name> --kms-key-id <key arn> (Secrets Manager " +
                          "re-encrypts the current versions).",
            Parameters = new[]
            {
                new RuleParameter(AllowlistParameter, Array.Empty<string>(), "Allowed KMS keys (key ARNs, key ids or alias names); empty: any customer managed key."),
            },
            WellArchitected = new[] { "SEC08-BP01" },
            ConfigRule = "secretsmanager-using-cmk",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var allowed = context.Parameters.GetStrings(AllowlistParameter).Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).ToList();
            var allowedIds = new HashSet<string>(allowed.Select(KeyName), StringComparer.Ordinal);
            foreach (var region in context.Regions)
            {
                if (!region.Secrets.IsOk) continue;
                foreach (var secret in region.Secrets.Value!)
                {
                    var keyRef = secret.KmsKeyId;
                    var evidence = new Evidence().Add("KmsKeyId", keyRef ?? "(none: aws/secretsmanager)");
                    if (string.IsNullOrWhiteSpace(keyRef) || IsAwsManagedAlias(keyRef!))
                    {
                        yield return Fail(region.Region, secret, allowed,
                            $"Secret {secret.Name} is encrypted with the AWS managed key aws/secretsmanager " +
                            (string.IsNullOrWhiteSpace(keyRef) ? "(ListSecrets reports no KmsKeyId)" : $"(KmsKeyId {keyRef})") +
                            "; expected a customer managed KMS key.", evidence);
                        continue;
                    }
                    var key = region.FindKey(LookupReference(keyRef!));
                    if (key.IsOk) evidence.Add("KeyArn", key.Value!.Arn).Add("KeyManager", key.Value.KeyManager).Add("KeyState", key.Value.KeyState);
                    if (allowed.Count > 0)
                    {
                        var names = new[] { KeyName(keyRef!), key.Value?.KeyId, key.Value?.Arn == null ? null : KeyName(key.Value.Arn) };
                        if (names.Any(n => n != null && allowedIds.Contains(n)))
                        {
                            yield return RuleResult.Passed(region.Region, secret.Arn, secret.Name,
                                $"Secret {secret.Name} is encrypted with KMS key {keyRef}, which is in {AllowlistParameter}.", evidence);
                            continue;
                        }
                        // Compared by key id (key ARNs and ids, and the key an alias resolved to) and by alias name.
                        yield return Fail(region.Region, secret, allowed,
                            $"Secret {secret.Name} is encrypted with KMS key {keyRef}, which is not in {AllowlistParameter} ({string.Join(", ", allowed)}).",
                            evidence.Add("AllowedKeys", allowed.ToArray()));
                        continue;
                    }
                    if (!key.IsOk)
                    {
                        var error = RuleResult.FromError(region.Region, secret.Arn, secret.Name, key.Error!,
                            $"whether secret {secret.Name} uses a customer managed key (kms:DescribeKey on {keyRef})");
                        error.Evidence.Add("KmsKeyId", keyRef);
                        yield return error;
                        continue;
                    }
                    if (string.Equals(key.Value!.KeyManager, "CUSTOMER", StringComparison.OrdinalIgnoreCase))
                    {
                        yield return RuleResult.Passed(region.Region, secret.Arn, secret.Name,
                            $"Secret {secret.Name} is encrypted with customer managed KMS key {key.Value.Arn}.", evidence);
                        continue;
                    }
                    yield return Fail(region.Region, secret, allowed,
                        $"Secret {secret.Name} is encrypted with KMS key {keyRef}, whose KeyManager is {key.Value.KeyManager ?? "(not reported)"}; " +
                        "expected a customer managed KMS key.", evidence);
                }
            }
        }

        private static RuleResult Fail(string region, Secret secret, IReadOnlyList<string> allowed, string reason, Evidence evidence)
        {
            var result = RuleResult.Failed(region, secret.Arn, secret.Name, reason, evidence);
            // Which key to use is the owner's choice, unless the allowlist names exactly one.
            if (allowed.Count == 1)
                result.RepairCommand = $"Update-SECSecret -SecretId '{secret.Name.Replace("'", "''")}' -KmsKeyId '{allowed[0]}' -Region {region}";
            return result;
        }

        /// <summary>alias/aws/secretsmanager (or any alias/aws/...), as a name or an alias ARN.</summary>
        internal static bool IsAwsManagedAlias(string keyRef)
        {
            var name = AliasName(keyRef);
            return name != null && name.StartsWith("alias/aws/", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>"alias/x" for an alias name or alias ARN; null for a key id or key ARN.</summary>
        private static string? AliasName(string keyRef)
        {
            if (keyRef.StartsWith("alias/", StringComparison.Ordinal)) return keyRef;
            var parts = keyRef.Split(new[] { ':' }, 6);
            return parts.Length == 6 && parts[0] == "arn" && parts[5].StartsWith("alias/", StringComparison.Ordinal) ? parts[5] : null;
        }

        /// <summary>How the snapshot files a key: by key id, or by "alias/name" for an alias (the collector's file key).</summary>
        private static string LookupReference(string keyRef) => AliasName(keyRef) ?? KmsKey.KeyIdOf(keyRef);

        /// <summary>A comparable name: the key id of a key ARN or id, "alias/name" for an alias.</summary>
        private static string KeyName(string keyRef) => AliasName(keyRef) ?? KmsKey.KeyIdOf(keyRef);
    }
}
