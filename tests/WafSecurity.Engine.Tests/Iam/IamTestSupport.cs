using System;
using System.Collections.Generic;
using System.IO;
using WafSecurity.Engine.Iam;

namespace WafSecurity.Engine.Tests.Iam
{
    internal static class IamTestSupport
    {
        public const string Account = "111122223333";
        public const string OtherAccount = "444455556666";

        public static string FixturePath(params string[] parts)
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "fixtures"))) dir = dir.Parent;
            if (dir == null) throw new DirectoryNotFoundException("tests/fixtures not found above " + AppContext.BaseDirectory);
            var all = new List<string> { dir.FullName, "tests", "fixtures" };
            all.AddRange(parts);
            return Path.Combine(all.ToArray());
        }

        public static string ManagedPolicy(string name) => File.ReadAllText(FixturePath("iam", "managed-policies", name + ".json"));

        public static CompiledPolicy Identity(string json, string id = "identity") => CompiledPolicy.Parse(json, id, PolicyKind.Identity);

        public static string Decide(string policyJson, string action, string resource, IDictionary<string, string[]>? context = null, string? caller = null)
        {
            var evaluator = new PolicyEvaluator(new[] { Identity(policyJson) });
            return evaluator.Evaluate(Request(action, resource, context, caller)).Decision;
        }

        public static IamRequest Request(string action, string resource, IDictionary<string, string[]>? context = null, string? caller = null)
        {
            var values = new List<KeyValuePair<string, IReadOnlyList<string>>>();
            if (context != null)
                foreach (var pair in context) values.Add(new KeyValuePair<string, IReadOnlyList<string>>(pair.Key, pair.Value));
            return new IamRequest(action, resource, caller, values);
        }

        /// <summary>A one-statement identity policy.</summary>
        public static string Statement(string body) => "{\"Version\":\"2012-10-17\",\"Statement\":[{" + body + "}]}";
    }
}
