using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WafSecurity.Engine.Findings;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>
    /// SEC2.Lambda.DeprecatedRuntime: functions run on a runtime AWS still patches. A deprecated runtime gets no security
    /// updates and, after the block dates, the function can no longer be updated (not even to fix a vulnerability).
    /// </summary>
    public sealed class LambdaDeprecatedRuntimeRule : Rule
    {
        /// <summary>
        /// The deprecation (end of support, phase 1) date of every runtime AWS Lambda had deprecated by 2026-11-27, from the
        /// "Deprecated runtimes" table of https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html. It names the
        /// date in Reasons; the parameter DeprecatedRuntimes decides what fails.
        /// </summary>
        public static readonly IReadOnlyDictionary<string, DateTime> DeprecationDates = new Dictionary<string, DateTime>(StringComparer.OrdinalIgnoreCase)
        {
            ["nodejs"] = new DateTime(2016, 10, 31), ["nodejs4.3"] = new DateTime(2020, 3, 5), ["nodejs4.3-edge"] = new DateTime(2020, 3, 5),
            ["nodejs6.10"] = new DateTime(2019, 8, 12), ["nodejs8.10"] = new DateTime(2020, 3, 6), ["nodejs10.x"] = new DateTime(2021, 7, 30),
            ["nodejs12.x"] = new DateTime(2023, 3, 31), ["nodejs14.x"] = new DateTime(2023, 12, 4), ["nodejs16.x"] = new DateTime(2024, 6, 12),
            ["nodejs18.x"] = new DateTime(2025, 9, 1), ["nodejs20.x"] = new DateTime(2026, 4, 30),
            ["python2.7"] = new DateTime(2021, 7, 15), ["python3.6"] = new DateTime(2022, 7, 18), ["python3.7"] = new DateTime(2023, 12, 4),
            ["python3.8"] = new DateTime(2024, 10, 14), ["python3.9"] = new DateTime(2025, 12, 15), ["python3.10"] = new DateTime(2026, 10, 31),
            ["java8"] = new DateTime(2024, 1, 8), ["go1.x"] = new DateTime(2024, 1, 8), ["provided"] = new DateTime(2024, 1, 8),
            ["dotnetcore1.0"] = new DateTime(2019, 6, 27), ["dotnetcore2.0"] = new DateTime(2019, 5, 30), ["dotnetcore2.1"] = new DateTime(2022, 1, 5),
            ["dotnetcore3.1"] = new DateTime(2023, 4, 3), ["dotnet5.0"] = new DateTime(2022, 5, 10), ["dotnet6"] = new DateTime(2024, 12, 20),
            ["dotnet7"] = new DateTime(2024, 5, 14), ["dotnet8"] = new DateTime(2026, 11, 10),
            ["ruby2.5"] = new DateTime(2021, 7, 30), ["ruby2.7"] = new DateTime(2023, 12, 7), ["ruby3.2"] = new DateTime(2026, 3, 31),
        };

        /// <summary>The supported runtime to move to, per family; null where a move needs a rebuild (go1.x, provided).</summary>
        private static readonly (string Prefix, string? Successor)[] Successors =
        {
            ("nodejs", "nodejs24.x"), ("python", "python3.13"), ("java", "java21"), ("dotnet", "dotnet10"), ("ruby", "ruby3.4"),
            ("go", null), ("provided", null),
        };

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.DeprecatedRuntime",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::Lambda::Function",
            WellArchitected = new[] { "SEC06-BP01" },
            SecurityHubControl = "Lambda.2",
            ConfigRule = "lambda-function-settings-check",
            Title = "Lambda functions do not use a deprecated runtime",
            Description = "A deprecated runtime receives no security patches and, once AWS blocks updates, the function cannot be " +
                          "changed at all. Fails for a .zip function whose Runtime is in DeprecatedRuntimes (default: the runtimes " +
                          "AWS Lambda had deprecated by November 2026). Container-image functions have no managed runtime and " +
                          "produce no finding; a .zip function whose entry lacks Runtime is an Error.",
            Remediation = "Move the function to a supported runtime of the same language (test it first: major versions are not " +
                          "backward compatible): aws lambda update-function-configuration --function-name <name> --runtime <runtime>.",
            Parameters = new[]
            {
                new RuleParameter("DeprecatedRuntimes", DeprecationDates.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray(),
                    "Runtime identifiers that fail (case-insensitive). Default: every runtime AWS Lambda had deprecated by 2026-11-27."),
            },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var deprecated = new HashSet<string>(context.Parameters.GetStrings("DeprecatedRuntimes").Select(r => r.Trim()), StringComparer.OrdinalIgnoreCase);
            foreach (var region in context.Regions)
            {
                if (!region.Functions.IsOk) continue;
                foreach (var function in region.Functions.Value!)
                {
                    // Image functions bring their own runtime; there is nothing managed to judge.
                    if (string.Equals(function.PackageType, "Image", StringComparison.OrdinalIgnoreCase)) continue;
                    if (string.IsNullOrEmpty(function.Runtime))
                    {
                        // A .zip function always has a managed runtime: its absence means an incomplete answer, not a pass.
                        yield return new RuleResult
                        {
                            Status = FindingStatus.Error, Region = region.Region, ResourceArn = function.FunctionArn, ResourceName = function.FunctionName,
                            Reason = $"Could not evaluate the runtime of function {function.FunctionName}: its lambda ListFunctions entry has " +
                                     $"PackageType {function.PackageType ?? "(not reported)"} but no Runtime (it needs the IAM action lambda:ListFunctions).",
                            Evidence = new Evidence().Add("PackageType", function.PackageType),
                        };
                        continue;
                    }
                    var runtime = function.Runtime!;
                    var evidence = new Evidence().Add("Runtime", runtime).Add("PackageType", function.PackageType ?? "Zip");
                    if (!deprecated.Contains(runtime))
                    {
                        yield return RuleResult.Passed(region.Region, function.FunctionArn, function.FunctionName,
                            $"Function {function.FunctionName} uses runtime {runtime}, which is not in DeprecatedRuntimes.", evidence);
                        continue;
                    }
                    var since = DeprecationDates.TryGetValue(runtime, out var date) ? date : (DateTime?)null;
                    if (since.HasValue) evidence.Add("DeprecatedSince", since.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    var successor = SuccessorOf(runtime);
                    if (successor != null) evidence.Add("SuggestedRuntime", successor);
                    yield return new RuleResult
                    {
                        Status = FindingStatus.Failed, Region = region.Region, ResourceArn = function.FunctionArn, ResourceName = function.FunctionName,
                        Reason = $"Function {function.FunctionName} uses runtime {runtime}, which " +
                                 (since.HasValue ? $"AWS Lambda deprecated on {since.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "is listed in DeprecatedRuntimes") +
                                 "; expected a supported runtime" + (successor == null ? "." : $" such as {successor}."),
                        Evidence = evidence,
                        RepairCommand = successor == null ? null
                            : $"Update-LMFunctionConfiguration -FunctionName '{function.FunctionName}' -Region {region.Region} -Runtime {successor}",
                    };
                }
            }
        }

        private static string? SuccessorOf(string runtime)
        {
            foreach (var (prefix, successor) in Successors)
                if (runtime.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return successor;
            return null;
        }
    }
}
