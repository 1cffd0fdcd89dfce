using System;
using System.Collections.Generic;
using System.Linq;

namespace WafSecurity.Engine.Iam
{
    public enum PolicyEffect { Allow, Deny }

    /// <summary>A parsed IAM policy (identity, resource or trust policy). Immutable.</summary>
    public sealed class PolicyDocument
    {
        public PolicyDocument(string? version, string? id, IReadOnlyList<PolicyStatement> statements)
        {
            Version = version; Id = id; Statements = statements;
        }

        public string? Version { get; }
        public string? Id { get; }
        public IReadOnlyList<PolicyStatement> Statements { get; }
    }

    public sealed class PolicyStatement
    {
        public int Index { get; set; }
        public string? Sid { get; set; }
        public PolicyEffect Effect { get; set; }
        public PrincipalSet? Principal { get; set; }
        public PrincipalSet? NotPrincipal { get; set; }
        /// <summary>Action values; empty when the statement uses NotAction.</summary>
        public IReadOnlyList<string> Actions { get; set; } = Array.Empty<string>();
        public IReadOnlyList<string> NotActions { get; set; } = Array.Empty<string>();
        public IReadOnlyList<string> Resources { get; set; } = Array.Empty<string>();
        public IReadOnlyList<string> NotResources { get; set; } = Array.Empty<string>();
        public IReadOnlyList<PolicyCondition> Conditions { get; set; } = Array.Empty<PolicyCondition>();
        /// <summary>The statement's JSON as written, for evidence.</summary>
        public string Json { get; set; } = "";

        public bool HasNotAction => NotActions.Count > 0;
        public bool HasNotResource => NotResources.Count > 0;

        /// <summary>A label for messages: the Sid, else the statement's position.</summary>
        public string Label => string.IsNullOrEmpty(Sid) ? $"Statement[{Index}]" : $"Statement '{Sid}'";
    }

    /// <summary>Principal or NotPrincipal: "*" or a map of principal type (AWS, Service, Federated, CanonicalUser) to values.</summary>
    public sealed class PrincipalSet
    {
        public PrincipalSet(bool isWildcardString, IReadOnlyDictionary<string, IReadOnlyList<string>> values)
        {
            IsWildcardString = isWildcardString; Values = values;
        }

        /// <summary>The whole element was the string "*".</summary>
        public bool IsWildcardString { get; }
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Values { get; }

        public IEnumerable<KeyValuePair<string, string>> All()
        {
            if (IsWildcardString) yield return new KeyValuePair<string, string>("*", "*");
            foreach (var pair in Values)
                foreach (var value in pair.Value)
                    yield return new KeyValuePair<string, string>(pair.Key, value);
        }

        public IReadOnlyList<string> Of(string type)
        {
            foreach (var pair in Values)
                if (string.Equals(pair.Key, type, StringComparison.OrdinalIgnoreCase)) return pair.Value;
            return Array.Empty<string>();
        }
    }

    public enum ConditionSetOperator { None, ForAnyValue, ForAllValues }

    /// <summary>One operator/key/values triple of a Condition block.</summary>
    public sealed class PolicyCondition
    {
        public PolicyCondition(string op, string key, IReadOnlyList<string> values)
        {
            Operator = op; Key = key; Values = values;
            var rest = op;
            var colon = rest.IndexOf(':');
            if (colon > 0)
            {
                var prefix = rest.Substring(0, colon);
                if (prefix.Equals("ForAnyValue", StringComparison.OrdinalIgnoreCase)) SetOperator = ConditionSetOperator.ForAnyValue;
                else if (prefix.Equals("ForAllValues", StringComparison.OrdinalIgnoreCase)) SetOperator = ConditionSetOperator.ForAllValues;
                rest = rest.Substring(colon + 1);
            }
            if (rest.EndsWith("IfExists", StringComparison.OrdinalIgnoreCase))
            {
                IfExists = true;
                rest = rest.Substring(0, rest.Length - "IfExists".Length);
            }
            BaseOperator = rest;
        }

        /// <summary>As written, e.g. "ForAnyValue:StringLikeIfExists".</summary>
        public string Operator { get; }
        /// <summary>E.g. "StringLike".</summary>
        public string BaseOperator { get; }
        public ConditionSetOperator SetOperator { get; }
        public bool IfExists { get; }
        public string Key { get; }
        public IReadOnlyList<string> Values { get; }

        public bool KeyIs(string key) => string.Equals(Key, key, StringComparison.OrdinalIgnoreCase);
        public bool OperatorIs(params string[] baseOperators) => baseOperators.Any(o => string.Equals(BaseOperator, o, StringComparison.OrdinalIgnoreCase));

        public override string ToString() => $"{Operator} {Key} [{string.Join(", ", Values)}]";
    }
}
