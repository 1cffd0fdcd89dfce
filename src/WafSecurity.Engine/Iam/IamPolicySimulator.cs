using System;
using System.Collections.Generic;

namespace WafSecurity.Engine.Iam
{
    /// <summary>What Test-WafIamPolicy asks: the same inputs IAM's SimulateCustomPolicy takes.</summary>
    public sealed class IamSimulationRequest
    {
        public IReadOnlyList<string> PolicyDocuments { get; set; } = Array.Empty<string>();
        public IReadOnlyList<string> Actions { get; set; } = Array.Empty<string>();
        /// <summary>Defaults to "*" when empty, as in the simulator.</summary>
        public IReadOnlyList<string> ResourceArns { get; set; } = Array.Empty<string>();
        public string? PermissionsBoundary { get; set; }
        public string? ResourcePolicy { get; set; }
        public string? CallerArn { get; set; }
        public string? ResourceOwner { get; set; }
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Context { get; set; } = new Dictionary<string, IReadOnlyList<string>>();
    }

    /// <summary>A policy input that could not be used: which input, where in it, and why.</summary>
    public sealed class IamPolicyInputError
    {
        public IamPolicyInputError(string input, string path, string message) { Input = input; Path = path; Message = message; }
        /// <summary>E.g. "PolicyDocument[1]", "PermissionsBoundary", "ResourcePolicy".</summary>
        public string Input { get; }
        public string Path { get; }
        public string Message { get; }
        public override string ToString() => $"{Input} is not a valid IAM policy: at {Path}: {Message}";
    }

    public sealed class IamSimulationOutcome
    {
        internal IamSimulationOutcome(IReadOnlyList<IamEvaluationResult> results, IReadOnlyList<IamPolicyInputError> errors)
        {
            Results = results; Errors = errors;
        }

        /// <summary>Empty when any input policy is invalid: a verdict without all the policies would mislead.</summary>
        public IReadOnlyList<IamEvaluationResult> Results { get; }
        public IReadOnlyList<IamPolicyInputError> Errors { get; }
    }

    /// <summary>The engine behind Test-WafIamPolicy: one result per action x resource.</summary>
    public static class IamPolicySimulator
    {
        public const string IdentitySourceType = "IAM Policy";
        public const string BoundarySourceType = "Permissions Boundary Policy";
        public const string ResourceSourceType = "Resource Policy";

        public static IamSimulationOutcome Simulate(IamSimulationRequest request)
        {
            var errors = new List<IamPolicyInputError>();
            var identity = new List<CompiledPolicy>();
            for (var i = 0; i < request.PolicyDocuments.Count; i++)
            {
                var compiled = TryCompile(request.PolicyDocuments[i], $"PolicyInputList.{i + 1}", PolicyKind.Identity, $"PolicyDocument[{i}]", errors);
                if (compiled != null) identity.Add(compiled);
            }
            var boundary = string.IsNullOrWhiteSpace(request.PermissionsBoundary) ? null
                : TryCompile(request.PermissionsBoundary!, "PermissionsBoundaryPolicyInputList.1", PolicyKind.PermissionsBoundary, "PermissionsBoundary", errors);
            var resourcePolicy = string.IsNullOrWhiteSpace(request.ResourcePolicy) ? null
                : TryCompile(request.ResourcePolicy!, "ResourcePolicy", PolicyKind.Resource, "ResourcePolicy", errors);
            if (errors.Count > 0) return new IamSimulationOutcome(Array.Empty<IamEvaluationResult>(), errors);

            var evaluator = new PolicyEvaluator(identity, boundary, resourcePolicy, request.ResourceOwner);
            var resources = request.ResourceArns.Count == 0 ? new[] { "*" } : request.ResourceArns;
            var results = new List<IamEvaluationResult>(request.Actions.Count * resources.Count);
            foreach (var action in request.Actions)
                foreach (var resource in resources)
                {
                    var decision = evaluator.Evaluate(new IamRequest(action, resource, request.CallerArn, request.Context));
                    results.Add(ToResult(action, resource, decision));
                }
            return new IamSimulationOutcome(results, errors);
        }

        internal static IamEvaluationResult ToResult(string action, string resource, IamDecision decision)
        {
            var matched = new IamMatchedStatement[decision.Statements.Count];
            for (var i = 0; i < matched.Length; i++)
            {
                var statement = decision.Statements[i];
                matched[i] = new IamMatchedStatement
                {
                    SourcePolicyId = statement.Policy.PolicyId,
                    SourcePolicyType = statement.Policy.Kind == PolicyKind.Identity ? IdentitySourceType
                        : statement.Policy.Kind == PolicyKind.PermissionsBoundary ? BoundarySourceType : ResourceSourceType,
                    StatementIndex = statement.Statement.Index,
                    Sid = statement.Statement.Sid,
                    Effect = statement.Effect.ToString(),
                };
            }
            return new IamEvaluationResult { EvalActionName = action, EvalResourceName = resource, EvalDecision = decision.Decision, MatchedStatements = matched, Reason = decision.Reason };
        }

        private static CompiledPolicy? TryCompile(string text, string policyId, PolicyKind kind, string input, List<IamPolicyInputError> errors)
        {
            try
            {
                return CompiledPolicy.Parse(text, policyId, kind);
            }
            catch (PolicyParseException ex)
            {
                errors.Add(new IamPolicyInputError(input, ex.Path, ex.Message.Substring(Math.Min(ex.Message.Length, ex.Path.Length + 2))));
                return null;
            }
        }
    }

    /// <summary>The engine behind Expand-WafIamAction.</summary>
    public static class IamActionExpander
    {
        public static IReadOnlyList<IamActionInfo> Expand(string pattern, ActionCatalog? catalog = null)
        {
            var actions = (catalog ?? ActionCatalog.Default).Expand(pattern);
            var result = new IamActionInfo[actions.Count];
            for (var i = 0; i < result.Length; i++)
                result[i] = new IamActionInfo { Action = actions[i].FullName, Service = actions[i].Service.Prefix, AccessLevel = actions[i].AccessLevel };
            return result;
        }
    }
}
