using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace WafSecurity.Engine.Inventory
{
    /// <summary>
    /// One CloudWatch metric that shows a resource is in use, queried for every resource of a kind with one dimension
    /// (snapshot-format.md: cloudwatch GetMetricData). Each query's Label is the dimension value, so a result is found by
    /// the resource's name or id.
    /// </summary>
    public sealed class ActivityMetric
    {
        internal ActivityMetric(string metricNamespace, string metricName)
        {
            Namespace = metricNamespace; MetricName = metricName;
        }

        public string Namespace { get; }
        public string MetricName { get; }
        /// <summary>"AWS/Lambda Invocations", for messages.</summary>
        public string Label => Namespace + " " + MetricName;
        /// <summary>The file key without the window: "AWS_Lambda_Invocations" ('/' of the namespace written as '_').</summary>
        public string KeyPrefix => Namespace.Replace('/', '_') + "_" + MetricName;

        /// <summary>The snapshot key for a window of <paramref name="days"/> days: "AWS_Lambda_Invocations.90d".</summary>
        public string Key(int days) => KeyPrefix + "." + days.ToString(CultureInfo.InvariantCulture) + "d";

        /// <summary>The window (days) of a snapshot key of this metric; null when the key is another metric's.</summary>
        public int? WindowOf(string key)
        {
            var match = WindowKey.Match(key);
            if (!match.Success || !string.Equals(match.Groups[1].Value, KeyPrefix, StringComparison.Ordinal)) return null;
            return int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days > 0 ? days : (int?)null;
        }

        private static readonly Regex WindowKey = new Regex(@"^(.+)\.([0-9]{1,4})d$", RegexOptions.CultureInvariant);
    }

    /// <summary>
    /// The activity metrics the abandoned-resource rules read (period 86400 s, statistic Sum) and the dimension each is
    /// queried by.
    /// </summary>
    public static class ActivityMetrics
    {
        public const int PeriodSeconds = 86400;
        public const string Statistic = "Sum";
        /// <summary>CloudWatch keeps datapoints of a period of one hour or more for 455 days (15 months).</summary>
        public const int MaxWindowDays = 455;
        /// <summary>Queries per GetMetricData call (the API's maximum).</summary>
        public const int MaxQueriesPerCall = 500;

        /// <summary>AWS/Lambda Invocations by FunctionName.</summary>
        public static readonly ActivityMetric LambdaInvocations = new ActivityMetric("AWS/Lambda", "Invocations");
        /// <summary>AWS/ApiGateway Count: REST APIs by ApiName, HTTP APIs by ApiId.</summary>
        public static readonly ActivityMetric ApiCount = new ActivityMetric("AWS/ApiGateway", "Count");
        /// <summary>AWS/ApiGateway ConnectCount by ApiId: WebSocket APIs publish no Count; every use starts with a connection.</summary>
        public static readonly ActivityMetric WebSocketConnectCount = new ActivityMetric("AWS/ApiGateway", "ConnectCount");
        public static readonly ActivityMetric TableReads = new ActivityMetric("AWS/DynamoDB", "ConsumedReadCapacityUnits");
        public static readonly ActivityMetric TableWrites = new ActivityMetric("AWS/DynamoDB", "ConsumedWriteCapacityUnits");
        public static readonly ActivityMetric QueueSent = new ActivityMetric("AWS/SQS", "NumberOfMessagesSent");
        public static readonly ActivityMetric QueueReceived = new ActivityMetric("AWS/SQS", "NumberOfMessagesReceived");

        public static IReadOnlyList<ActivityMetric> All { get; } = new[]
        {
            LambdaInvocations, ApiCount, WebSocketConnectCount, TableReads, TableWrites, QueueSent, QueueReceived,
        };
    }
}
