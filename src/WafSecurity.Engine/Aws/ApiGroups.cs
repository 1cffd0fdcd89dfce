using System;
using System.Collections.Generic;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Aws
{
    /// <summary>
    /// An API group: operations that share one documented request-rate quota, per account and region. The scheduler keeps
    /// one token bucket per group and region (IAM is global: one bucket for the account).
    /// </summary>
    public sealed class ApiGroup
    {
        public ApiGroup(string name, double ratePerSecond, double burst, string source)
        {
            Name = name; RatePerSecond = ratePerSecond; Burst = burst; Source = source;
        }

        public string Name { get; }
        /// <summary>The documented sustained rate (requests per second).</summary>
        public double RatePerSecond { get; }
        /// <summary>How many requests we let through back to back after idling (our bucket's capacity, below AWS's).</summary>
        public double Burst { get; }
        /// <summary>Where the quota is documented.</summary>
        public string Source { get; }

        public override string ToString() => $"{Name} ({RatePerSecond}/s)";
    }

    /// <summary>The quotas the collector honours (docs/snapshot-format.md, "Rate limits", lists them with their sources).</summary>
    public static class ApiGroups
    {
        private const string LambdaQuotas = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html (API request rate quotas)";

        public static readonly ApiGroup LambdaGetPolicy = new ApiGroup("lambda:GetPolicy", 15, 2, LambdaQuotas);
        public static readonly ApiGroup LambdaGetFunction = new ApiGroup("lambda:GetFunction", 100, 10, LambdaQuotas);
        public static readonly ApiGroup LambdaControlPlane = new ApiGroup("lambda:ControlPlane", 15, 2, LambdaQuotas + ": remainder of the control plane");
        public static readonly ApiGroup ApiGateway = new ApiGroup("apigateway:Management", 10, 4,
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html (quotas for creating, deploying and managing an API: total operations 10 requests per second per account, burst 40; shared by v1 and v2)");
        public static readonly ApiGroup Iam = new ApiGroup("iam", 10, 2,
            "IAM publishes no per-operation rate (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html); a conservative 10/s, adapted on throttling");
        public static readonly ApiGroup SecretsList = new ApiGroup("secretsmanager:ListSecrets", 50, 5,
            "https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html (held at the 50/s of its resource-policy group)");
        public static readonly ApiGroup SecretsResourcePolicy = new ApiGroup("secretsmanager:ResourcePolicy", 50, 5,
            "https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html (combined rate of DeleteResourcePolicy, GetResourcePolicy, PutResourcePolicy, ValidateResourcePolicy: 50 per second)");
        public static readonly ApiGroup DynamoDbControlPlane = new ApiGroup("dynamodb:ControlPlane", 2500, 50,
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-control-plane.html (control plane throttle limit of 2,500 requests per second)");
        public static readonly ApiGroup KmsDescribeKey = new ApiGroup("kms:DescribeKey", 1000, 20,
            "https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html (DescribeKey; held at 1,000/s, the figure of https://docs.aws.amazon.com/kms/latest/developerguide/throttling.html)");
        public static readonly ApiGroup Sts = new ApiGroup("sts", 50, 5, "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (STS request quotas)");
        public static readonly ApiGroup LogsDescribeLogGroups = new ApiGroup("logs:DescribeLogGroups", 10, 2,
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html (DescribeLogGroups: 10 transactions per second per account per Region; assumed from that page's figure, adapted on throttling)");
        public static readonly ApiGroup AppSyncControlPlane = new ApiGroup("appsync:ControlPlane", 5, 2,
            "https://docs.aws.amazon.com/general/latest/gr/appsync.html (AppSync publishes no rate for its control-plane reads; a conservative 5/s, adapted on throttling)");
        public static readonly ApiGroup CognitoIdentityPools = new ApiGroup("cognito-identity:IdentityPools", 5, 2,
            "https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html (identity pool API quotas; ListIdentityPools and DescribeIdentityPool held at a conservative 5/s, adapted on throttling)");
        private const string StepFunctionsQuotas = "https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html#service-limits-api-action-throttling-general";
        public static readonly ApiGroup StepFunctionsListStateMachines = new ApiGroup("stepfunctions:ListStateMachines", 5, 5,
            StepFunctionsQuotas + " (ListStateMachines: bucket 100, refill 5 per second; assumed from that page's figures, adapted on throttling)");
        public static readonly ApiGroup StepFunctionsDescribeStateMachine = new ApiGroup("stepfunctions:DescribeStateMachine", 20, 20,
            StepFunctionsQuotas + " (DescribeStateMachine: bucket 200, refill 20 per second; assumed from that page's figures, adapted on throttling)");
        public static readonly ApiGroup LogsDescribeResourcePolicies = new ApiGroup("logs:DescribeResourcePolicies", 5, 2,
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html (no figure of its own there: held at the page's lowest control-plane rate, 5 per second per account per Region, adapted on throttling)");
        public static readonly ApiGroup LogsFilterLogEvents = new ApiGroup("logs:FilterLogEvents", 5, 2,
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html (FilterLogEvents: 5 transactions per second per account per Region)");
        public static readonly ApiGroup CloudTrail = new ApiGroup("cloudtrail", 5, 2,
            "https://docs.aws.amazon.com/general/latest/gr/ct.html (CloudTrail API request quotas; DescribeTrails and GetEventSelectors held at a conservative 5 per second per account per Region, adapted on throttling)");
        public static readonly ApiGroup Backup = new ApiGroup("backup:Management", 5, 2,
            "https://docs.aws.amazon.com/general/latest/gr/bk.html (AWS Backup API request rates; a conservative 5/s for ListProtectedResources, adapted on throttling)");
        public static readonly ApiGroup Dax = new ApiGroup("dax:Management", 5, 2,
            "DAX publishes no control-plane request rate (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DAX.quotas.html); a conservative 5/s, adapted on throttling");
        /// <summary>
        /// Bucket configuration reads (s3api) and the account's Block Public Access (s3control). S3 publishes rates only for
        /// object requests (5,500 GET/HEAD per second per partitioned prefix); 20/s is a conservative assumption far below it.
        /// </summary>
        public static readonly ApiGroup S3ControlPlane = new ApiGroup("s3:ControlPlane", 20, 5,
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html (5,500 GET/HEAD per second per prefix for objects; no published figure for bucket configuration calls: 20/s assumed, adapted on SlowDown/503)");
        public static readonly ApiGroup CloudWatchGetMetricData = new ApiGroup("cloudwatch:GetMetricData", 50, 5,
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html (GetMetricData: 50 transactions per second per Region, 500 queries a call)");
        public static readonly ApiGroup Sqs = new ApiGroup("sqs:ControlPlane", 20, 5,
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-quotas.html (no request rate published for ListQueues or GetQueueAttributes: held at a conservative 20/s, adapted on throttling)");
        public static readonly ApiGroup Ec2 = new ApiGroup("ec2:Describe", 20, 5, "https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html (non-mutating actions)");

        public static IReadOnlyList<ApiGroup> All { get; } = new[]
        {
            LambdaGetPolicy, LambdaGetFunction, LambdaControlPlane, ApiGateway, Iam, SecretsList, SecretsResourcePolicy,
            DynamoDbControlPlane, KmsDescribeKey, Sts, Ec2, LogsDescribeLogGroups, AppSyncControlPlane, CognitoIdentityPools,
            StepFunctionsListStateMachines, StepFunctionsDescribeStateMachine, LogsDescribeResourcePolicies, LogsFilterLogEvents, CloudTrail,
            Backup, Dax, S3ControlPlane,
            CloudWatchGetMetricData, Sqs,
        };

        public static ApiGroup Of(SnapshotOperation operation)
        {
            switch (operation.Service)
            {
                case "lambda":
                    if (operation.Operation == "GetPolicy") return LambdaGetPolicy;
                    if (operation.Operation == "GetFunction") return LambdaGetFunction;
                    return LambdaControlPlane;
                case "apigateway":
                case "apigatewayv2": return ApiGateway;
                case "iam": return Iam;
                case "secretsmanager": return operation.Operation == "ListSecrets" ? SecretsList : SecretsResourcePolicy;
                case "dynamodb": return DynamoDbControlPlane;
                case "kms": return KmsDescribeKey;
                case "sts": return Sts;
                case "ec2": return Ec2;
                case "appsync": return AppSyncControlPlane;
                case "cognito-identity": return CognitoIdentityPools;
                case "stepfunctions": return operation.Operation == "ListStateMachines" ? StepFunctionsListStateMachines : StepFunctionsDescribeStateMachine;
                case "logs":
                    if (operation.Operation == "DescribeResourcePolicies") return LogsDescribeResourcePolicies;
                    if (operation.Operation == "FilterLogEvents") return LogsFilterLogEvents;
                    return LogsDescribeLogGroups;
                case "cloudtrail": return CloudTrail;
                case "backup": return Backup;
                case "dax": return Dax;
                case "s3api":
                case "s3control": return S3ControlPlane;
                case "cloudwatch": return CloudWatchGetMetricData;
                case "sqs": return Sqs;
                default: throw new ArgumentException($"no API group for {operation.Label}", nameof(operation));
            }
        }
    }
}
