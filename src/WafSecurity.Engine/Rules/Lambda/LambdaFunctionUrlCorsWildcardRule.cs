using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>
    /// SEC1.Lambda.FunctionUrlCorsWildcard: no function URL (unqualified or on an alias) lets every web origin call it from a
    /// browser. High instead of Medium when the same URL also allows credentials.
    /// </summary>
    public sealed class LambdaFunctionUrlCorsWildcardRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC1.Lambda.FunctionUrlCorsWildcard",
            Question = WafSecurity.Question.Sec1,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::Lambda::Function",
            Title = "Lambda function URLs do not allow every CORS origin",
            Description = "Fails when the CORS configuration of any function URL of the function (the unqualified URL or one on an " +
                          "alias) has \"*\" in AllowOrigins: any web page a user visits can then call the URL from the user's browser " +
                          "and read the answer. The finding is High instead of Medium when that URL also has AllowCredentials true. " +
                          "Prowler awslambda_function_url_cors_policy and Checkov CKV2_AWS_75 check the same.",
            Remediation = "List the exact origins that need the URL (https://app.example.com) in Cors.AllowOrigins, or remove the " +
                          "CORS configuration when no browser calls the function: aws lambda update-function-url-config " +
                          "--function-name <name> [--qualifier <alias>] --cors AllowOrigins=https://app.example.com,... " +
                          "(the whole Cors structure is replaced: repeat its other fields).",
            WellArchitected = new[] { "SEC03-BP07" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var region in context.Regions)
            {
                if (!region.Functions.IsOk) continue;
                foreach (var function in region.Functions.Value!)
                {
                    var urls = function.UrlConfigs;
                    if (urls.State == FetchState.Absent || (urls.IsOk && urls.Value!.Count == 0))
                    {
                        yield return RuleResult.Passed(region.Region, function.FunctionArn, function.FunctionName,
                            $"Function {function.FunctionName} has no function URL.", new Evidence().Add("FunctionUrls", 0));
                        continue;
                    }
                    if (!urls.IsOk)
                    {
                        yield return RuleResult.FromError(region.Region, function.FunctionArn, function.FunctionName, urls.Error!, "the function URLs");
                        continue;
                    }
                    var open = urls.Value!.Where(AllowsEveryOrigin).ToList();
                    if (open.Count == 0)
                    {
                        yield return RuleResult.Passed(region.Region, function.FunctionArn, function.FunctionName,
                            $"No function URL of {function.FunctionName} has \"*\" in Cors.AllowOrigins " +
                            $"({string.Join("; ", urls.Value!.Select(Describe))}).",
                            new Evidence().Add("FunctionUrls", urls.Value!.Count));
                        continue;
                    }
                    var withCredentials = open.Any(u => u.CorsAllowCredentials == true);
                    var first = open[0];
                    var evidence = new Evidence()
                        .Add("Qualifier", LambdaFunctionUrlAuthNoneRule.QualifierOf(first))
                        .Add("FunctionUrl", first.FunctionUrl)
                        .Add("AuthType", first.AuthType)
                        .Add("CorsAllowOrigins", first.CorsAllowOrigins.ToArray())
                        .Add("CorsAllowCredentials", first.CorsAllowCredentials);
                    if (open.Count > 1) evidence.Add("OtherWildcardUrls", open.Skip(1).Select(u => u.FunctionUrl).ToArray());
                    yield return new RuleResult
                    {
                        Status = FindingStatus.Failed, Region = region.Region, ResourceArn = function.FunctionArn, ResourceName = function.FunctionName,
                        Severity = withCredentials ? WafSecurity.Severity.High : null,
                        Reason = string.Join(" ", open.Select(u =>
                                     $"Function URL '{u.FunctionUrl}' of function {function.FunctionName}{OnAlias(u)} (AuthType {u.AuthType}) has Cors.AllowOrigins " +
                                     $"[{string.Join(", ", u.CorsAllowOrigins)}], so any web origin can call it from a browser" +
                                     (u.CorsAllowCredentials == true ? ", and Cors.AllowCredentials is true." : "."))) +
                                 " Expected only the named origins that need the URL.",
                        Evidence = evidence,
                        // Update-LMFunctionUrlConfig replaces the whole Cors structure; the right origins are the owner's to name.
                        RepairCommand = null,
                    };
                }
            }
        }

        private static bool AllowsEveryOrigin(FunctionUrlConfig url) => url.CorsAllowOrigins.Any(o => o.Trim() == "*");

        private static string Describe(FunctionUrlConfig url)
            => url.CorsAllowOrigins.Count == 0 ? $"{Where(url)}: no CORS origins" : $"{Where(url)}: {string.Join(", ", url.CorsAllowOrigins)}";

        private static string OnAlias(FunctionUrlConfig url)
            => LambdaFunctionUrlAuthNoneRule.QualifierOf(url) is string q ? $" on alias '{q}'" : "";

        private static string Where(FunctionUrlConfig url)
            => LambdaFunctionUrlAuthNoneRule.QualifierOf(url) is string q ? $"alias '{q}'" : "the unqualified function";
    }
}
