using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.DynamoDB
{
    /// <summary>
    /// SEC2.DynamoDB.ResourcePolicyPublicOrCrossAccount: a table's resource policy lets in neither anyone (High) nor an
    /// account outside the audited account and TrustedAccountIds (Medium). Strict mode: cross-account access is a finding
    /// unless the account is trusted (Prowler dynamodb_table_cross_account_access, is_cross_account_allowed=False).
    /// </summary>
    public sealed class DynamoDBResourcePolicyPublicOrCrossAccountRule : Rule
    {
        public const string TrustedAccountIdsParameter = "TrustedAccountIds";

        /// <summary>Every DynamoDB action counts: reading, writing and re-policying a table are all exposure.</summary>
        private static readonly string[] Actions = { "dynamodb:*" };

        private static readonly Regex AccountIdPattern = new Regex("^[0-9]{12}$", RegexOptions.CultureInvariant);

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.DynamoDB.ResourcePolicyPublicOrCrossAccount",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.High,
            ResourceType = "AWS::DynamoDB::Table",
            Title = "DynamoDB table resource policies grant no public or untrusted cross-account access",
            Description = "Reads the table's resource policy (dynamodb get-resource-policy) with the shared resource-policy analysis. " +
                          "High when an Allow statement for a DynamoDB action has a public principal with no restricting condition " +
                          "and no Deny that closes it; Medium when it lets in an account that is neither the audited account nor in " +
                          "TrustedAccountIds (a principal in that account, or a public principal limited only to that account). A " +
                          "table without a resource policy passes. Stream policies are not read.",
            Remediation = "Remove the statement (rewrite the policy: aws dynamodb put-resource-policy --resource-arn <table arn> " +
                          "--policy file://policy.json, or delete it: aws dynamodb delete-resource-policy --resource-arn <table arn>), " +
                          "or add the account to TrustedAccountIds when the access is intended.",
            Parameters = new[]
            {
                new RuleParameter(TrustedAccountIdsParameter, Array.Empty<string>(), "Account ids (12 digits) allowed to access tables besides the audited account."),
            },
            WellArchitected = new[] { "SEC03-BP07" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters)
        {
            var bad = parameters.GetStrings(TrustedAccountIdsParameter).FirstOrDefault(id => !AccountIdPattern.IsMatch(id.Trim()));
            if (bad != null)
                throw new ArgumentException($"Parameter {Info.Id}.{TrustedAccountIdsParameter} takes 12-digit AWS account ids; '{bad}' is not one.");
        }

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var trusted = context.Parameters.GetStrings(TrustedAccountIdsParameter).Select(a => a.Trim()).ToList();
            var options = new ResourceAccessOptions { Actions = Actions, CrossAccountAllowed = false, TrustedAccountIds = trusted };
            foreach (var region in context.Regions)
            {
                if (!region.Tables.IsOk) continue;
                foreach (var table in region.Tables.Value!)
                {
                    var arn = table.Description.Value?.TableArn ?? $"arn:{context.Partition}:dynamodb:{region.Region}:{context.AccountId}:table/{table.TableName}";
                    var policy = table.ResourcePolicy;
                    if (policy.State == FetchState.Absent)
                    {
                        yield return RuleResult.Passed(region.Region, arn, table.TableName, $"Table {table.TableName} has no resource policy.",
                            new Evidence().Add("ResourcePolicy", "(none)"));
                        continue;
                    }
                    if (!policy.IsOk)
                    {
                        yield return RuleResult.FromError(region.Region, arn, table.TableName, policy.Error!, "the table's resource policy");
                        continue;
                    }
                    var report = ResourceAccessAnalyzer.Analyze(policy.Value!.Document, context.AccountId, arn, options);
                    var offences = report.Statements
                        .SelectMany(s => s.Principals.Where(p => p.Classification == AccessClassification.Public || p.Classification == AccessClassification.CrossAccount)
                            .Select(p => (Statement: s, Principal: p)))
                        .OrderByDescending(o => o.Principal.Classification).ToList();
                    if (offences.Count == 0)
                    {
                        yield return RuleResult.Passed(region.Region, arn, table.TableName,
                            $"No statement of the resource policy on table {table.TableName} lets in a public principal or an account outside " +
                            $"{context.AccountId}" + (trusted.Count == 0 ? "." : $" and the trusted accounts {string.Join(", ", trusted)}."),
                            new Evidence().Add("AllowStatements", report.Statements.Count));
                        continue;
                    }
                    var isPublic = offences[0].Principal.Classification == AccessClassification.Public;
                    var (statement, principal) = offences[0];
                    var foreign = offences.SelectMany(o => o.Principal.ForeignAccounts).Distinct().OrderBy(a => a, StringComparer.Ordinal).ToArray();
                    var evidence = new Evidence()
                        .Add("Access", isPublic ? "Public" : "CrossAccount")
                        .Add("Sid", statement.Sid ?? statement.Label)
                        .Add("Principal", principal.Value)
                        .Add("Actions", string.Join(", ", statement.Actions))
                        .Add("Condition", statement.ConditionText.Length == 0 ? "(none)" : statement.ConditionText)
                        .Add("StatementJson", statement.Json);
                    if (foreign.Length > 0) evidence.Add("ForeignAccounts", foreign);
                    if (offences.Count > 1)
                        evidence.Add("OtherStatements", offences.Skip(1).Select(o => $"{o.Statement.Label}: {o.Principal.Value}").Distinct().ToArray());
                    yield return new RuleResult
                    {
                        Status = FindingStatus.Failed, Region = region.Region, ResourceArn = arn, ResourceName = table.TableName,
                        Severity = isPublic ? null : WafSecurity.Severity.Medium,
                        Reason = string.Join(" ", offences.Select(o =>
                                     $"{o.Statement.Label} of the resource policy on table '{table.TableName}' lets principal '{o.Principal.Value}' call " +
                                     $"{string.Join(", ", o.Statement.Actions)} {o.Principal.Reason}.")) +
                                 (isPublic ? " Expected no public principal without a restricting condition." : "") +
                                 (trusted.Count == 0 ? " No account is trusted (parameter TrustedAccountIds is empty)." : $" Trusted accounts: {string.Join(", ", trusted)}."),
                        Evidence = evidence,
                        // Deletes the whole policy: the one command that closes it; re-put the statements that are wanted.
                        RepairCommand = $"Remove-DDBResourcePolicy -ResourceArn '{arn}' -Region {region.Region} -Force",
                    };
                }
            }
        }
    }
}
