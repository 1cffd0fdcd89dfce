using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Secrets;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>
    /// SEC3.Lambda.SecretsInCode (opt-in): no secret sits in a function's deployment package, which anyone allowed
    /// lambda:GetFunction can download. Judges the scan the collector made of the package (or of a zip the operator placed
    /// in the snapshot); reports paths, lines and detectors, never values. A package that could not be fetched or fully
    /// scanned is an Error, never a pass.
    /// </summary>
    public sealed class LambdaSecretsInCodeRule : Rule
    {
        public const string MaxCodeBytesParameter = "MaxCodeBytes";
        public const string DownloadTimeoutSecondsParameter = "DownloadTimeoutSeconds";
        public const int DefaultMaxCodeBytes = 50 * 1024 * 1024;
        /// <summary>Lambda's unzipped package limit: no zip package can be bigger.</summary>
        public const int LargestMaxCodeBytes = 250 * 1024 * 1024;

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC3.Lambda.SecretsInCode",
            Question = WafSecurity.Question.Sec3,
            Severity = WafSecurity.Severity.High,
            ResourceType = "AWS::Lambda::Function",
            WellArchitected = new[] { "SEC02-BP03" },
            OptIn = true,
            Title = "Lambda code packages hold no secrets",
            Description = "A function's zip package can be downloaded by anyone allowed lambda:GetFunction and is kept in build " +
                          "artifacts and source control. The package is fetched from GetFunction's presigned Code.Location (HTTPS, " +
                          "size cap, timeout, one package at a time) and every text file is scanned line by line with the same " +
                          "detectors as SEC3.Lambda.SecretsInEnvVars (AWS keys, private keys, JWTs, provider tokens, URLs and " +
                          "connection strings with passwords, literal values under secret-looking names). Opt-in: it downloads " +
                          "code. Container images, packages over MaxCodeBytes and failed downloads are Errors, never passes.",
            Remediation = "Remove the secret from the code and its history, rotate it, store it in AWS Secrets Manager (or SSM " +
                          "Parameter Store SecureString) and read it at run time; add a secret scanner to the build pipeline.",
            Parameters = new[]
            {
                new RuleParameter("IgnorePattern", "", "A regular expression (case-insensitive) of assigned NAMES never to report (as SEC3.Lambda.SecretsInEnvVars), e.g. '^(EXAMPLE_|TEST_)'. Empty: none."),
                new RuleParameter("IgnoreFiles", Array.Empty<string>(), "File globs never to report (Prowler secrets_ignore_files): '*' within a path segment, '**' across; a glob without '/' matches the file name, e.g. '*.test.js', 'tests/**'."),
                new RuleParameter(MaxCodeBytesParameter, DefaultMaxCodeBytes, "Largest package (zip bytes) downloaded and scanned during live collection; bigger ones are an Error. 1 MB to 250 MB."),
                new RuleParameter(DownloadTimeoutSecondsParameter, 60, "Seconds allowed for one package download during live collection (5 to 900)."),
            },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var ignoreNames = BuildIgnore(context.Parameters.GetString("IgnorePattern"));
            var ignoreFiles = context.Parameters.GetStrings("IgnoreFiles").Select(GlobToRegex).ToList();
            foreach (var region in context.Regions)
            {
                if (!region.Functions.IsOk) continue;
                foreach (var function in region.Functions.Value!)
                    yield return Judge(region.Region, function, ignoreNames, ignoreFiles);
            }
        }

        private static RuleResult Judge(string region, LambdaFunction function, Regex? ignoreNames, IReadOnlyList<Regex> ignoreFiles)
        {
            var name = function.FunctionName;
            if (string.Equals(function.PackageType, "Image", StringComparison.OrdinalIgnoreCase))
                return Error(region, function, $"Could not evaluate function {name}: its package is a container image (PackageType Image), which " +
                                               "this rule does not download; scan the image in Amazon ECR (Amazon Inspector) instead.",
                    new Evidence().Add("PackageType", function.PackageType));
            var scan = function.CodeScan;
            if (!scan.IsOk)
                return RuleResult.FromError(region, function.FunctionArn, name, scan.Error ?? new CallError("NotCollected", "",
                    SnapshotOperations.LambdaGetFunction.Label, SnapshotOperations.LambdaGetFunction.IamAction, null), $"the code package of function {name}");

            var result = scan.Value!;
            var kept = new List<CodeDetection>();
            var ignored = 0;
            foreach (var detection in result.Detections)
            {
                if (ignoreFiles.Any(glob => glob.IsMatch(detection.Path)) || (detection.Name != null && ignoreNames != null && ignoreNames.IsMatch(detection.Name)))
                    ignored++;
                else kept.Add(detection);
            }
            var evidence = new Evidence().Add("CodeSha256", result.CodeSha256).Add("Entries", result.Entries).Add("ScannedBytes", result.ScannedBytes)
                .Add("BinaryEntries", result.BinaryEntries);
            if (ignored > 0) evidence.Add("IgnoredDetections", ignored);
            if (result.Truncated) evidence.Add("TruncatedReason", result.TruncatedReason);

            if (kept.Count > 0 || result.DetectionsOmitted > 0)
            {
                var total = kept.Count + result.DetectionsOmitted;
                evidence.Add("Files", kept.Select(d => d.Path).Distinct(StringComparer.Ordinal).ToArray())
                    .Add("Detections", kept.Select(d => d.ToString()).ToArray());
                if (result.DetectionsOmitted > 0) evidence.Add("DetectionsOmitted", result.DetectionsOmitted);
                var listed = string.Join(", ", kept.Take(10).Select(d => $"{d.Path}:{d.Line} ({d.Detector}{(d.Name == null ? "" : " " + d.Name)})"));
                return RuleResult.Failed(region, function.FunctionArn, name,
                    $"The code package of function {name} holds {total} secret-looking value{(total == 1 ? "" : "s")}: {listed}" +
                    (total > 10 ? $" and {total - 10} more" : "") + "; expected secrets read at run time from Secrets Manager or SSM Parameter Store.",
                    evidence);
            }
            if (result.Truncated)
                return Error(region, function, $"Could not evaluate the code package of function {name} completely: {result.TruncatedReason}; " +
                                               "nothing was found in the part that was scanned, which is not a pass.", evidence);
            return RuleResult.Passed(region, function.FunctionArn, name,
                $"No secret found in the {result.Entries - result.BinaryEntries} text file{(result.Entries - result.BinaryEntries == 1 ? "" : "s")} " +
                $"({result.ScannedBytes} bytes) of the code package of function {name}" +
                (result.BinaryEntries > 0 ? $"; {result.BinaryEntries} binary file{(result.BinaryEntries == 1 ? "" : "s")} skipped" : "") +
                (ignored > 0 ? $"; {ignored} detection{(ignored == 1 ? "" : "s")} ignored by IgnorePattern/IgnoreFiles." : "."), evidence);
        }

        private static RuleResult Error(string region, LambdaFunction function, string reason, Evidence evidence) => new RuleResult
        {
            Status = FindingStatus.Error, Region = region, ResourceArn = function.FunctionArn, ResourceName = function.FunctionName,
            Reason = reason, Evidence = evidence,
        };

        public override void ValidateParameters(RuleParameterValues parameters)
        {
            BuildIgnore(parameters.GetString("IgnorePattern"));
            var max = parameters.GetInt(MaxCodeBytesParameter);
            if (max < 1024 * 1024 || max > LargestMaxCodeBytes)
                throw new ArgumentException($"Parameter {Info.Id}.{MaxCodeBytesParameter} must be between {1024 * 1024} (1 MB) and {LargestMaxCodeBytes} (250 MB); got {max}.");
            var timeout = parameters.GetInt(DownloadTimeoutSecondsParameter);
            if (timeout < 5 || timeout > 900)
                throw new ArgumentException($"Parameter {Info.Id}.{DownloadTimeoutSecondsParameter} must be between 5 and 900 seconds; got {timeout}.");
            foreach (var glob in parameters.GetStrings("IgnoreFiles"))
                if (string.IsNullOrWhiteSpace(glob)) throw new ArgumentException($"Parameter {Info.Id}.IgnoreFiles holds an empty glob.");
        }

        /// <summary>
        /// What live collection must fetch for this rule: code scanning bounded by its parameters when the audit runs the
        /// rule (it is opt-in), otherwise null (no GetFunction call, no download).
        /// </summary>
        public static Aws.CodeScanOptions? CollectionOptions(AuditEngine engine)
        {
            var parameters = engine.PlannedParameters(Info.Id);
            return parameters == null ? null : new Aws.CodeScanOptions
            {
                MaxCodeBytes = parameters.GetInt(MaxCodeBytesParameter),
                DownloadTimeout = TimeSpan.FromSeconds(parameters.GetInt(DownloadTimeoutSecondsParameter)),
            };
        }

        private static Regex? BuildIgnore(string pattern) => SecretDetector.CompileIgnorePattern(pattern, Info.Id + ".IgnorePattern");

        /// <summary>'*' and '?' stay within a path segment, '**' crosses segments; a glob without '/' matches the file name.</summary>
        internal static Regex GlobToRegex(string glob)
        {
            var pattern = new StringBuilder(glob.IndexOf('/') < 0 ? "(?:^|/)" : "^");
            for (var i = 0; i < glob.Length; i++)
            {
                var c = glob[i];
                if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
                {
                    i++;
                    // "**/" is any number of whole directories, none included; a trailing "**" is anything.
                    if (i + 1 < glob.Length && glob[i + 1] == '/') { pattern.Append("(?:.*/)?"); i++; }
                    else pattern.Append(".*");
                }
                else if (c == '*') pattern.Append("[^/]*");
                else if (c == '?') pattern.Append("[^/]");
                else pattern.Append(Regex.Escape(c.ToString()));
            }
            return new Regex(pattern.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
    }
}
