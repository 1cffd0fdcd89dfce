using System;
using System.Collections.Generic;
using System.Net;
using System.Text.Json;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Iam
{
    /// <summary>
    /// Parses every shape AWS hands out: a JSON object, JSON text, URL-encoded JSON text (the IAM API), and the
    /// backslash-escaped text API Gateway returns for a REST API policy. One parser for live and offline paths.
    /// </summary>
    public static class PolicyParser
    {
        /// <summary>IAM's largest documents are a few KiB; anything far beyond that is not a policy.</summary>
        public const int MaxPolicyChars = 256 * 1024;

        private static readonly HashSet<string> TopLevelKeys = new HashSet<string>(StringComparer.Ordinal) { "Version", "Id", "Statement" };
        private static readonly HashSet<string> StatementKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
        };

        public static PolicyDocument Parse(string text)
        {
            if (text == null) throw new PolicyParseException("$", "the policy is null");
            if (text.Length > MaxPolicyChars)
                throw new PolicyParseException("$", $"the policy is {text.Length} characters long, more than the {MaxPolicyChars} any AWS policy can be");
            var candidate = text.Trim();
            if (candidate.Length == 0) throw new PolicyParseException("$", "the policy is empty");
            if (candidate[0] == '%' || (candidate[0] != '{' && candidate.IndexOf("%7B", StringComparison.OrdinalIgnoreCase) >= 0))
                candidate = WebUtility.UrlDecode(candidate).Trim();
            if (candidate.StartsWith("{\\\"", StringComparison.Ordinal) || candidate.StartsWith("{ \\\"", StringComparison.Ordinal))
                candidate = candidate.Replace("\\\"", "\"").Replace("\\/", "/").Replace("\\\\", "\\");

            JsonDocument json;
            try
            {
                json = JsonDocument.Parse(candidate, new JsonDocumentOptions { MaxDepth = 32 });
            }
            catch (JsonException ex)
            {
                throw new PolicyParseException("$", $"not valid JSON ({ex.Message})");
            }
            using (json) return Parse(json.RootElement);
        }

        /// <summary>A policy given as a JSON object, or as a string holding any of the text forms.</summary>
        public static PolicyDocument Parse(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.String) return Parse(element.GetString()!);
            if (element.ValueKind != JsonValueKind.Object)
                throw new PolicyParseException("$", $"a policy must be a JSON object, found {Describe(element.ValueKind)}");

            string? version = null, id = null;
            var statements = new List<PolicyStatement>();
            var sawStatement = false;
            foreach (var property in element.EnumerateObject())
            {
                if (!TopLevelKeys.Contains(property.Name))
                    throw new PolicyParseException("$." + property.Name, "is not a policy element (expected Version, Id, Statement)");
                switch (property.Name)
                {
                    case "Version":
                        version = RequireString(property.Value, "$.Version");
                        if (version != "2012-10-17" && version != "2008-10-17")
                            throw new PolicyParseException("$.Version", $"'{version}' is not a policy language version (2012-10-17 or 2008-10-17)");
                        break;
                    case "Id":
                        id = RequireString(property.Value, "$.Id");
                        break;
                    case "Statement":
                        sawStatement = true;
                        if (property.Value.ValueKind == JsonValueKind.Object)
                            statements.Add(ParseStatement(property.Value, 0, "$.Statement"));
                        else if (property.Value.ValueKind == JsonValueKind.Array)
                        {
                            var index = 0;
                            foreach (var item in property.Value.EnumerateArray())
                            {
                                statements.Add(ParseStatement(item, index, $"$.Statement[{index}]"));
                                index++;
                            }
                        }
                        else throw new PolicyParseException("$.Statement", $"must be an object or an array, found {Describe(property.Value.ValueKind)}");
                        break;
                }
            }
            if (!sawStatement) throw new PolicyParseException("$", "has no Statement element, so it is not a policy");
            return new PolicyDocument(version, id, statements);
        }

        private static PolicyStatement ParseStatement(JsonElement element, int index, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
                throw new PolicyParseException(path, $"a statement must be an object, found {Describe(element.ValueKind)}");
            var statement = new PolicyStatement { Index = index, Json = element.GetRawText() };
            string? effect = null;
            bool hasAction = false, hasNotAction = false, hasResource = false, hasNotResource = false;
            foreach (var property in element.EnumerateObject())
            {
                var at = path + "." + property.Name;
                if (!StatementKeys.Contains(property.Name))
                    throw new PolicyParseException(at, "is not a statement element (expected Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition)");
                switch (property.Name)
                {
                    case "Sid": statement.Sid = RequireString(property.Value, at); break;
                    case "Effect": effect = RequireString(property.Value, at); break;
                    case "Principal": statement.Principal = ParsePrincipal(property.Value, at); break;
                    case "NotPrincipal": statement.NotPrincipal = ParsePrincipal(property.Value, at); break;
                    case "Action": statement.Actions = RequireStrings(property.Value, at); hasAction = true; break;
                    case "NotAction": statement.NotActions = RequireStrings(property.Value, at); hasNotAction = true; break;
                    case "Resource": statement.Resources = RequireStrings(property.Value, at); hasResource = true; break;
                    case "NotResource": statement.NotResources = RequireStrings(property.Value, at); hasNotResource = true; break;
                    case "Condition": statement.Conditions = ParseConditions(property.Value, at); break;
                }
            }
            if (effect == null) throw new PolicyParseException(path, "has no Effect");
            if (effect == "Allow") statement.Effect = PolicyEffect.Allow;
            else if (effect == "Deny") statement.Effect = PolicyEffect.Deny;
            else throw new PolicyParseException(path + ".Effect", $"must be Allow or Deny, found '{effect}'");
            if (hasAction == hasNotAction)
                throw new PolicyParseException(path, hasAction ? "has both Action and NotAction" : "has neither Action nor NotAction");
            if (hasResource && hasNotResource) throw new PolicyParseException(path, "has both Resource and NotResource");
            if (statement.Principal != null && statement.NotPrincipal != null) throw new PolicyParseException(path, "has both Principal and NotPrincipal");
            return statement;
        }

        private static PrincipalSet ParsePrincipal(JsonElement value, string path)
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                if (value.GetString() == "*") return new PrincipalSet(true, new Dictionary<string, IReadOnlyList<string>>());
                throw new PolicyParseException(path, $"a principal string must be \"*\", found '{value.GetString()}' (use {{\"AWS\": ...}})");
            }
            if (value.ValueKind != JsonValueKind.Object)
                throw new PolicyParseException(path, $"must be \"*\" or an object, found {Describe(value.ValueKind)}");
            var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in value.EnumerateObject())
            {
                var type = property.Name;
                if (!(type == "AWS" || type == "Service" || type == "Federated" || type == "CanonicalUser"))
                    throw new PolicyParseException(path + "." + type, "is not a principal type (AWS, Service, Federated, CanonicalUser)");
                map[type] = RequireStrings(property.Value, path + "." + type);
            }
            return new PrincipalSet(false, map);
        }

        private static IReadOnlyList<PolicyCondition> ParseConditions(JsonElement value, string path)
        {
            if (value.ValueKind != JsonValueKind.Object)
                throw new PolicyParseException(path, $"must be an object of operators, found {Describe(value.ValueKind)}");
            var conditions = new List<PolicyCondition>();
            foreach (var op in value.EnumerateObject())
            {
                var at = path + "." + op.Name;
                if (op.Value.ValueKind != JsonValueKind.Object)
                    throw new PolicyParseException(at, $"must map condition keys to values, found {Describe(op.Value.ValueKind)}");
                foreach (var key in op.Value.EnumerateObject())
                {
                    var values = key.Value.ValueKind == JsonValueKind.Array || key.Value.ValueKind == JsonValueKind.String
                                 || key.Value.ValueKind == JsonValueKind.Number || key.Value.ValueKind == JsonValueKind.True
                                 || key.Value.ValueKind == JsonValueKind.False
                        ? key.Value.GetStringOrList()
                        : throw new PolicyParseException(at + "." + key.Name, $"condition values must be strings or a list, found {Describe(key.Value.ValueKind)}");
                    conditions.Add(new PolicyCondition(op.Name, key.Name, values));
                }
            }
            return conditions;
        }

        private static string RequireString(JsonElement value, string path)
            => value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw new PolicyParseException(path, $"must be a string, found {Describe(value.ValueKind)}");

        private static IReadOnlyList<string> RequireStrings(JsonElement value, string path)
        {
            if (value.ValueKind == JsonValueKind.String) return new[] { value.GetString()! };
            if (value.ValueKind != JsonValueKind.Array)
                throw new PolicyParseException(path, $"must be a string or a list of strings, found {Describe(value.ValueKind)}");
            var list = new List<string>();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                    throw new PolicyParseException($"{path}[{index}]", $"must be a string, found {Describe(item.ValueKind)}");
                list.Add(item.GetString()!);
                index++;
            }
            return list;
        }

        private static string Describe(JsonValueKind kind)
        {
            switch (kind)
            {
                case JsonValueKind.Object: return "an object";
                case JsonValueKind.Array: return "an array";
                case JsonValueKind.String: return "a string";
                case JsonValueKind.Number: return "a number";
                case JsonValueKind.True:
                case JsonValueKind.False: return "a boolean";
                case JsonValueKind.Null: return "null";
                default: return "nothing";
            }
        }
    }
}
