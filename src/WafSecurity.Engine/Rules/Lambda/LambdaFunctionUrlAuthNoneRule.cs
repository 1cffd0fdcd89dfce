using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>SEC1.Lambda.FunctionUrlAuthNone: every function URL, including alias URLs, requires IAM authentication.</summary>
    public sealed class LambdaFunctionUrlAuthNoneRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC1.Lambda.FunctionUrlAuthNone",
            Question = WafSecurity.Question.Sec1,
            Severity = WafSecurity.Severity.High,
            ResourceType = "AWS::Lambda::Function",
            WellArchitected = new[] { "SEC03-BP07" },
            Title = "Lambda function URLs require IAM authentication",
            Description = "Fails when any function URL of the function (the unqualified URL or one on an alias) has AuthType NONE: " +
                          "anyone who knows the URL can call the function without signing the request. Prowler " +
                          "awslambda_function_url_public and Checkov CKV_AWS_258 check the same; we also report alias URLs.",
            Remediation = "Set the URL's AuthType to AWS_IAM (aws lambda update-function-url-config --function-name <name> " +
                          "[--qualifier <alias>] --auth-type AWS_IAM) and grant lambda:InvokeFunctionUrl to the callers, or put the " +
                          "function behind API Gateway with an authorizer.",
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
                    if (urls.State == FetchState.Absent)
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
                    var open = urls.Value!.Where(u => string.Equals(u.AuthType, "NONE", StringComparison.OrdinalIgnoreCase)).ToList();
                    if (open.Count == 0)
                    {
                        var reason = urls.Value!.Count == 0
                            ? $"Function {function.FunctionName} has no function URL."
                            : $"Every function URL of {function.FunctionName} requires {string.Join(", ", urls.Value!.Select(u => u.AuthType).Distinct())} authentication.";
                        yield return RuleResult.Passed(region.Region, function.FunctionArn, function.FunctionName, reason,
                            new Evidence().Add("FunctionUrls", urls.Value!.Count));
                        continue;
                    }
                    var first = open[0];
                    var evidence = new Evidence()
                        .Add("Qualifier", QualifierOf(first))
                        .Add("FunctionUrl", first.FunctionUrl)
                        .Add("AuthType", first.AuthType)
                        .Add("CorsAllowOrigins", first.CorsAllowOrigins.Count == 0 ? null : first.CorsAllowOrigins.ToArray());
                    if (open.Count > 1) evidence.Add("OtherOpenUrls", open.Skip(1).Select(u => u.FunctionUrl).ToArray());
                    yield return new RuleResult
                    {
                        Status = FindingStatus.Failed, Region = region.Region, ResourceArn = function.FunctionArn, ResourceName = function.FunctionName,
                        Reason = string.Join(" ", open.Select(u => $"Function URL '{u.FunctionUrl}' of {Where(u)} has AuthType NONE, so anyone can call it unsigned.")) +
                                 " Expected AuthType AWS_IAM.",
                        Evidence = evidence,
                        RepairCommand = string.Join("; ", open.Select(u =>
                            $"Update-LMFunctionUrlConfig -FunctionName '{LambdaPolicyAccess.Quote(function.FunctionName)}'" +
                            (QualifierOf(u) is string q ? $" -Qualifier '{LambdaPolicyAccess.Quote(q)}'" : "") +
                            $" -AuthType AWS_IAM -Region {region.Region}")),
                    };
                }
            }
        }

        /// <summary>The alias of a URL config: the part after the function name in its FunctionArn, if any.</summary>
        internal static string? QualifierOf(FunctionUrlConfig url)
        {
            var parts = url.FunctionArn.Split(':');
            return parts.Length >= 8 && parts[5] == "function" && parts[7].Length > 0 ? parts[7] : null;
        }

        private static string Where(FunctionUrlConfig url)
            => QualifierOf(url) is string q ? $"alias '{q}'" : "the unqualified function";
    }
}
