using System;
using System.Collections.Generic;
using System.Text;

namespace WafSecurity.Engine.Iam
{
    /// <summary>How a pattern's wildcards behave.</summary>
    public enum PatternKind
    {
        /// <summary>No wildcards: the text must equal the value (StringEquals, ArnEquals without wildcards).</summary>
        Exact,
        /// <summary>'*' matches any run, '?' any one character, across every character (StringLike, actions).</summary>
        Glob,
        /// <summary>
        /// A resource ARN in a Resource/NotResource element. IAM docs (reference_policies_elements_resource.html, "Using
        /// wildcards in resource ARNs"): wildcards work within the colon-separated segments, and a '*' that is the last
        /// character of a segment can expand across colon boundaries. So a '*' followed by ':' (or ending the pattern)
        /// may match colons; any other '*' and every '?' stop at a colon.
        /// </summary>
        ResourceArn,
    }

    /// <summary>
    /// A Resource value or condition value compiled once: literal text, wildcards, and policy variables
    /// (${aws:username}, ${aws:PrincipalTag/team, 'default'}) with the escapes ${*}, ${?} and ${$}.
    /// IAM docs (reference_policies_variables.html): variables are replaced by the request context's value for the key
    /// (key names case-insensitive); a key with no value makes the element match nothing unless a default is given.
    /// A substituted value is literal text: wildcard characters inside it do not act as wildcards.
    /// </summary>
    public sealed class PolicyPattern
    {
        // Literal '*' and '?' (from ${*}, ${?} or a substituted value) are carried as these private-use characters
        // so the matcher can tell them from wildcards without a second array.
        internal const char LiteralStar = '\uE000';
        internal const char LiteralQuestion = '\uE001';

        private readonly string? _constant;           // the whole pattern when it holds no variables
        private readonly Part[]? _parts;               // otherwise: literal runs and variables
        private readonly PatternKind _kind;
        private readonly bool _ignoreCase;

        private PolicyPattern(string source, PatternKind kind, bool ignoreCase, string? constant, Part[]? parts)
        {
            Source = source; _kind = kind; _ignoreCase = ignoreCase; _constant = constant; _parts = parts;
            IsMatchAll = constant == "*" && kind != PatternKind.Exact;
        }

        public string Source { get; }
        /// <summary>"*" with wildcards enabled.</summary>
        public bool IsMatchAll { get; }
        public bool HasVariables => _parts != null;

        public static PolicyPattern Compile(string text, PatternKind kind, bool ignoreCase, bool allowVariables = true)
        {
            if (!allowVariables || text.IndexOf("${", StringComparison.Ordinal) < 0)
                return new PolicyPattern(text, kind, ignoreCase, kind == PatternKind.Exact ? Literalise(text) : text, null);
            var parts = new List<Part>();
            var literal = new StringBuilder();
            var i = 0;
            while (i < text.Length)
            {
                if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
                {
                    var close = FindVariableEnd(text, i + 2);
                    if (close > 0)
                    {
                        var inner = text.Substring(i + 2, close - i - 2);
                        if (inner == "*") { literal.Append(LiteralStar); i = close + 1; continue; }
                        if (inner == "?") { literal.Append(LiteralQuestion); i = close + 1; continue; }
                        if (inner == "$") { literal.Append('$'); i = close + 1; continue; }
                        if (TryParseVariable(inner, out var key, out var defaultValue))
                        {
                            if (literal.Length > 0) { parts.Add(Part.Text(kind == PatternKind.Exact ? Literalise(literal.ToString()) : literal.ToString())); literal.Clear(); }
                            parts.Add(Part.Variable(key, defaultValue));
                            i = close + 1;
                            continue;
                        }
                    }
                }
                literal.Append(text[i]);
                i++;
            }
            if (literal.Length > 0) parts.Add(Part.Text(kind == PatternKind.Exact ? Literalise(literal.ToString()) : literal.ToString()));
            var onlyText = parts.TrueForAll(p => p.Key == null);
            if (onlyText)
            {
                var joined = new StringBuilder();
                foreach (var part in parts) joined.Append(part.Value);
                return new PolicyPattern(text, kind, ignoreCase, joined.ToString(), null);
            }
            return new PolicyPattern(text, kind, ignoreCase, null, parts.ToArray());
        }

        /// <summary>True when the value matches; variables resolve from the request context.</summary>
        public bool IsMatch(string value, IRequestValues? context)
        {
            if (IsMatchAll) return true;
            var pattern = _constant ?? Resolve(context);
            if (pattern == null) return false;
            return MatchResolved(pattern, value);
        }

        /// <summary>The pattern text with variables replaced; null when a variable has no value and no default.</summary>
        internal string? Resolved(IRequestValues? context) => _constant ?? Resolve(context);

        /// <summary>Matches an already-resolved pattern text (wildcards as written, literals escaped).</summary>
        internal static bool MatchText(string pattern, string value, PatternKind kind, bool ignoreCase)
            => kind == PatternKind.Exact
                ? LiteralEquals(pattern, value, ignoreCase)
                : GlobMatch(pattern, 0, value, 0, ignoreCase, arnSegments: kind == PatternKind.ResourceArn);

        private string? Resolve(IRequestValues? context)
        {
            var builder = new StringBuilder();
            foreach (var part in _parts!)
            {
                if (part.Key == null) { builder.Append(part.Value); continue; }
                string? resolved = null;
                if (context != null && context.TryGetValues(part.Key, out var values) && values.Count == 1) resolved = values[0];
                resolved ??= part.Value; // the default, when given
                if (resolved == null) return null;
                builder.Append(Literalise(resolved));
            }
            return builder.ToString();
        }

        private bool MatchResolved(string pattern, string value) => MatchText(pattern, value, _kind, _ignoreCase);

        private static string Literalise(string text)
            => text.IndexOf('*') < 0 && text.IndexOf('?') < 0 ? text : text.Replace('*', LiteralStar).Replace('?', LiteralQuestion);

        private static char Decode(char c) => c == LiteralStar ? '*' : c == LiteralQuestion ? '?' : c;

        private static bool CharEquals(char patternChar, char valueChar, bool ignoreCase)
        {
            var p = Decode(patternChar);
            if (p == valueChar) return true;
            return ignoreCase && char.ToUpperInvariant(p) == char.ToUpperInvariant(valueChar);
        }

        private static bool LiteralEquals(string pattern, string value, bool ignoreCase)
        {
            if (pattern.Length != value.Length) return false;
            for (var i = 0; i < pattern.Length; i++)
                if (!CharEquals(pattern[i], value[i], ignoreCase)) return false;
            return true;
        }

        private static bool GlobMatch(string pattern, int p, string value, int v, bool ignoreCase, bool arnSegments)
        {
            while (p < pattern.Length)
            {
                var c = pattern[p];
                if (c == '*')
                {
                    while (p + 1 < pattern.Length && pattern[p + 1] == '*') p++;
                    var crossesColons = !arnSegments || p + 1 == pattern.Length || pattern[p + 1] == ':';
                    if (p + 1 == pattern.Length)
                    {
                        if (crossesColons) return true;
                        return value.IndexOf(':', v) < 0;
                    }
                    for (var k = v; k <= value.Length; k++)
                    {
                        if (GlobMatch(pattern, p + 1, value, k, ignoreCase, arnSegments)) return true;
                        if (k < value.Length && !crossesColons && value[k] == ':') return false;
                    }
                    return false;
                }
                if (v >= value.Length) return false;
                if (c == '?')
                {
                    if (arnSegments && value[v] == ':') return false;
                }
                else if (!CharEquals(c, value[v], ignoreCase)) return false;
                p++; v++;
            }
            return v == value.Length;
        }

        private static int FindVariableEnd(string text, int from)
        {
            var inQuote = false;
            for (var i = from; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\'')
                {
                    if (inQuote && i + 1 < text.Length && text[i + 1] == '\'') { i++; continue; }
                    inQuote = !inQuote;
                }
                else if (c == '}' && !inQuote) return i;
            }
            return -1;
        }

        /// <summary>"aws:username" or "aws:PrincipalTag/team, 'default'" ('' is a quote inside the default).</summary>
        private static bool TryParseVariable(string inner, out string key, out string? defaultValue)
        {
            defaultValue = null;
            var comma = inner.IndexOf(',');
            key = (comma < 0 ? inner : inner.Substring(0, comma)).Trim();
            if (key.Length == 0 || key.IndexOf(' ') >= 0) return false;
            if (comma < 0) return true;
            var rest = inner.Substring(comma + 1).Trim();
            if (rest.Length < 2 || rest[0] != '\'' || rest[rest.Length - 1] != '\'') return false;
            defaultValue = rest.Substring(1, rest.Length - 2).Replace("''", "'");
            return true;
        }

        public override string ToString() => Source;

        private readonly struct Part
        {
            private Part(string? key, string? value) { Key = key; Value = value; }
            public string? Key { get; }
            /// <summary>The literal text, or the variable's default.</summary>
            public string? Value { get; }
            public static Part Text(string text) => new Part(null, text);
            public static Part Variable(string key, string? defaultValue) => new Part(key, defaultValue);
        }
    }

    /// <summary>Read access to a request's context keys (case-insensitive names).</summary>
    public interface IRequestValues
    {
        bool TryGetValues(string key, out IReadOnlyList<string> values);
    }
}
