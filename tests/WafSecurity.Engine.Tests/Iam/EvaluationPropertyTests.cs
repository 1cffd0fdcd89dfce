using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Iam;
using static WafSecurity.Engine.Tests.Iam.IamTestSupport;

namespace WafSecurity.Engine.Tests.Iam
{
    /// <summary>Properties that must hold for any policy: seeded random cases, so failures reproduce.</summary>
    public class EvaluationPropertyTests
    {
        private static readonly IReadOnlyList<CatalogAction> AllActions = ActionCatalog.Default.AllActions;

        private static string RandomActionPattern(Random random)
        {
            var action = AllActions[random.Next(AllActions.Count)];
            var name = action.Name;
            switch (random.Next(5))
            {
                case 0: return action.FullName;
                case 1: return action.Service.Prefix + ":" + name.Substring(0, random.Next(1, name.Length)) + "*";
                case 2:
                    var at = random.Next(name.Length);
                    return action.Service.Prefix + ":" + name.Substring(0, at) + "?" + name.Substring(at + 1);
                case 3: return action.Service.Prefix + ":*";
                default: return action.Service.Prefix + ":*" + name.Substring(random.Next(name.Length));
            }
        }

        private static string RandomResource(Random random)
            => random.Next(3) switch
            {
                0 => "*",
                1 => $"arn:aws:s3:::bucket{random.Next(3)}/*",
                _ => $"arn:aws:lambda:us-east-1:{Account}:function:fn{random.Next(3)}",
            };

        private static string StatementJson(string effect, IEnumerable<string> actions, string resource, bool negateAction)
            => "{\"Effect\":\"" + effect + "\",\"" + (negateAction ? "NotAction" : "Action") + "\":[" + string.Join(",", actions.Select(a => "\"" + a + "\"")) + "],\"Resource\":\"" + resource + "\"}";

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void Evaluate_AnyApplicableDeny_AlwaysWins(int seed)
        {
            var random = new Random(seed);
            for (var trial = 0; trial < 300; trial++)
            {
                var statements = new List<string>();
                for (var i = 0; i < random.Next(1, 5); i++)
                    statements.Add(StatementJson("Allow", Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomActionPattern(random)), RandomResource(random), random.Next(4) == 0));
                var target = AllActions[random.Next(AllActions.Count)];
                var resource = $"arn:aws:s3:::bucket{random.Next(3)}/key";
                // A deny that names the action (exactly or by pattern) on a resource pattern covering the request.
                statements.Insert(random.Next(statements.Count + 1), StatementJson("Deny", new[] { random.Next(2) == 0 ? target.FullName.ToUpperInvariant() : target.Service.Prefix + ":*" }, random.Next(2) == 0 ? "*" : "arn:aws:s3:::bucket*", false));
                var policy = "{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(",", statements) + "]}";
                var decision = Decide(policy, target.FullName, resource);
                Assert.True(decision == "explicitDeny", $"seed {seed} trial {trial}: {decision} for {target.FullName} on {resource} under {policy}");
            }
        }

        [Theory]
        [InlineData(11)]
        [InlineData(12)]
        public void Expand_AnyPattern_AgreesWithStatementMatching(int seed)
        {
            var random = new Random(seed);
            for (var trial = 0; trial < 200; trial++)
            {
                var pattern = RandomActionPattern(random);
                var expanded = new HashSet<string>(ActionCatalog.Default.Expand(pattern).Select(a => a.FullName), StringComparer.OrdinalIgnoreCase);
                var statement = Identity(Statement("\"Effect\":\"Allow\",\"Action\":\"" + pattern + "\",\"Resource\":\"*\"")).Statements[0];
                Assert.NotEmpty(expanded);
                foreach (var name in expanded)
                    Assert.True(statement.MatchesAction(name), $"{pattern} expands to {name}, which the statement does not match");
                for (var sample = 0; sample < 200; sample++)
                {
                    var other = AllActions[random.Next(AllActions.Count)].FullName;
                    Assert.True(statement.MatchesAction(other) == expanded.Contains(other), $"{pattern} vs {other}: matching and expansion disagree");
                }
            }
        }

        [Theory]
        [InlineData(21)]
        public void Evaluate_NotActionAllow_IsComplementOfActionAllow(int seed)
        {
            var random = new Random(seed);
            for (var trial = 0; trial < 200; trial++)
            {
                var pattern = RandomActionPattern(random);
                var allow = Statement("\"Effect\":\"Allow\",\"Action\":\"" + pattern + "\",\"Resource\":\"*\"");
                var notAllow = Statement("\"Effect\":\"Allow\",\"NotAction\":\"" + pattern + "\",\"Resource\":\"*\"");
                var action = AllActions[random.Next(AllActions.Count)].FullName;
                Assert.NotEqual(Decide(allow, action, "*"), Decide(notAllow, action, "*"));
            }
        }
    }
}
