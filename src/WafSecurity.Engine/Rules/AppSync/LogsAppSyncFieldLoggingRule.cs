using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;

namespace WafSecurity.Engine.Rules.AppSync
{
    /// <summary>
    /// SEC2.Logs.AppSyncFieldLogging: every AppSync GraphQL API writes field-level logs at an accepted level, without full
    /// payloads unless the operator allows them.
    /// </summary>
    public sealed class LogsAppSyncFieldLoggingRule : Rule
    {
        private const string LevelsParameter = "FieldLogLevels";
        private const string VerboseParameter = "AllowVerboseContent";
        private static readonly string[] KnownLevels = { "NONE", "ERROR", "INFO", "DEBUG", "ALL" };

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Logs.AppSyncFieldLogging",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = AppSyncScope.ApiType,
            Title = "AppSync GraphQL APIs have field-level logging enabled",
            Description = "One finding per AppSync GraphQL API (appsync list-graphql-apis). Fails when logConfig is missing or its " +
                          "fieldLogLevel is not one of FieldLogLevels (default ERROR, ALL, as Security Hub AppSync.2; NONE never " +
                          "counts). An API that logs at ALL without excludeVerboseContent writes whole requests, responses, headers " +
                          "and resolver context to CloudWatch Logs, which may hold tokens and personal data: that is Failed with " +
                          "severity Low (logging is on, the payloads are the problem) unless AllowVerboseContent is true.",
            Remediation = "Turn field-level logging on and keep payloads out of the logs: aws appsync update-graphql-api --api-id " +
                          "<id> --name <name> --authentication-type <type> --log-config " +
                          "fieldLogLevel=ERROR,cloudWatchLogsRoleArn=<role arn>,excludeVerboseContent=true (keep the API's other " +
                          "settings: update-graphql-api replaces them).",
            Parameters = new[]
            {
                new RuleParameter(LevelsParameter, new[] { "ERROR", "ALL" }, "fieldLogLevel values that count as logging (ERROR, INFO, DEBUG, ALL)."),
                new RuleParameter(VerboseParameter, false, "True: an API logging at ALL with verbose content (excludeVerboseContent false) passes."),
            },
            WellArchitected = new[] { "SEC04-BP01", "SEC07-BP02" },
            SecurityHubControl = "AppSync.2",
            ConfigRule = "appsync-logging-enabled",
        };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters) => Levels(parameters);

        private static List<string> Levels(RuleParameterValues parameters)
        {
            var levels = parameters.GetStrings(LevelsParameter).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim().ToUpperInvariant()).Distinct().ToList();
            if (levels.Count == 0) throw new ArgumentException($"Parameter {Info.Id}.{LevelsParameter} needs at least one of ERROR, INFO, DEBUG, ALL.");
            var bad = levels.FirstOrDefault(l => !KnownLevels.Contains(l, StringComparer.Ordinal) || l == "NONE");
            if (bad != null) throw new ArgumentException($"Parameter {Info.Id}.{LevelsParameter} takes ERROR, INFO, DEBUG or ALL; '{bad}' is not one of them.");
            return levels;
        }

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var levels = Levels(context.Parameters);
            var allowVerbose = context.Parameters.GetBool(VerboseParameter);
            foreach (var item in AppSyncScope.Apis(context, "field-level logging"))
            {
                if (item.Incomplete != null) { yield return item.Incomplete; continue; }
                var api = item.Api;
                var log = api.LogConfig;
                var evidence = item.Evidence().Add("FieldLogLevel", log?.FieldLogLevel).Add("ExcludeVerboseContent", log?.ExcludeVerboseContent)
                    .Add("CloudWatchLogsRoleArn", log?.CloudWatchLogsRoleArn).Add("AcceptedLevels", levels.ToArray());
                var expected = $"Expected fieldLogLevel {string.Join(" or ", levels)}.";
                if (log == null)
                {
                    yield return RuleResult.Failed(item.Region, item.Arn, api.Name,
                        $"{item.Where} has no logConfig, so its requests and resolver errors leave no record in CloudWatch Logs. {expected}", evidence);
                    continue;
                }
                var level = log.FieldLogLevel?.Trim().ToUpperInvariant();
                if (string.IsNullOrEmpty(level))
                {
                    var op = Inventory.SnapshotOperations.AppSyncListGraphqlApis;
                    yield return RuleResult.FromError(item.Region, item.Arn, api.Name,
                        new Inventory.CallError("IncompleteAnswer", $"the logConfig of API {api.Name} ({api.ApiId}) has no fieldLogLevel", op.Label, op.IamAction,
                            Inventory.SnapshotDocuments.PathOf(item.Region, op)), "field-level logging of API " + api.Name);
                    continue;
                }
                if (level == "NONE" || !levels.Contains(level!, StringComparer.Ordinal))
                {
                    var why = level == "NONE" ? "field-level logging is off (logConfig.fieldLogLevel NONE)" : $"it logs at fieldLogLevel {level}, which is not one of the FieldLogLevels";
                    yield return RuleResult.Failed(item.Region, item.Arn, api.Name, $"{item.Where}: {why}. {expected}", evidence);
                    continue;
                }
                var verbose = level == "ALL" && log.ExcludeVerboseContent != true;
                if (verbose && !allowVerbose)
                {
                    yield return RuleResult.Failed(item.Region, item.Arn, api.Name,
                        $"{item.Where} logs at fieldLogLevel ALL with verbose content (excludeVerboseContent is " +
                        $"{(log.ExcludeVerboseContent == false ? "false" : "not set")}): field logging is on, but whole requests, responses, " +
                        "headers and resolver context go to CloudWatch Logs, with any tokens or personal data in them. Expected " +
                        "excludeVerboseContent true (or set AllowVerboseContent if full payload logs are intended).",
                        evidence, WafSecurity.Severity.Low);
                    continue;
                }
                yield return RuleResult.Passed(item.Region, item.Arn, api.Name,
                    $"{item.Where} writes field-level logs at {level}" +
                    (verbose ? " with verbose content (full payloads), which AllowVerboseContent accepts." : log.ExcludeVerboseContent == true ? ", verbose content excluded." : "."),
                    evidence);
            }
        }
    }
}
