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
    /// SEC2.DynamoDB.ResourcePolicyPublicOrCrossAccount: a table's or its stream's resource policy lets in neither anyone (High) nor an
    /// account outside the audited account and TrustedAccountIds (Medium). Strict mode: cross-account access is a finding
    /// unless the account is trusted (Prowler dynamodb_table_cross_account_access, is_cross_account_allowed=False).
    /// </summary>
    public sealed class DynamoDBResourcePolicyPublicOrCrossAccountRule : Rule
    {
        public const string TrustedAccountIdsParameter = "TrustedAccountIds";

        /// <summary>Every DynamoDB action counts: reading, writing and re-policying a table (or reading its stream) are all exposure.</summary>
        private static readonly string[] Actions = { "dynamodb:*" };

        private static readonly Regex AccountIdPattern = new Regex("^[0-9]{12}$", RegexOptions.CultureInvariant);

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.DynamoDB.ResourcePolicyPublicOrCrossAccount",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.High,
            ResourceType = "AWS::DynamoDB::Table",
            Title = "DynamoDB table and stream resource policies grant no public or untrusted cross-account access",
            Description = "Reads the resource policy of every table and of its stream (dynamodb get-resource-policy with the table ARN and " +
                          "the LatestStreamArn that describe-table reports) with the shared resource-policy analysis. " +
                          "High when an Allow statement for a DynamoDB action has a public principal with no restricting condition " +
                          "and no Deny that closes it; Medium when it lets in an account that is neither the audited account nor in " +
                          "TrustedAccountIds (a principal in that account, or a public principal limited only to that account). A " +
                          "table without a resource policy passes; a stream gets a finding of its own (resource name '<table> stream', " +
                          "the stream ARN) only when it has a policy.",
            Remediation = "Remove the statement (rewrite the policy: aws dynamodb put-resource-policy --resource-arn <table or stream arn> " +
                          "--policy file://policy.json, or delete it: aws dynamodb delete-resource-policy --resource-arn <table or stream arn>), " +
                          "or add the account to TrustedAccountIds when the access is intended.",
            Parameters = new[]
            {
                new RuleParameter(TrustedAccountIdsParameter, Array.Empty<string>(), "Account ids (12 digits) allowed to access tables and streams besides the audited account."),
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
                        yield return RuleResult.Passed(region.Region, arn, table.TableName, $"Table {table.TableName} has no resource policy.",
                            new Evidence().Add("ResourcePolicy", "(none)"));
                    else if (!policy.IsOk)
                        yield return RuleResult.FromError(region.Region, arn, table.TableName, policy.Error!, "the table's resource policy");
                    else
                        yield return Judge(context, region.Region, arn, table.TableName, $"table '{table.TableName}'", policy.Value!, trusted, options);

                    var stream = StreamResult(context, region.Region, table, arn, trusted, options);
                    if (stream != null) yield return stream;
                }
            }
        }

        /// <summary>
        /// The stream's finding: one per stream with a policy (a stream without one says nothing; the table's finding stands
        /// for the table). A failed DescribeTable leaves it unknown whether there is a stream: Error, never a silent pass.
        /// </summary>
        private static RuleResult? StreamResult(RuleContext context, string region, DynamoDbTable table, string tableArn,
            IReadOnlyList<string> trusted, ResourceAccessOptions options)
        {
            var name = table.TableName + " stream";
            var policy = table.StreamResourcePolicy;
            var description = table.Description;
            // Without DescribeTable's LatestStreamArn (a hand-made snapshot) the ARN falls back to the table's, marked as its stream.
            var arn = description.Value?.LatestStreamArn ?? tableArn + "/stream";
            if (policy.State == FetchState.Absent)
                return description.IsOk ? null : RuleResult.FromError(region, arn, name, description.Error!, "whether the table has a stream with a resource policy");
            if (!policy.IsOk) return RuleResult.FromError(region, arn, name, policy.Error!, "the stream's resource policy");
            return Judge(context, region, arn, name, $"the stream of table '{table.TableName}'", policy.Value!, trusted, options);
        }

        private static RuleResult Judge(RuleContext context, string region, string arn, string name, string subject, ResourcePolicy policy,
            IReadOnlyList<string> trusted, ResourceAccessOptions options)
        {
            var report = ResourceAccessAnalyzer.Analyze(policy.Document, context.AccountId, arn, options);
            var offences = report.Statements
                .SelectMany(s => s.Principals.Where(p => p.Classification == AccessClassification.Public || p.Classification == AccessClassification.CrossAccount)
                    .Select(p => (Statement: s, Principal: p)))
                .OrderByDescending(o => o.Principal.Classification).ToList();
            if (offences.Count == 0)
                return RuleResult.Passed(region, arn, name,
                    $"No statement of the resource policy on {subject} lets in a public principal or an account outside " +
                    $"{context.AccountId}" + (trusted.Count == 0 ? "." : $" and the trusted accounts {string.Join(", ", trusted)}."),
                    new Evidence().Add("AllowStatements", report.Statements.Count));
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
            return new RuleResult
            {
                Status = FindingStatus.Failed, Region = region, ResourceArn = arn, ResourceName = name,
                Severity = isPublic ? null : WafSecurity.Severity.Medium,
                Reason = string.Join(" ", offences.Select(o =>
                             $"{o.Statement.Label} of the resource policy on {subject} lets principal '{o.Principal.Value}' call " +
                             $"{string.Join(", ", o.Statement.Actions)} {o.Principal.Reason}.")) +
                         (isPublic ? " Expected no public principal without a restricting condition." : "") +
                         (trusted.Count == 0 ? " No account is trusted (parameter TrustedAccountIds is empty)." : $" Trusted accounts: {string.Join(", ", trusted)}."),
                Evidence = evidence,
                // Deletes the whole policy (table or stream: the ARN says which): the one command that closes it; re-put the statements that are wanted.
                RepairCommand = $"Remove-DDBResourcePolicy -ResourceArn '{arn}' -Region {region} -Force",
            };
        }
    }
}
