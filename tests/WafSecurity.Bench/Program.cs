using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using WafSecurity.Engine.Iam;

namespace WafSecurity.Bench
{
    /// <summary>
    /// Measures the IAM engine on one thread: catalog load, expansion of "*", and policy evaluations per second over a
    /// realistic mix (AWS managed policies, Lambda execution-role policies with conditions and variables, Deny
    /// statements, a boundary and a resource policy). Prints a JSON line last, for tools/bench/Invoke-Bench.ps1.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length > 1 && args[0] == "collect") return CollectBench.Run(args[1]);
            var fixtures = args.Length > 0 ? args[0] : FindFixtures();
            Thread.CurrentThread.Priority = ThreadPriority.Highest;

            var load = Stopwatch.StartNew();
            var catalog = ActionCatalog.Default;
            load.Stop();
            var expandTimes = new List<double>();
            for (var i = 0; i < 7; i++)
            {
                var watch = Stopwatch.StartNew();
                var all = IamActionExpander.Expand("*");
                watch.Stop();
                if (all.Count != catalog.AllActions.Count) throw new InvalidOperationException("expansion lost actions");
                expandTimes.Add(watch.Elapsed.TotalMilliseconds);
            }
            var wildcardWatch = Stopwatch.StartNew();
            var getStar = catalog.Expand("*:Get*").Count;
            wildcardWatch.Stop();

            var evaluators = BuildEvaluators(fixtures);
            var requests = BuildRequests(catalog, 4096);
            // Warm up JIT and tiering, then measure.
            RunEvaluations(evaluators, requests, 200_000);
            var evaluations = 1_000_000;
            var timer = Stopwatch.StartNew();
            var allowed = RunEvaluations(evaluators, requests, evaluations);
            timer.Stop();
            var perSecond = evaluations / timer.Elapsed.TotalSeconds;

            var withRequestBuild = Stopwatch.StartNew();
            var rebuilt = 200_000;
            for (var i = 0; i < rebuilt; i++)
            {
                var template = requests[i % requests.Count];
                var request = new IamRequest(template.Action, template.Resource, template.CallerArn, template.Context);
                evaluators[i % evaluators.Count].Evaluate(request);
            }
            withRequestBuild.Stop();

            expandTimes.Sort();
            Console.WriteLine($"Catalog: {catalog.Services.Count} services, {catalog.AllActions.Count} actions (iam-data {catalog.SourceVersion}); first load {load.Elapsed.TotalMilliseconds:N1} ms");
            Console.WriteLine($"Expand '*': median {expandTimes[expandTimes.Count / 2]:N3} ms (target < 50 ms); '*:Get*' -> {getStar} actions in {wildcardWatch.Elapsed.TotalMilliseconds:N1} ms");
            Console.WriteLine($"Evaluations: {evaluations:N0} on one thread in {timer.Elapsed.TotalSeconds:N2} s = {perSecond:N0}/s (target >= 50,000/s); {allowed:N0} allowed");
            Console.WriteLine($"Evaluations including request construction: {rebuilt / withRequestBuild.Elapsed.TotalSeconds:N0}/s");
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                CatalogLoadMs = Math.Round(load.Elapsed.TotalMilliseconds, 1),
                ExpandStarMedianMs = Math.Round(expandTimes[expandTimes.Count / 2], 3),
                EvaluationsPerSecond = Math.Round(perSecond),
                EvaluationsPerSecondWithRequest = Math.Round(rebuilt / withRequestBuild.Elapsed.TotalSeconds),
            }));
            return 0;
        }

        private static int RunEvaluations(IReadOnlyList<PolicyEvaluator> evaluators, IReadOnlyList<IamRequest> requests, int count)
        {
            var allowed = 0;
            for (var i = 0; i < count; i++)
                if (evaluators[i % evaluators.Count].Evaluate(requests[(i * 7) % requests.Count]).IsAllowed) allowed++;
            return allowed;
        }

        private static List<PolicyEvaluator> BuildEvaluators(string fixtures)
        {
            string Managed(string name) => File.ReadAllText(Path.Combine(fixtures, "iam", "managed-policies", name + ".json"));
            CompiledPolicy Identity(string text, string id) => CompiledPolicy.Parse(text, id, PolicyKind.Identity);
            var basic = Identity(Managed("AWSLambdaBasicExecutionRole"), "AWSLambdaBasicExecutionRole");
            var app = Identity(@"{""Version"":""2012-10-17"",""Statement"":[
                {""Sid"":""Table"",""Effect"":""Allow"",""Action"":[""dynamodb:GetItem"",""dynamodb:PutItem"",""dynamodb:Query""],""Resource"":""arn:aws:dynamodb:us-east-1:111122223333:table/orders*""},
                {""Sid"":""Objects"",""Effect"":""Allow"",""Action"":""s3:*Object"",""Resource"":""arn:aws:s3:::uploads/${aws:PrincipalTag/tenant, 'shared'}/*""},
                {""Sid"":""Secret"",""Effect"":""Allow"",""Action"":""secretsmanager:GetSecretValue"",""Resource"":""arn:aws:secretsmanager:us-east-1:111122223333:secret:app/*"",
                 ""Condition"":{""StringEquals"":{""aws:ResourceTag/app"":""orders""},""IpAddress"":{""aws:SourceIp"":[""10.0.0.0/8"",""2001:db8::/32""]}}},
                {""Sid"":""NoDelete"",""Effect"":""Deny"",""Action"":[""s3:DeleteObject*"",""dynamodb:DeleteTable""],""Resource"":""*""},
                {""Sid"":""Tls"",""Effect"":""Deny"",""Action"":""*"",""Resource"":""*"",""Condition"":{""BoolIfExists"":{""aws:SecureTransport"":""false""}}}]}", "orders-app");
            var boundary = CompiledPolicy.Parse(@"{""Version"":""2012-10-17"",""Statement"":[{""Effect"":""Allow"",""NotAction"":[""iam:*"",""organizations:*""],""Resource"":""*""}]}", "boundary", PolicyKind.PermissionsBoundary);
            var bucketPolicy = CompiledPolicy.Parse(@"{""Version"":""2012-10-17"",""Statement"":[
                {""Effect"":""Allow"",""Principal"":{""AWS"":""arn:aws:iam::111122223333:role/orders-role""},""Action"":""s3:GetObject"",""Resource"":""arn:aws:s3:::uploads/*""},
                {""Effect"":""Deny"",""Principal"":""*"",""Action"":""s3:*"",""Resource"":""arn:aws:s3:::uploads/*"",""Condition"":{""StringNotEquals"":{""aws:PrincipalAccount"":""111122223333""}}}]}", "uploads-bucket", PolicyKind.Resource);
            return new List<PolicyEvaluator>
            {
                new PolicyEvaluator(new[] { basic, app }),
                new PolicyEvaluator(new[] { basic, app }, boundary, bucketPolicy),
                new PolicyEvaluator(new[] { Identity(Managed("PowerUserAccess"), "PowerUserAccess") }),
                new PolicyEvaluator(new[] { Identity(Managed("ReadOnlyAccess"), "ReadOnlyAccess") }),
                new PolicyEvaluator(new[] { Identity(Managed("AdministratorAccess"), "AdministratorAccess"), app }, boundary),
            };
        }

        private static List<IamRequest> BuildRequests(ActionCatalog catalog, int count)
        {
            var random = new Random(42);
            var common = new[] { "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "dynamodb:GetItem", "dynamodb:PutItem", "logs:PutLogEvents",
                "secretsmanager:GetSecretValue", "iam:PassRole", "lambda:InvokeFunction", "sts:AssumeRole", "kms:Decrypt", "ec2:DescribeInstances" };
            var resources = new[] { "arn:aws:s3:::uploads/acme/file.csv", "arn:aws:s3:::other/x", "arn:aws:dynamodb:us-east-1:111122223333:table/orders",
                "arn:aws:secretsmanager:us-east-1:111122223333:secret:app/db-AbCdEf", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f:log-stream:s",
                "arn:aws:lambda:us-east-1:111122223333:function:orders", "*" };
            var requests = new List<IamRequest>(count);
            for (var i = 0; i < count; i++)
            {
                var action = random.Next(3) == 0 ? catalog.AllActions[random.Next(catalog.AllActions.Count)].FullName : common[random.Next(common.Length)];
                var context = new Dictionary<string, IReadOnlyList<string>>
                {
                    ["aws:SecureTransport"] = new[] { random.Next(10) == 0 ? "false" : "true" },
                    ["aws:SourceIp"] = new[] { random.Next(2) == 0 ? "10.1.2.3" : "198.51.100.7" },
                };
                if (random.Next(2) == 0) context["aws:PrincipalTag/tenant"] = new[] { "acme" };
                if (random.Next(2) == 0) context["aws:ResourceTag/app"] = new[] { "orders" };
                requests.Add(new IamRequest(action, resources[random.Next(resources.Length)], "arn:aws:sts::111122223333:assumed-role/orders-role/fn", context));
            }
            return requests;
        }

        private static string FindFixtures()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "fixtures", "iam"))) dir = dir.Parent;
            return dir == null ? throw new DirectoryNotFoundException("tests/fixtures/iam not found; pass the fixtures folder") : Path.Combine(dir.FullName, "tests", "fixtures");
        }
    }
}
