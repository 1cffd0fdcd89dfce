using System;
using System.Collections.Generic;

namespace WafSecurity.Engine.Iam
{
    /// <summary>
    /// One authorization question: may the caller perform Action on Resource, given these context keys?
    /// Context key names are case-insensitive, as IAM treats them.
    /// </summary>
    public sealed class IamRequest : IRequestValues
    {
        private readonly Dictionary<string, IReadOnlyList<string>> _context;

        public IamRequest(string action, string resource, string? callerArn = null, IEnumerable<KeyValuePair<string, IReadOnlyList<string>>>? context = null)
        {
            Action = action ?? throw new ArgumentNullException(nameof(action));
            Resource = resource ?? throw new ArgumentNullException(nameof(resource));
            CallerArn = string.IsNullOrEmpty(callerArn) ? null : callerArn;
            _context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            if (context != null)
                foreach (var pair in context) _context[pair.Key] = pair.Value;
            // Keys IAM derives from the caller, unless the caller supplied them (the simulator's ContextEntries win).
            if (CallerArn != null) AddCallerKeys(CallerArn);
            var colon = Action.IndexOf(':');
            ActionService = colon > 0 ? Action.Substring(0, colon) : Action;
        }

        public string Action { get; }
        public string ActionService { get; }
        public string Resource { get; }
        /// <summary>The principal making the request (user, role, assumed-role session, or service principal name).</summary>
        public string? CallerArn { get; }
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Context => _context;

        public bool TryGetValues(string key, out IReadOnlyList<string> values)
        {
            if (_context.TryGetValue(key, out var found) && found.Count > 0) { values = found; return true; }
            values = Array.Empty<string>();
            return false;
        }

        private void AddCallerKeys(string caller)
        {
            var account = Arn.AccountOf(caller);
            if (account == null)
            {
                if (caller.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) || caller.EndsWith(".amazon.com", StringComparison.OrdinalIgnoreCase))
                    AddIfAbsent("aws:PrincipalServiceName", caller);
                return;
            }
            AddIfAbsent("aws:PrincipalArn", PrincipalArnOf(caller));
            AddIfAbsent("aws:PrincipalAccount", account);
            var resource = caller.Split(new[] { ':' }, 6)[5];
            if (resource.StartsWith("user/", StringComparison.Ordinal))
            {
                AddIfAbsent("aws:username", resource.Substring(resource.LastIndexOf('/') + 1));
                AddIfAbsent("aws:PrincipalType", "User");
            }
            else if (resource.StartsWith("assumed-role/", StringComparison.Ordinal) || resource.StartsWith("role/", StringComparison.Ordinal))
                AddIfAbsent("aws:PrincipalType", "AssumedRole");
            else if (resource == "root")
                AddIfAbsent("aws:PrincipalType", "Account");
        }

        private void AddIfAbsent(string key, string value)
        {
            if (!_context.ContainsKey(key)) _context[key] = new[] { value };
        }

        /// <summary>aws:PrincipalArn of a session is its role's ARN (IAM docs, aws:PrincipalArn).</summary>
        internal static string PrincipalArnOf(string caller)
        {
            var parts = caller.Split(new[] { ':' }, 6);
            if (parts.Length == 6 && parts[2] == "sts" && parts[5].StartsWith("assumed-role/", StringComparison.Ordinal))
            {
                var rest = parts[5].Substring("assumed-role/".Length);
                var slash = rest.IndexOf('/');
                var roleName = slash < 0 ? rest : rest.Substring(0, slash);
                return $"arn:{parts[1]}:iam::{parts[4]}:role/{roleName}";
            }
            return caller;
        }

        public override string ToString() => $"{Action} on {Resource}";
    }
}
