using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Iam;

namespace WafSecurity.Engine.Rules.ApiGw
{
    /// <summary>
    /// SEC2.Logs.AccessLogFormatSensitive: access-log formats do not write tokens, API keys or personal data (claims such as
    /// e-mail and phone number) into the logs. A heuristic over the $context variables the format names.
    /// </summary>
    public sealed class LogsAccessLogFormatSensitiveRule : Rule
    {
        /// <summary>$context.x.y, $stageVariables.x, $request.header.x (v2), $input... as written in a format string.</summary>
        private static readonly Regex Variable = new Regex(@"\$(?:\{)?((?:context|request|input|stageVariables|util)\.[A-Za-z0-9_.\-:]+(?:\['[^']*'\])*)",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

        /// <summary>claims['email'] is written as claims.email for matching.</summary>
        private static readonly Regex Bracket = new Regex(@"\['([^']*)'\]", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        public static readonly string[] DefaultSensitive =
        {
            "$context.identity.apiKey", "$context.authorizer.*token*", "$context.authorizer.*password*", "$context.authorizer.*secret*",
            "$context.authorizer.*email*", "$context.authorizer.*phone*", "$context.authorizer.*address*", "$context.authorizer.*birthdate*",
            "$context.authorizer.claims.name", "$context.authorizer.claims.given_name", "$context.authorizer.claims.family_name",
            "$context.authorizer.jwt.claims.*email*", "$context.authorizer.jwt.claims.*phone*",
            "$request.header.authorization", "$request.header.cookie", "$request.header.x-api-key", "$request.header.*token*",
            "$context.requestOverride.header.authorization", "$input.body", "$input.json*",
        };

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Logs.AccessLogFormatSensitive",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = ApiGwScope.RestStageType,
            Title = "API Gateway access-log formats do not capture tokens or personal data",
            Description = "One finding per REST, HTTP or WebSocket API stage that has an access-log format (stages without access " +
                          "logging have no finding here; see SEC2.Logs.ApiGwAccessLogging). Fails when the format names a variable " +
                          "matching SensitiveVariables (wildcards '*', case-insensitive): by default the caller's API key, authorizer " +
                          "context or JWT claims holding tokens, passwords, secrets, e-mail, phone, address, birth date or names, " +
                          "request headers carrying credentials, and request bodies. A heuristic: review what your authorizer puts in " +
                          "its context. No peer tool checks this.",
            Remediation = "Rewrite the format without those variables (log $context.requestId, $context.identity.sourceIp, " +
                          "$context.authorizer.principalId or claims.sub, status, latency): Update-AGStage -RestApiId <id> -StageName " +
                          "<stage> -PatchOperation @{op='replace'; path='/accessLogSettings/format'; value='<format>'} or Update-AG2Stage " +
                          "-ApiId <id> -StageName <stage> -AccessLogSettings_Format '<format>'; keep the destination.",
            Parameters = new[]
            {
                new RuleParameter("SensitiveVariables", DefaultSensitive,
                    "Variable patterns that must not appear in an access-log format, e.g. '$context.authorizer.claims.email' or '$context.authorizer.*token*'."),
            },
            WellArchitected = new[] { "SEC07-BP02" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var patterns = context.Parameters.GetStrings("SensitiveVariables").Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).ToList();
            foreach (var item in ApiGwScope.RestStages(context, "the access-log format"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var api = item.Api; var stage = item.Stage!;
                if (stage.AccessLogFormat == null) continue;
                yield return Judge(item.Region, ApiGwScope.RestStageArn(context.Partition, item.Region, api.Id, stage.StageName), ApiGwScope.StageName(api, stage),
                    ApiGwScope.Where(api, stage), stage.AccessLogFormat, patterns, ApiGwScope.RestStageEvidence(api, stage), null);
            }
            foreach (var item in ApiGwScope.V2Stages(context, "the access-log format"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var api = item.Api; var stage = item.Stage!;
                if (stage.AccessLogFormat == null) continue;
                yield return Judge(item.Region, ApiGwScope.V2StageArn(context.Partition, item.Region, api.ApiId, stage.StageName), ApiGwScope.StageName(api, stage),
                    ApiGwScope.Where(api, stage), stage.AccessLogFormat, patterns, ApiGwScope.V2StageEvidence(api, stage), ApiGwScope.V2StageType);
            }
        }

        /// <summary>The variables a format names ("$context.identity.sourceIp"), in order, without duplicates.</summary>
        public static IReadOnlyList<string> Variables(string format)
            => Variable.Matches(format).Cast<Match>().Select(m => "$" + Bracket.Replace(m.Groups[1].Value, ".$1").TrimEnd('.', '-', ':'))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>The variables of the format that match any pattern.</summary>
        public static IReadOnlyList<string> SensitiveIn(string format, IEnumerable<string> patterns)
        {
            var list = patterns.ToList();
            return Variables(format).Where(v => list.Any(p => Wildcard.IsMatch(p, v, ignoreCase: true))).ToList();
        }

        private static RuleResult Judge(string region, string arn, string name, string where, string format, IReadOnlyList<string> patterns, Evidence evidence, string? type)
        {
            var variables = Variables(format);
            var sensitive = SensitiveIn(format, patterns);
            evidence.Add("Variables", variables.ToArray());
            RuleResult result;
            if (sensitive.Count == 0)
                result = RuleResult.Passed(region, arn, name, $"{where} has an access-log format whose {ApiGwScope.Plural(variables.Count, "variable")} match no SensitiveVariables pattern.", evidence);
            else
            {
                evidence.Add("SensitiveVariables", sensitive.ToArray());
                result = RuleResult.Failed(region, arn, name,
                    $"{where} has an access-log format that writes {string.Join(", ", sensitive)} into every access-log line. " +
                    "Expected no tokens, API keys or personal data in access logs.", evidence);
            }
            result.ResourceType = type;
            return result;
        }
    }
}
