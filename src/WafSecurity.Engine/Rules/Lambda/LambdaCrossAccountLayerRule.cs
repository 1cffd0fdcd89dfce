using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Iam;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>
    /// SEC2.Lambda.CrossAccountLayer: every layer a function loads is published by the audited account, a trusted account,
    /// or (by default) an account AWS publishes its own layers from. A layer is code that runs with the function's role;
    /// its owner can publish a new version at any time and its contents are not reviewed by the function's owner.
    /// </summary>
    public sealed class LambdaCrossAccountLayerRule : Rule
    {
        public const string TrustedAccountIdsParameter = "TrustedAccountIds";
        public const string TrustedPublishersParameter = "TrustedPublisherAccountIds";

        /// <summary>
        /// Accounts AWS publishes widely used layers from (seen in the layers' documented ARNs): Powertools for AWS Lambda
        /// (Python 017000801446, TypeScript 094274105915), CloudWatch Lambda Insights (580247275435), AWS Distro for
        /// OpenTelemetry (901920570463), the AWS Parameters and Secrets Lambda Extension (us-east-1 177933569100,
        /// us-east-2 590474943231). Not exhaustive: some AWS layers use a different account per region.
        /// </summary>
        public static readonly string[] AwsPublisherAccounts =
        {
            "017000801446", "094274105915", "177933569100", "580247275435", "590474943231", "901920570463",
        };

        private static readonly Regex AccountIdPattern = new Regex("^[0-9]{12}$", RegexOptions.CultureInvariant);

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.CrossAccountLayer",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::Lambda::Function",
            Title = "Lambda functions load layers only from trusted accounts",
            Description = "Fails when a layer in the function's Layers has an ARN whose account is not the audited account, not in " +
                          "TrustedAccountIds and not in TrustedPublisherAccountIds (default: accounts AWS publishes its own layers " +
                          "from, such as Powertools for AWS Lambda and Lambda Insights; set it to an empty list to trust none). " +
                          "A layer runs inside the function with its role and its owner controls its content. Prowler " +
                          "awslambda_function_using_cross_account_layers checks the same without the AWS publisher list.",
            Remediation = "Copy the layer into an account you control (download it with aws lambda get-layer-version-by-arn, " +
                          "review it, publish it with aws lambda publish-layer-version) and point the function at your copy, or add " +
                          "the publisher's account to TrustedAccountIds when you trust it.",
            Parameters = new[]
            {
                new RuleParameter(TrustedAccountIdsParameter, Array.Empty<string>(), "Account ids (12 digits) whose layers are trusted besides the audited account."),
                new RuleParameter(TrustedPublishersParameter, AwsPublisherAccounts,
                    "Account ids of layer publishers trusted as AWS itself (default: accounts of AWS-published layers); empty: trust none."),
            },
            WellArchitected = new[] { "SEC06-BP04" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters)
        {
            foreach (var name in new[] { TrustedAccountIdsParameter, TrustedPublishersParameter })
            {
                var bad = parameters.GetStrings(name).FirstOrDefault(id => !AccountIdPattern.IsMatch(id.Trim()));
                if (bad != null)
                    throw new ArgumentException($"Parameter {Info.Id}.{name} takes 12-digit AWS account ids; '{bad}' is not one.");
            }
        }

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var trusted = new HashSet<string>(context.Parameters.GetStrings(TrustedAccountIdsParameter).Select(a => a.Trim()), StringComparer.Ordinal);
            var publishers = new HashSet<string>(context.Parameters.GetStrings(TrustedPublishersParameter).Select(a => a.Trim()), StringComparer.Ordinal);
            foreach (var region in context.Regions)
            {
                if (!region.Functions.IsOk) continue;
                foreach (var function in region.Functions.Value!)
                {
                    var layers = function.LayerArns;
                    var evidence = new Evidence().Add("Layers", layers.ToArray());
                    if (layers.Count == 0)
                    {
                        yield return RuleResult.Passed(region.Region, function.FunctionArn, function.FunctionName,
                            $"Function {function.FunctionName} uses no layers.", evidence);
                        continue;
                    }
                    var foreign = new List<(string Arn, string Account)>();
                    var unreadable = new List<string>();
                    var fromPublishers = new List<string>();
                    foreach (var layer in layers)
                    {
                        var account = IsLayerArn(layer) ? Arn.AccountOf(layer) : null;
                        if (account == null || !AccountIdPattern.IsMatch(account)) unreadable.Add(layer);
                        else if (account == context.AccountId || trusted.Contains(account)) continue;
                        else if (publishers.Contains(account)) fromPublishers.Add(layer);
                        else foreign.Add((layer, account));
                    }
                    if (foreign.Count > 0)
                    {
                        var accounts = foreign.Select(f => f.Account).Distinct().OrderBy(a => a, StringComparer.Ordinal).ToArray();
                        evidence.Add("ForeignLayers", foreign.Select(f => f.Arn).ToArray()).Add("ForeignAccounts", accounts);
                        yield return new RuleResult
                        {
                            Status = FindingStatus.Failed, Region = region.Region, ResourceArn = function.FunctionArn, ResourceName = function.FunctionName,
                            Reason = string.Join(" ", foreign.Select(f =>
                                         $"Function {function.FunctionName} loads layer '{f.Arn}' from account {f.Account}, which is neither the audited account " +
                                         $"{context.AccountId} nor trusted.")) +
                                     (trusted.Count == 0 ? " No account is trusted (parameter TrustedAccountIds is empty)." : $" Trusted accounts: {string.Join(", ", trusted.OrderBy(a => a, StringComparer.Ordinal))}."),
                            Evidence = evidence,
                            // Removing a layer breaks the code that imports it; the copy must be published first.
                            RepairCommand = null,
                        };
                        continue;
                    }
                    if (unreadable.Count > 0)
                    {
                        yield return new RuleResult
                        {
                            Status = FindingStatus.Error, Region = region.Region, ResourceArn = function.FunctionArn, ResourceName = function.FunctionName,
                            Reason = $"Could not evaluate the layers of function {function.FunctionName}: the layer ARN " +
                                     $"{string.Join(", ", unreadable.Select(u => "'" + u + "'"))} in its lambda ListFunctions entry names no account " +
                                     "(expected arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>; it needs the IAM action lambda:ListFunctions).",
                            Evidence = evidence,
                        };
                        continue;
                    }
                    if (fromPublishers.Count > 0) evidence.Add("AwsPublishedLayers", fromPublishers.ToArray());
                    yield return RuleResult.Passed(region.Region, function.FunctionArn, function.FunctionName,
                        $"Every layer of function {function.FunctionName} ({layers.Count}) comes from the audited account {context.AccountId}" +
                        (trusted.Count == 0 ? "" : ", a trusted account") +
                        (fromPublishers.Count == 0 ? "." : $" or an AWS layer publisher in TrustedPublisherAccountIds ({string.Join(", ", fromPublishers)})."),
                        evidence);
                }
            }
        }

        private static bool IsLayerArn(string arn)
        {
            var parts = arn.Split(':');
            return parts.Length >= 7 && parts[0] == "arn" && parts[2] == "lambda" && parts[5] == "layer";
        }
    }
}
