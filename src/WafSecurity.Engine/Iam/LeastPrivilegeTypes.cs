using System;
using System.Collections.Generic;

namespace WafSecurity
{
    /// <summary>One least-privilege problem of an execution role, naming the policy and statement that cause it.</summary>
    public sealed class LeastPrivilegeIssue
    {
        /// <summary>The rule that reports it, e.g. SEC2.Lambda.ExecRolePrivEsc.</summary>
        public string RuleId { get; set; } = "";
        public string Severity { get; set; } = "";
        /// <summary>The policy: a managed policy ARN, or "inline:NAME" for an inline policy, or "trust policy".</summary>
        public string Policy { get; set; } = "";
        /// <summary>The statement: its Sid, else Statement[i].</summary>
        public string Statement { get; set; } = "";
        public string Message { get; set; } = "";
        /// <summary>The concrete actions involved (may be a sample for very broad grants; see Message).</summary>
        public IReadOnlyList<string> Actions { get; set; } = Array.Empty<string>();

        public override string ToString() => $"{RuleId}: {Message}";
    }

    /// <summary>Test-LambdaLeastPrivilege output: one function's execution role as granted, judged as that function's role.</summary>
    public sealed class LeastPrivilegeReport
    {
        public string FunctionName { get; set; } = "";
        public string FunctionArn { get; set; } = "";
        public string? RoleArn { get; set; }
        public bool IsLeastPrivilege { get; set; }
        public IReadOnlyList<LeastPrivilegeIssue> Issues { get; set; } = Array.Empty<LeastPrivilegeIssue>();
        /// <summary>Concrete actions the role grants on some resource, after Deny statements and the permissions boundary.</summary>
        public int GrantedActionCount { get; set; }
        /// <summary>A proposed replacement policy (JSON), labelled as a proposal: review it before use.</summary>
        public string SuggestedPolicy { get; set; } = "";
        /// <summary>
        /// What evidence the suggestion could not use, one sentence each (for example event source mappings that were not
        /// collected in the function's region); empty when it used all it looks at.
        /// </summary>
        public IReadOnlyList<string> SuggestionNotes { get; set; } = Array.Empty<string>();

        public override string ToString() => $"{FunctionName}: {(IsLeastPrivilege ? "least privilege" : Issues.Count + " issue(s)")}";
    }
}
