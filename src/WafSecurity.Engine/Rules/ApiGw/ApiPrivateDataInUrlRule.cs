using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Secrets;

namespace WafSecurity.Engine.Rules.ApiGw
{
    /// <summary>
    /// SEC2.Api.PrivateDataInUrl: REST methods and HTTP API routes do not carry secrets or personal data in the URL (path
    /// parameters, query strings), where it lands in access logs, CloudFront and proxy logs, browser history and referrers.
    /// A heuristic over parameter names.
    /// </summary>
    public sealed class ApiPrivateDataInUrlRule : Rule
    {
        private static readonly Regex PathParameter = new Regex(@"\{([^{}+]+)\+?\}", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        private static readonly HashSet<string> PaginationNames = new HashSet<string>(StringComparer.Ordinal)
        {
            "nexttoken", "pagetoken", "nextpagetoken", "continuationtoken", "paginationtoken", "starttoken", "cursortoken", "synctoken",
        };

        public static readonly string[] DefaultNames =
        {
            "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "accesskey", "secretkey", "privatekey", "credential",
            "credentials", "ssn", "email", "phone", "phonenumber", "mobile", "card", "cardnumber", "creditcard", "cvv", "cvc", "iban",
            "accountnumber", "passport", "dob", "birthdate", "dateofbirth", "taxid",
        };

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Api.PrivateDataInUrl",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::ApiGateway::Method",
            Title = "API URLs carry no secrets or personal data",
            Description = "One finding per REST method (OPTIONS excepted) and per HTTP API route ($default excepted; WebSocket route " +
                          "keys are not URLs). Fails when a path parameter ({name} in the resource path or route key) or a declared " +
                          "query-string parameter (method.request.querystring.* / multivaluequerystring.*) has a name matching " +
                          "SensitiveNames: the name is split into words (snake_case, kebab-case, camelCase) and any run of up to three " +
                          "words, joined, is compared with the list (so api_key, apiKey and API-KEY all match 'apikey'); pagination cursors (nextToken, " +
                          "pageToken, continuationToken ...) are not tokens in this sense and never match. URLs are " +
                          "written to access logs, CDN and proxy logs, browser history and Referer headers. Headers and bodies are " +
                          "not judged. A heuristic: no peer tool checks this.",
            Remediation = "Move the value to a header (Authorization, a custom header) or the request body, and use opaque ids in " +
                          "paths (a user id, not an e-mail address). Then remove the parameter from the method or route and redeploy.",
            Parameters = new[]
            {
                new RuleParameter("SensitiveNames", DefaultNames, "Parameter names (lower case, without separators) that must not appear in URLs."),
            },
            WellArchitected = new[] { "SEC07-BP02" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var names = new HashSet<string>(context.Parameters.GetStrings("SensitiveNames").Select(Normalise).Where(n => n.Length > 0), StringComparer.Ordinal);

            foreach (var item in ApiGwScope.RestMethods(context, "the URL parameters"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var method = item.Method!;
                if (ApiGwScope.IsOptions(method)) continue;
                var arn = ApiGwScope.MethodArn(context.Partition, item);
                var name = ApiGwScope.MethodName(item);
                var where = $"Method {item.Verb} {item.Resource!.Path} of REST API {item.Api.Name} ({item.Api.Id})";
                var parameters = UrlParameters(item.Resource.Path, method.RequestParameters.Keys);
                var evidence = ApiGwScope.MethodEvidence(item).Add("UrlParameters", parameters.Select(p => p.Describe()).ToArray());
                yield return Judge(item.Region, arn, name, where, parameters, names, evidence, null);
            }

            foreach (var region in context.Regions)
            {
                if (!region.ApisV2.IsOk) continue;
                foreach (var api in region.ApisV2.Value!.Where(a => !ApiGwScope.IsWebSocket(a)))
                {
                    var apiArn = ApiGwScope.V2ApiArn(context.Partition, region.Region, api.ApiId);
                    if (!api.Routes.IsOk)
                    {
                        var error = RuleResult.FromError(region.Region, apiArn, api.Name, api.Routes.Error ?? new Inventory.CallError("NotCollected", "no answer recorded",
                            Inventory.SnapshotOperations.V2GetRoutes.Label, Inventory.SnapshotOperations.V2GetRoutes.IamAction, null), $"the URL parameters of the routes of HTTP API {api.Name} ({api.ApiId})");
                        error.ResourceType = ApiGwScope.V2ApiType;
                        yield return error;
                        continue;
                    }
                    foreach (var route in api.Routes.Value!.OrderBy(r => r.RouteKey, StringComparer.Ordinal))
                    {
                        if (route.RouteKey == "$default") continue;
                        var space = route.RouteKey.IndexOf(' ');
                        var path = space < 0 ? route.RouteKey : route.RouteKey.Substring(space + 1);
                        var parameters = UrlParameters(path, Array.Empty<string>());
                        var evidence = new Evidence().Add("ApiId", api.ApiId).Add("RouteId", route.RouteId).Add("RouteKey", route.RouteKey)
                            .Add("UrlParameters", parameters.Select(p => p.Describe()).ToArray());
                        yield return Judge(region.Region, $"{apiArn}/routes/{route.RouteId}", $"{api.Name} {route.RouteKey}",
                            $"Route {route.RouteKey} of HTTP API {api.Name} ({api.ApiId})", parameters, names, evidence, "AWS::ApiGatewayV2::Route");
                    }
                }
            }
        }

        internal sealed class UrlParameter
        {
            public UrlParameter(string kind, string name) { Kind = kind; Name = name; }
            public string Kind { get; }
            public string Name { get; }
            public string Describe() => $"{Kind} {(Kind == "path parameter" ? "{" + Name + "}" : Name)}";
        }

        /// <summary>Path parameters of the path, then the query-string parameters among the method's request parameters.</summary>
        internal static List<UrlParameter> UrlParameters(string path, IEnumerable<string> requestParameters)
        {
            var list = new List<UrlParameter>();
            foreach (Match match in PathParameter.Matches(path))
                list.Add(new UrlParameter("path parameter", match.Groups[1].Value));
            foreach (var key in requestParameters.OrderBy(k => k, StringComparer.Ordinal))
            {
                foreach (var prefix in new[] { "method.request.querystring.", "method.request.multivaluequerystring." })
                    if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    {
                        var name = key.Substring(prefix.Length);
                        if (!list.Any(p => p.Kind == "query-string parameter" && p.Name == name)) list.Add(new UrlParameter("query-string parameter", name));
                    }
                const string pathPrefix = "method.request.path.";
                if (key.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    var name = key.Substring(pathPrefix.Length);
                    if (!list.Any(p => p.Kind == "path parameter" && p.Name == name)) list.Add(new UrlParameter("path parameter", name));
                }
            }
            return list;
        }

        /// <summary>Whether a parameter name matches the list: any run of up to three of its words, joined, or the whole name.</summary>
        internal static bool IsSensitive(string parameterName, ISet<string> names)
        {
            // Pagination cursors are opaque continuation markers, not credentials.
            if (PaginationNames.Contains(Normalise(parameterName))) return false;
            if (names.Contains(Normalise(parameterName))) return true;
            var words = SecretDetector.NameWords(parameterName);
            for (var i = 0; i < words.Count; i++)
            {
                var joined = "";
                for (var j = i; j < words.Count && j < i + 3; j++)
                {
                    joined += words[j];
                    if (names.Contains(joined)) return true;
                }
            }
            return false;
        }

        private static string Normalise(string name) => new string(name.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();

        private static RuleResult Judge(string region, string arn, string name, string where, List<UrlParameter> parameters, ISet<string> names, Evidence evidence, string? type)
        {
            var sensitive = parameters.Where(p => IsSensitive(p.Name, names)).ToList();
            RuleResult result;
            if (sensitive.Count == 0)
                result = RuleResult.Passed(region, arn, name, parameters.Count == 0
                    ? $"{where} has no path or query-string parameters."
                    : $"{where} has no URL parameter with a sensitive name ({string.Join(", ", parameters.Select(p => p.Describe()))}).", evidence);
            else
            {
                evidence.Add("SensitiveParameters", sensitive.Select(p => p.Describe()).ToArray());
                result = RuleResult.Failed(region, arn, name,
                    $"{where} carries {string.Join(", ", sensitive.Select(p => p.Describe()))} in the URL, where it is written to access, " +
                    "CDN and proxy logs and browser history. Expected secrets and personal data in headers or the body.", evidence);
            }
            result.ResourceType = type;
            return result;
        }
    }
}
