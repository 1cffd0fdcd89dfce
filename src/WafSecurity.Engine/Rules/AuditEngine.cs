using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules
{
    public sealed class AuditOptions
    {
        /// <summary>Rule id patterns with wildcards; null or empty: every rule.</summary>
        public IReadOnlyList<string>? Rules { get; set; }
        /// <summary>Only findings of these severities; null or empty: all.</summary>
        public IReadOnlyList<string>? Severities { get; set; }
        public bool IncludePassed { get; set; }
        /// <summary>
        /// Rule parameters. Keys: "RuleId.Name", a bare "Name" (every selected rule that declares it), or a rule id whose
        /// value is a dictionary of that rule's parameters.
        /// </summary>
        public IDictionary<string, object?>? Parameters { get; set; }
        public IClock Clock { get; set; } = SystemClock.Instance;
        /// <summary>A settings file's content; -Parameter values win over its Parameters.</summary>
        public AuditSettings? Settings { get; set; }
        /// <summary>Also emit findings a suppression covers (they are marked Suppressed).</summary>
        public bool IncludeSuppressed { get; set; }
    }

    /// <summary>
    /// Runs the selected rules over an inventory and turns their results into findings. Bad options fail at once
    /// (ArgumentException: broken setup); a rule that throws is reported and the audit goes on.
    /// </summary>
    public sealed class AuditEngine
    {
        private readonly List<(Rule Rule, RuleParameterValues Parameters)> _plan;
        private readonly AuditOptions _options;
        private readonly HashSet<string>? _severities;
        private readonly AuditSettings _settings;

        public AuditEngine(AuditOptions options)
        {
            _options = options;
            _settings = options.Settings ?? new AuditSettings();
            var rules = RuleRegistry.Match(options.Rules).ToList();
            if (options.Rules != null && options.Rules.Count > 0 && rules.Count == 0)
                throw new ArgumentException($"No rule matches '{string.Join("', '", options.Rules)}'. Get-WafSecurityRule lists the rule ids.");
            var explicitlySelected = options.Rules != null && options.Rules.Count > 0;
            rules = rules.Where(r => !_settings.IsDisabled(r.Descriptor.Id))
                .Where(r => !r.Descriptor.OptIn || explicitlySelected || _settings.IsEnabled(r.Descriptor.Id)).ToList();
            var merged = new Dictionary<string, object?>(_settings.Parameters, StringComparer.OrdinalIgnoreCase);
            if (options.Parameters != null) foreach (var pair in options.Parameters) merged[pair.Key] = pair.Value;
            var overrides = SplitParameters(rules, merged);
            _plan = rules.Select(r => (r, new RuleParameterValues(r.Descriptor, overrides.TryGetValue(r.Descriptor.Id, out var o) ? o : null))).ToList();
            foreach (var (rule, parameters) in _plan) rule.ValidateParameters(parameters);
            if (options.Severities != null && options.Severities.Count > 0)
            {
                foreach (var severity in options.Severities)
                    if (!Severity.All.Contains(severity, StringComparer.OrdinalIgnoreCase))
                        throw new ArgumentException($"'{severity}' is not a severity. Use {string.Join(", ", Severity.All)}.");
                _severities = new HashSet<string>(options.Severities, StringComparer.OrdinalIgnoreCase);
            }
        }

        public IReadOnlyList<Rule> Rules => _plan.Select(p => p.Rule).ToList();

        /// <summary>The parameters a rule will run with, or null when the selection, settings or opt-in leave it out.</summary>
        public RuleParameterValues? PlannedParameters(string ruleId)
            => _plan.Where(p => string.Equals(p.Rule.Descriptor.Id, ruleId, StringComparison.OrdinalIgnoreCase)).Select(p => p.Parameters).FirstOrDefault();
        /// <summary>
        /// The largest value of a whole-number parameter among the planned rules (InactiveDays: the CloudWatch window a live
        /// audit must ask for); null when no planned rule has it.
        /// </summary>
        public int? LargestParameter(string name)
            => _plan.Where(p => p.Rule.Descriptor.Parameters.Any(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase) && d.Default is int))
                .Select(p => (int?)p.Parameters.GetInt(name)).Max();

        /// <summary>Findings in rule order, then in the order each rule meets its resources.</summary>
        public IEnumerable<WafFinding> Run(AwsInventory inventory, Action<InventoryIssue>? reportRuleFailure = null)
        {
            var shared = new ConcurrentDictionary<Type, object>();
            foreach (var (rule, parameters) in _plan)
            {
                var context = new RuleContext(inventory, parameters, _options.Clock, shared);
                List<RuleResult> results;
                try
                {
                    results = rule.Evaluate(context).ToList();
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    reportRuleFailure?.Invoke(new InventoryIssue(IssueKind.Error, "WafSecurity.RuleFailed", rule.Descriptor.Id,
                        $"Rule {rule.Descriptor.Id} stopped on an unexpected {ex.GetType().Name}: {ex.Message}. Its findings are incomplete; please report this."));
                    continue;
                }
                foreach (var result in results)
                {
                    if (result.Status == FindingStatus.Passed && !_options.IncludePassed) continue;
                    var finding = ToFinding(rule.Descriptor, result, inventory.Account.AccountId);
                    finding.Severity = _settings.SeverityFor(finding.RuleId, finding.Severity);
                    if (_severities != null && !_severities.Contains(finding.Severity)) continue;
                    if (finding.Status != FindingStatus.Passed && !Suppress(finding, reportRuleFailure)) continue;
                    yield return finding;
                }
            }
        }

        /// <summary>Marks a finding a live suppression covers; false when it must then be left out. An expired one is said once.</summary>
        private bool Suppress(WafFinding finding, Action<InventoryIssue>? report)
        {
            var now = _options.Clock.UtcNow;
            foreach (var suppression in _settings.Suppressions)
            {
                if (!suppression.Matches(finding)) continue;
                if (suppression.Expires <= now)
                {
                    if (_expiredReported.Add(suppression))
                        report?.Invoke(new InventoryIssue(IssueKind.Warning, "WafSecurity.SuppressionExpired", suppression.Rule,
                            $"The suppression of {suppression.Rule} on '{suppression.Resource}' expired on {suppression.Expires:yyyy-MM-dd}; its findings are reported again."));
                    continue;
                }
                finding.Suppressed = true;
                finding.SuppressionReason = $"{suppression.Reason} (until {suppression.Expires:yyyy-MM-dd})";
                return _options.IncludeSuppressed;
            }
            return true;
        }

        private readonly HashSet<Suppression> _expiredReported = new HashSet<Suppression>();

        public static WafFinding ToFinding(RuleDescriptor descriptor, RuleResult result, string accountId) => new WafFinding
        {
            FindingId = FindingIds.Create(accountId, result.Region, descriptor.Id, result.ResourceArn),
            RuleId = descriptor.Id,
            Status = result.Status,
            Severity = result.Severity ?? descriptor.Severity,
            Question = descriptor.Question,
            Title = descriptor.Title,
            Reason = result.Reason,
            Remediation = descriptor.Remediation,
            RepairCommand = result.Status == FindingStatus.Failed ? result.RepairCommand : null,
            ResourceType = result.ResourceType ?? descriptor.ResourceType,
            ResourceArn = result.ResourceArn,
            ResourceName = result.ResourceName,
            Region = result.Region,
            AccountId = accountId,
            Evidence = result.Evidence.Items,
        };

        private static Dictionary<string, Dictionary<string, object?>> SplitParameters(IReadOnlyList<Rule> rules, IDictionary<string, object?>? parameters)
        {
            var byRule = new Dictionary<string, Dictionary<string, object?>>(StringComparer.OrdinalIgnoreCase);
            if (parameters == null) return byRule;
            Dictionary<string, object?> For(string ruleId)
            {
                if (!byRule.TryGetValue(ruleId, out var map)) byRule[ruleId] = map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                return map;
            }
            var ids = RuleRegistry.All.Select(r => r.Descriptor.Id).ToList();
            foreach (var pair in parameters)
            {
                var exact = ids.FirstOrDefault(id => id.Equals(pair.Key, StringComparison.OrdinalIgnoreCase));
                if (exact != null)
                {
                    if (!(pair.Value is IDictionary nested))
                        throw new ArgumentException($"-Parameter '{pair.Key}' names a rule, so its value must be a hashtable of that rule's parameters.");
                    foreach (DictionaryEntry entry in nested) For(exact)[Convert.ToString(entry.Key)!] = entry.Value;
                    continue;
                }
                var dot = pair.Key.LastIndexOf('.');
                var prefix = dot > 0 ? ids.FirstOrDefault(id => id.Equals(pair.Key.Substring(0, dot), StringComparison.OrdinalIgnoreCase)) : null;
                if (prefix != null)
                {
                    For(prefix)[pair.Key.Substring(dot + 1)] = pair.Value;
                    continue;
                }
                var declaring = rules.Where(r => r.Descriptor.Parameters.Any(p => p.Name.Equals(pair.Key, StringComparison.OrdinalIgnoreCase))).ToList();
                if (declaring.Count == 0)
                    throw new ArgumentException($"-Parameter '{pair.Key}' is not a parameter of any selected rule. Use 'RuleId.Name' or see Get-WafSecurityRule (Parameters).");
                foreach (var rule in declaring) For(rule.Descriptor.Id)[pair.Key] = pair.Value;
            }
            return byRule;
        }
    }
}
