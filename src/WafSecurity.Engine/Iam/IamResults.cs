using System;
using System.Collections.Generic;

namespace WafSecurity
{
    /// <summary>Test-WafIamPolicy output: one action on one resource, decided as IAM's policy simulator names decisions.</summary>
    public sealed class IamEvaluationResult
    {
        public string EvalActionName { get; set; } = "";
        public string EvalResourceName { get; set; } = "";
        /// <summary>allowed, explicitDeny or implicitDeny (see <see cref="IamDecisions"/>).</summary>
        public string EvalDecision { get; set; } = "";
        /// <summary>The statements the decision rests on: the Deny statements for explicitDeny, the Allow statements for allowed.</summary>
        public IReadOnlyList<IamMatchedStatement> MatchedStatements { get; set; } = Array.Empty<IamMatchedStatement>();
        /// <summary>Why the decision was reached, in words (e.g. "allowed by the identity policy but not by the permissions boundary").</summary>
        public string Reason { get; set; } = "";

        public override string ToString() => $"{EvalDecision} {EvalActionName} {EvalResourceName}";
    }

    public sealed class IamMatchedStatement
    {
        /// <summary>The policy the statement is in: its ARN or name, or PolicyInputList.N / PermissionsBoundaryPolicyInputList.1 / ResourcePolicy.</summary>
        public string SourcePolicyId { get; set; } = "";
        /// <summary>IAM Policy, Permissions Boundary Policy or Resource Policy.</summary>
        public string SourcePolicyType { get; set; } = "";
        public int StatementIndex { get; set; }
        public string? Sid { get; set; }
        public string Effect { get; set; } = "";

        public override string ToString() => string.IsNullOrEmpty(Sid) ? $"{SourcePolicyId} Statement[{StatementIndex}]" : $"{SourcePolicyId} Statement '{Sid}'";
    }

    public static class IamDecisions
    {
        public const string Allowed = "allowed";
        public const string ExplicitDeny = "explicitDeny";
        public const string ImplicitDeny = "implicitDeny";
    }

    /// <summary>Expand-WafIamAction output: one concrete IAM action.</summary>
    public sealed class IamActionInfo
    {
        /// <summary>service:Name as AWS spells it, e.g. s3:GetObject.</summary>
        public string Action { get; set; } = "";
        /// <summary>The service prefix, e.g. s3.</summary>
        public string Service { get; set; } = "";
        /// <summary>List, Read, Write, Permissions management or Tagging.</summary>
        public string AccessLevel { get; set; } = "";

        public override string ToString() => Action;
    }
}
