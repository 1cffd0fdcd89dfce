using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Iam
{
    public static class ExecRoleRuleIds
    {
        public const string Admin = "SEC2.Lambda.ExecRoleAdmin";
        public const string Wildcards = "SEC2.Lambda.ExecRoleWildcards";
        public const string PrivEsc = "SEC2.Lambda.ExecRolePrivEsc";
        public const string PassRoleStar = "SEC2.Lambda.ExecRolePassRoleStar";
        public const string DataExfil = "SEC2.Lambda.ExecRoleDataExfil";
        public const string ResourceExposure = "SEC2.Lambda.ExecRoleResourceExposure";
        public const string CredentialsExposure = "SEC2.Lambda.ExecRoleCredentialsExposure";
        public const string TrustTooBroad = "SEC2.Lambda.ExecRoleTrustTooBroad";
        public const string UnusedOrOrphan = "SEC2.Lambda.ExecRoleUnusedOrOrphan";
        public const string InfraModification = "SEC2.Lambda.ExecRoleInfraModification";
        public const string KmsAllKeys = "SEC2.Lambda.ExecRoleKmsAllKeys";
        public const string TrustConfusedDeputy = "SEC2.Lambda.ExecRoleTrustConfusedDeputy";
    }

    /// <summary>The checks behind the execution-role rules (SEC2.Lambda.ExecRoleAdmin and the others) (semantics: rule-catalog.md, section (a) and (b).5).</summary>
    public static class ExecutionRoleChecks
    {
        private const int SampleSize = 10;

        /// <summary>Known escalation paths: each set of actions, all granted, lets the role raise its own privileges.</summary>
        public static readonly IReadOnlyList<(string Name, string[] Actions)> EscalationCombinations = new List<(string, string[])>
        {
            ("create and invoke a function with a more privileged role", new[] { "iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction" }),
            ("create a function with a more privileged role and trigger it from an event source", new[] { "iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping" }),
            ("create a function with a more privileged role and trigger it from a new DynamoDB stream", new[] { "iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping", "dynamodb:CreateTable", "dynamodb:PutItem" }),
            ("create a function with a more privileged role and let anyone invoke it", new[] { "iam:PassRole", "lambda:CreateFunction", "lambda:AddPermission" }),
            ("replace the code of an existing (possibly more privileged) function", new[] { "lambda:UpdateFunctionCode" }),
            ("change an existing function's configuration (role, layers, environment)", new[] { "lambda:UpdateFunctionConfiguration" }),
            ("replace a function's code and invoke it", new[] { "lambda:UpdateFunctionCode", "lambda:InvokeFunction" }),
            ("replace a function's code and grant invoke to anyone", new[] { "lambda:UpdateFunctionCode", "lambda:AddPermission" }),
            ("write an inline policy on a role", new[] { "iam:PutRolePolicy" }),
            ("attach a managed policy to a role", new[] { "iam:AttachRolePolicy" }),
            ("write an inline policy on a user", new[] { "iam:PutUserPolicy" }),
            ("attach a managed policy to a user", new[] { "iam:AttachUserPolicy" }),
            ("write an inline policy on a group", new[] { "iam:PutGroupPolicy" }),
            ("attach a managed policy to a group", new[] { "iam:AttachGroupPolicy" }),
            ("add a user to a more privileged group", new[] { "iam:AddUserToGroup" }),
            ("create a new version of a managed policy", new[] { "iam:CreatePolicyVersion" }),
            ("make an older managed policy version the default", new[] { "iam:SetDefaultPolicyVersion" }),
            ("rewrite a role's trust policy and assume it", new[] { "iam:UpdateAssumeRolePolicy", "sts:AssumeRole" }),
            ("create access keys for another user", new[] { "iam:CreateAccessKey" }),
            ("create a console password for another user", new[] { "iam:CreateLoginProfile" }),
            ("change another user's console password", new[] { "iam:UpdateLoginProfile" }),
            ("launch an EC2 instance with a more privileged role", new[] { "iam:PassRole", "ec2:RunInstances" }),
            ("create a CloudFormation stack with a more privileged role", new[] { "iam:PassRole", "cloudformation:CreateStack" }),
            ("create a Glue development endpoint with a more privileged role", new[] { "iam:PassRole", "glue:CreateDevEndpoint" }),
            ("update a Glue development endpoint's SSH key", new[] { "glue:UpdateDevEndpoint" }),
            ("create a Data Pipeline with a more privileged role", new[] { "iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition" }),
            ("create a CodeBuild project with a more privileged role and run it", new[] { "iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild" }),
            ("run an ECS task with a more privileged role", new[] { "iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask" }),
            ("create a SageMaker notebook with a more privileged role and open it", new[] { "iam:PassRole", "sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl" }),
            ("create a Step Functions state machine with a more privileged role and start it", new[] { "iam:PassRole", "states:CreateStateMachine", "states:StartExecution" }),
            ("create an Auto Scaling group that launches instances with a more privileged role", new[] { "iam:PassRole", "autoscaling:CreateLaunchConfiguration", "autoscaling:CreateAutoScalingGroup" }),
            ("run commands on EC2 instances through Systems Manager", new[] { "ssm:SendCommand" }),
            ("start a Systems Manager session on an instance", new[] { "ssm:StartSession" }),
            ("push an SSH key to an EC2 instance", new[] { "ec2-instance-connect:SendSSHPublicKey" }),
        };

        /// <summary>Actions whose unconstrained use lets data leave (rule-catalog.md, ExecRoleDataExfil).</summary>
        public static readonly string[] DataExfiltrationActions =
        {
            "s3:GetObject", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "secretsmanager:GetSecretValue",
            "rds:CopyDBSnapshot", "rds:CreateDBSnapshot",
        };

        /// <summary>Actions that return credentials, tokens or passwords (rule-catalog.md, ExecRoleCredentialsExposure).</summary>
        public static readonly string[] CredentialsExposureActions =
        {
            "appsync:CreateApiKey", "chime:CreateApiKey", "codeartifact:GetAuthorizationToken", "codepipeline:PollForJobs",
            "cognito-identity:GetCredentialsForIdentity", "cognito-identity:GetOpenIdToken", "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
            "connect:GetFederationToken", "ec2:GetPasswordData", "ec2-instance-connect:SendSSHPublicKey", "ecr:GetAuthorizationToken",
            "ecr-public:GetAuthorizationToken", "gamelift:GetInstanceAccess", "gamelift:RequestUploadCredentials", "iam:CreateAccessKey",
            "iam:CreateLoginProfile", "iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential", "iam:UpdateAccessKey",
            "iam:UpdateLoginProfile", "iot:CreateKeysAndCertificate", "lightsail:GetInstanceAccessDetails", "lightsail:GetRelationalDatabaseMasterUserPassword",
            "lightsail:DownloadDefaultKeyPair", "mediapackage:RotateChannelCredentials", "mediapackage:RotateIngestEndpointCredentials",
            "rds-db:connect", "redshift:GetClusterCredentials", "redshift:GetClusterCredentialsWithIAM", "redshift-serverless:GetCredentials",
            "sso:GetRoleCredentials", "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:GetFederationToken",
            "sts:GetSessionToken", "sts:GetServiceBearerToken", "secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters",
            "kms:Decrypt", "kafka:GetBootstrapBrokers", "cloud9:CreateEnvironmentToken", "qldb:GetDigest", "workspaces:CreateConnectClientAddIn",
        };

        /// <summary>Access levels of Cloudsplaining's "Infrastructure Modification" (rule-catalog.md, ExecRoleInfraModification).</summary>
        public static readonly string[] InfraModificationLevels = { AccessLevels.Write, AccessLevels.Tagging, AccessLevels.PermissionsManagement };

        /// <summary>The actions Security Hub KMS.1/KMS.2 block on all keys (AWS Config blockedActionsPatterns default).</summary>
        public static readonly string[] KmsAllKeysActions = { "kms:Decrypt", "kms:ReEncryptFrom" };

        /// <summary>
        /// Condition keys that tie a service principal to the caller's own account or resource (rule-catalog.md section (b).1,
        /// the confused-deputy keys), for SEC2.Lambda.ExecRoleTrustConfusedDeputy.
        /// </summary>
        public static readonly string[] ConfusedDeputyConditionKeys =
        {
            "aws:SourceAccount", "aws:SourceOwner", "aws:SourceArn", "aws:PrincipalAccount", "aws:PrincipalArn", "aws:PrincipalOrgID",
            "aws:PrincipalOrgPaths", "aws:ResourceAccount", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceOrgID", "aws:SourceOrgPaths",
        };

        public static IReadOnlyList<LeastPrivilegeIssue> Find(ExecutionRoleAnalysis analysis, ActionCatalog catalog)
        {
            var issues = new List<LeastPrivilegeIssue>();
            var granted = analysis.Granted;
            var effectiveAllows = analysis.Allows.Select(a => (Grant: a, Effective: Intersect(a.Actions, granted))).ToList();

            // SEC2.Lambda.ExecRoleAdmin: an Allow of every action on every resource that survives Deny and boundary.
            var allActions = catalog.AllActions.Count;
            foreach (var (grant, effective) in effectiveAllows)
            {
                // Admin-shaped: Action "*" (or "*:*"), or NotAction that excludes nothing real (only unknown services).
                var statement = grant.Statement.Statement;
                var adminShaped = statement.Actions.Any(a => a == "*" || a == "*:*")
                                  || (statement.HasNotAction && statement.NotActions.All(a => catalog.Expand(a).Count == 0));
                // Still admin after Deny and boundary when nearly everything survives (a few denied actions do not make it safe).
                if (!adminShaped || !grant.ResourceIsStar || effective.Count < allActions * 0.99) continue;
                issues.Add(Issue(ExecRoleRuleIds.Admin, WafSecurity.Severity.Critical, grant,
                    $"{Where(grant)} allows every action ({effective.Count:N0} of {allActions:N0}) on every resource" +
                    (grant.HasConditions ? " (under a Condition)" : "") + ": the function's code can do anything in the account.", Sample(effective)));
            }
            foreach (var policy in analysis.Policies.Where(p => p.Arn != null && p.Arn.EndsWith(ExecutionRoleAnalyzer.AdministratorAccessArnSuffix, StringComparison.Ordinal)))
                if (!issues.Any(i => i.RuleId == ExecRoleRuleIds.Admin && i.Policy == policy.Label))
                    issues.Add(new LeastPrivilegeIssue
                    {
                        RuleId = ExecRoleRuleIds.Admin, Severity = WafSecurity.Severity.Critical, Policy = policy.Label, Statement = "(policy attached)",
                        Message = $"The AWS managed policy AdministratorAccess ({policy.Label}) is attached to the execution role.",
                    });

            foreach (var (grant, effective) in effectiveAllows)
            {
                if (effective.IsEmpty) continue;
                var statement = grant.Statement.Statement;

                // SEC2.Lambda.ExecRoleWildcards (1): service:* ; (2) resource-scopable actions on "*" without Condition; (3) NotAction / NotResource.
                foreach (var pattern in statement.Actions.Where(IsServiceWildcard))
                    issues.Add(Issue(ExecRoleRuleIds.Wildcards, WafSecurity.Severity.Medium, grant,
                        $"{Where(grant)} grants '{pattern}', every action of the service.", Sample(Intersect(Expanded(catalog, pattern), granted))));
                if (grant.Unconstrained)
                {
                    var scopable = effective.Actions().Where(a => a.SupportsResourceLevelPermissions).ToList();
                    if (scopable.Count > 0)
                        issues.Add(Issue(ExecRoleRuleIds.Wildcards, WafSecurity.Severity.Medium, grant,
                            $"{Where(grant)} grants {scopable.Count} action(s) that support resource-level permissions on Resource \"*\" without a Condition, " +
                            $"e.g. {string.Join(", ", scopable.Take(5).Select(a => a.FullName))}; name the resources instead.", scopable.Take(SampleSize).Select(a => a.FullName).ToList()));
                }
                if (statement.HasNotAction)
                    issues.Add(Issue(ExecRoleRuleIds.Wildcards, WafSecurity.Severity.Medium, grant,
                        $"{Where(grant)} is an Allow with NotAction [{string.Join(", ", statement.NotActions)}]: it grants every other action ({effective.Count:N0}).", Sample(effective)));
                if (statement.HasNotResource)
                    issues.Add(Issue(ExecRoleRuleIds.Wildcards, WafSecurity.Severity.Medium, grant,
                        $"{Where(grant)} is an Allow with NotResource [{string.Join(", ", statement.NotResources)}]: it grants its actions on every other resource.", Sample(effective)));

                // SEC2.Lambda.ExecRolePassRoleStar: iam:PassRole on "*" or under NotResource/NotAction.
                var passRole = catalog.FindAction("iam:PassRole");
                if (passRole != null && effective.Contains(passRole) && (grant.ResourceIsStar || statement.HasNotAction || statement.Resources.Any(r => r.EndsWith(":role/*", StringComparison.Ordinal))))
                    issues.Add(Issue(ExecRoleRuleIds.PassRoleStar, WafSecurity.Severity.High, grant,
                        $"{Where(grant)} allows iam:PassRole on {(statement.HasNotResource ? "every resource but [" + string.Join(", ", statement.NotResources) + "]" : "[" + string.Join(", ", statement.Resources) + "]")}" +
                        $"{(statement.HasNotAction ? " through NotAction" : "")}: the function can hand any role to a service it controls.", new[] { passRole.FullName }));

                if (!grant.Unconstrained) continue;
                // SEC2.Lambda.ExecRoleDataExfil / CredentialsExposure / ResourceExposure: unconstrained grants of sensitive actions.
                AddListed(issues, ExecRoleRuleIds.DataExfil, WafSecurity.Severity.Medium, grant, effective, catalog, DataExfiltrationActions,
                    "allows data-exfiltration actions on every resource without a Condition");
                AddListed(issues, ExecRoleRuleIds.CredentialsExposure, WafSecurity.Severity.High, grant, effective, catalog, CredentialsExposureActions,
                    "allows actions that return credentials on every resource without a Condition");
                var exposure = effective.Actions().Where(a => a.AccessLevel == AccessLevels.PermissionsManagement || a.FullName == "iam:PassRole").ToList();
                if (exposure.Count > 0)
                    issues.Add(Issue(ExecRoleRuleIds.ResourceExposure, WafSecurity.Severity.High, grant,
                        $"{Where(grant)} allows {exposure.Count} permissions-management action(s) without a resource constraint, e.g. " +
                        $"{string.Join(", ", exposure.Take(5).Select(a => a.FullName))}: the function could change who can access resources.", exposure.Take(SampleSize).Select(a => a.FullName).ToList()));
                // SEC2.Lambda.ExecRoleInfraModification (Cloudsplaining "Infrastructure Modification"): changing actions on every
                // resource. Actions that can only be granted on "*" (xray:PutTraceSegments ...) are left out: no policy can scope them.
                var modification = effective.Actions().Where(a => a.SupportsResourceLevelPermissions && InfraModificationLevels.Contains(a.AccessLevel)).ToList();
                if (modification.Count > 0)
                    issues.Add(Issue(ExecRoleRuleIds.InfraModification, WafSecurity.Severity.Low, grant,
                        $"{Where(grant)} allows {modification.Count} write, tagging or permissions-management action(s) on every resource without a Condition, e.g. " +
                        $"{string.Join(", ", modification.Take(5).Select(a => a.FullName))}: the function could change infrastructure it does not own.",
                        modification.Take(SampleSize).Select(a => a.FullName).ToList()));
            }

            // SEC2.Lambda.ExecRoleKmsAllKeys (Security Hub KMS.1/KMS.2): decrypting with every key, Condition or not unless it names keys.
            foreach (var (grant, effective) in effectiveAllows)
            {
                var decrypting = KmsAllKeysActions.Select(catalog.FindAction).Where(a => a != null && effective.Contains(a)).Select(a => a!.FullName).ToList();
                if (decrypting.Count == 0 || !CoversAllKmsKeys(grant)) continue;
                issues.Add(Issue(ExecRoleRuleIds.KmsAllKeys, WafSecurity.Severity.Medium, grant,
                    $"{Where(grant)} allows {string.Join(", ", decrypting)} on all KMS keys " +
                    $"({(grant.Statement.Statement.HasNotResource ? "NotResource" : "Resource [" + string.Join(", ", grant.Statement.Statement.Resources) + "]")}" +
                    $"{(grant.HasConditions ? ", under a Condition that names no key" : "")}): the function can decrypt data protected by any key whose key policy trusts the account.",
                    decrypting));
            }

            // SEC2.Lambda.ExecRolePrivEsc: known combinations within the effective grant (any resource, as Prowler and Cloudsplaining judge).
            foreach (var (name, actions) in EscalationCombinations)
            {
                var resolved = actions.Select(catalog.FindAction).ToList();
                if (resolved.Any(a => a == null || !granted.Contains(a))) continue;
                var sources = resolved.Select(a => (Action: a!, Grant: effectiveAllows.First(e => e.Effective.Contains(a!)).Grant)).ToList();
                var first = sources[0].Grant;
                issues.Add(new LeastPrivilegeIssue
                {
                    RuleId = ExecRoleRuleIds.PrivEsc, Severity = WafSecurity.Severity.High, Policy = first.Policy.Label, Statement = first.StatementLabel,
                    Message = $"The role can {name}: " + string.Join("; ", sources.Select(s => $"{s.Action.FullName} from {Where(s.Grant)}")) + ".",
                    Actions = resolved.Select(a => a!.FullName).ToList(),
                });
            }

            issues.AddRange(TrustIssues(analysis.Role));
            return issues;
        }

        /// <summary>SEC2.Lambda.ExecRoleTrustTooBroad: who may assume the role, from its trust policy.</summary>
        public static IEnumerable<LeastPrivilegeIssue> TrustIssues(IamRole role)
        {
            if (!role.TrustPolicy.IsOk) yield break;
            var account = Arn.AccountOf(role.Arn);
            foreach (var statement in role.TrustPolicy.Value!.Statements.Where(s => s.Effect == PolicyEffect.Allow))
            {
                var label = string.IsNullOrEmpty(statement.Sid) ? $"Statement[{statement.Index}]" : statement.Sid!;
                LeastPrivilegeIssue Trust(string severity, string message) => new LeastPrivilegeIssue
                {
                    RuleId = ExecRoleRuleIds.TrustTooBroad, Severity = severity, Policy = "trust policy", Statement = label, Message = $"Trust policy {label} {message}",
                };
                var conditioned = statement.Conditions.Count > 0;
                if (statement.NotPrincipal != null)
                    yield return Trust(WafSecurity.Severity.Critical, "is an Allow with NotPrincipal: everyone not listed may assume the role.");
                if (statement.Actions.Contains("*") || statement.HasNotAction)
                    yield return Trust(WafSecurity.Severity.Medium, "allows every action (Action \"*\" or NotAction), not only sts:AssumeRole.");
                if (statement.Principal == null) continue;
                foreach (var principal in statement.Principal.All())
                {
                    var (type, value) = (principal.Key, principal.Value);
                    if (value == "*" && (type == "*" || type.Equals("AWS", StringComparison.OrdinalIgnoreCase)))
                        yield return Trust(conditioned ? WafSecurity.Severity.Medium : WafSecurity.Severity.Critical,
                            conditioned ? "allows any AWS principal (\"*\"), limited only by its Condition." : "allows any AWS principal (\"*\") to assume the execution role.");
                    else if (type.Equals("AWS", StringComparison.OrdinalIgnoreCase))
                    {
                        var principalAccount = PrincipalMatcher.IsAccountId(value) ? value : Arn.AccountOf(value);
                        if (principalAccount != null && principalAccount != account)
                            yield return Trust(WafSecurity.Severity.Medium, $"allows another account's principal {value} to assume the role.");
                        else if (PrincipalMatcher.IsAccountId(value) || value.EndsWith(":root", StringComparison.Ordinal))
                            yield return Trust(WafSecurity.Severity.Medium, $"allows the account root {value}, so any principal in it with sts:AssumeRole can assume the role.");
                    }
                    else if (type.Equals("Service", StringComparison.OrdinalIgnoreCase)
                             && !value.Equals("lambda.amazonaws.com", StringComparison.OrdinalIgnoreCase)
                             && !value.Equals("edgelambda.amazonaws.com", StringComparison.OrdinalIgnoreCase))
                        yield return Trust(WafSecurity.Severity.Medium, $"also trusts the service {value}: an execution role should trust only lambda.amazonaws.com (and edgelambda.amazonaws.com).");
                    else if (type.Equals("Federated", StringComparison.OrdinalIgnoreCase))
                        yield return Trust(WafSecurity.Severity.Medium, $"trusts the federated principal {value}.");
                }
            }
        }

        /// <summary>
        /// SEC2.Lambda.ExecRoleTrustConfusedDeputy: trust statements that let lambda.amazonaws.com assume the role with no
        /// condition tying the call to this account or a named function. Not part of the role's least-privilege issues: it is
        /// informational (rule-catalog.md, "Trust policy confused-deputy"), and Lambda rarely sends these keys.
        /// </summary>
        public static IEnumerable<LeastPrivilegeIssue> ConfusedDeputyIssues(IamRole role)
        {
            if (!role.TrustPolicy.IsOk) yield break;
            foreach (var statement in role.TrustPolicy.Value!.Statements.Where(s => s.Effect == PolicyEffect.Allow && s.Principal != null
                         && s.Principal.Of("Service").Any(v => v.Equals("lambda.amazonaws.com", StringComparison.OrdinalIgnoreCase))))
            {
                if (statement.Conditions.Any(c => !c.OperatorIs("Null") && ConfusedDeputyConditionKeys.Any(c.KeyIs))) continue;
                var label = string.IsNullOrEmpty(statement.Sid) ? $"Statement[{statement.Index}]" : statement.Sid!;
                yield return new LeastPrivilegeIssue
                {
                    RuleId = ExecRoleRuleIds.TrustConfusedDeputy, Severity = WafSecurity.Severity.Informational, Policy = "trust policy", Statement = label,
                    Message = $"Trust policy {label} lets lambda.amazonaws.com assume the role without an aws:SourceAccount or aws:SourceArn condition" +
                              (statement.Conditions.Count > 0 ? $" (its Condition uses only {string.Join(", ", statement.Conditions.Select(c => c.Key).Distinct())})." : "."),
                    Actions = statement.Actions.ToList(),
                };
            }
        }

        /// <summary>
        /// True when the grant's resources reach every KMS key: "*", NotResource, or a key/alias pattern whose key part is "*"
        /// (arn:aws:kms:*:*:key/*). A Condition counts as a limit only when it names keys (kms:ResourceAliases, aws:ResourceTag ...).
        /// </summary>
        private static bool CoversAllKmsKeys(StatementGrant grant)
        {
            var statement = grant.Statement.Statement;
            var allKeys = grant.ResourceIsStar || statement.Resources.Any(IsEveryKmsKey);
            if (!allKeys) return false;
            return !statement.Conditions.Any(c => c.KeyIs("kms:ResourceAliases") || c.KeyIs("kms:RequestAlias") || c.Key.StartsWith("aws:ResourceTag/", StringComparison.OrdinalIgnoreCase)
                                                  || c.KeyIs("kms:KeyArn") || c.KeyIs("kms:EncryptionContextKeys") || c.Key.StartsWith("kms:EncryptionContext:", StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>arn:aws:kms:*:*:key/*, arn:aws:kms:us-east-1:123456789012:*, arn:aws:kms:*: a pattern whose key part names no key.</summary>
        private static bool IsEveryKmsKey(string resource)
        {
            var parts = resource.Split(new[] { ':' }, 6);
            if (parts.Length < 3 || parts[0] != "arn" || !(parts[2] == "kms" || parts[2] == "*")) return false;
            if (parts.Length < 6) return parts[parts.Length - 1] == "*";
            return parts[5] == "*" || parts[5] == "key/*";
        }

        /// <summary>True when the role's trust policy lets Lambda assume it (an execution role, used or not).</summary>
        public static bool IsLambdaTrusted(IamRole role)
            => role.TrustPolicy.IsOk && role.TrustPolicy.Value!.Statements.Any(s => s.Effect == PolicyEffect.Allow && s.Principal != null
                && s.Principal.Of("Service").Any(v => v.Equals("lambda.amazonaws.com", StringComparison.OrdinalIgnoreCase)));

        private static void AddListed(List<LeastPrivilegeIssue> issues, string ruleId, string severity, StatementGrant grant, ActionSet effective,
            ActionCatalog catalog, IEnumerable<string> listed, string what)
        {
            var found = listed.Select(catalog.FindAction).Where(a => a != null && effective.Contains(a)).Select(a => a!.FullName).Distinct().ToList();
            if (found.Count > 0)
                issues.Add(Issue(ruleId, severity, grant, $"{Where(grant)} {what}: {string.Join(", ", found)}.", found));
        }

        private static LeastPrivilegeIssue Issue(string ruleId, string severity, StatementGrant grant, string message, IReadOnlyList<string> actions)
            => new LeastPrivilegeIssue { RuleId = ruleId, Severity = severity, Policy = grant.Policy.Label, Statement = grant.StatementLabel, Message = message, Actions = actions };

        private static string Where(StatementGrant grant) => $"{grant.Policy.Label} {grant.StatementLabel}";

        private static bool IsServiceWildcard(string pattern)
        {
            var colon = pattern.IndexOf(':');
            return colon > 0 && pattern.Substring(colon + 1) == "*" && !Wildcard.HasWildcard(pattern.Substring(0, colon));
        }

        private static ActionSet Intersect(ActionSet a, ActionSet b)
        {
            var copy = a.Copy();
            copy.IntersectWith(b);
            return copy;
        }

        private static ActionSet Expanded(ActionCatalog catalog, string pattern)
        {
            var set = new ActionSet(catalog);
            foreach (var action in catalog.Expand(pattern)) set.Add(action);
            return set;
        }

        private static IReadOnlyList<string> Sample(ActionSet set) => set.Actions().Take(SampleSize).Select(a => a.FullName).ToList();
    }
}
