using System;
using System.Collections.Generic;

namespace WafSecurity.Engine.Inventory
{
    /// <summary>One recorded AWS operation: where its answer lives in a snapshot and the IAM action it needs.</summary>
    public sealed class SnapshotOperation
    {
        public SnapshotOperation(string service, string operation, string iamAction, bool absentWhenMissing)
        {
            Service = service; Operation = operation; IamAction = iamAction; AbsentWhenMissing = absentWhenMissing;
        }

        /// <summary>The AWS CLI service name (lambda, apigatewayv2, ...), which is also the snapshot folder.</summary>
        public string Service { get; }
        public string Operation { get; }
        public string IamAction { get; }
        /// <summary>True where a missing per-resource file means "nothing to return" (no policy), not "not collected".</summary>
        public bool AbsentWhenMissing { get; }

        public string Label => $"{Service} {Operation}";
    }

    /// <summary>The operations of snapshot-format.md. Live collection (Export-WafInventory) writes the same set.</summary>
    public static partial class SnapshotOperations
    {
        public static readonly SnapshotOperation IamAuthorizationDetails = new SnapshotOperation("iam", "GetAccountAuthorizationDetails", "iam:GetAccountAuthorizationDetails", false);
        public static readonly SnapshotOperation LambdaListFunctions = new SnapshotOperation("lambda", "ListFunctions", "lambda:ListFunctions", false);
        public static readonly SnapshotOperation LambdaGetPolicy = new SnapshotOperation("lambda", "GetPolicy", "lambda:GetPolicy", true);
        public static readonly SnapshotOperation LambdaListAliases = new SnapshotOperation("lambda", "ListAliases", "lambda:ListAliases", false);
        /// <summary>How published versions are found (their GetPolicy@version answers); readers ignore the file.</summary>
        public static readonly SnapshotOperation LambdaListVersionsByFunction = new SnapshotOperation("lambda", "ListVersionsByFunction", "lambda:ListVersionsByFunction", false);
        public static readonly SnapshotOperation LambdaListFunctionUrlConfigs = new SnapshotOperation("lambda", "ListFunctionUrlConfigs", "lambda:ListFunctionUrlConfigs", false);
        /// <summary>Every event source mapping of the region (one list call, all pages); attached to functions by FunctionArn.</summary>
        public static readonly SnapshotOperation LambdaListEventSourceMappings = new SnapshotOperation("lambda", "ListEventSourceMappings", "lambda:ListEventSourceMappings", false);
        public static readonly SnapshotOperation DynamoListTables = new SnapshotOperation("dynamodb", "ListTables", "dynamodb:ListTables", false);
        public static readonly SnapshotOperation DynamoDescribeTable = new SnapshotOperation("dynamodb", "DescribeTable", "dynamodb:DescribeTable", false);
        public static readonly SnapshotOperation DynamoDescribeContinuousBackups = new SnapshotOperation("dynamodb", "DescribeContinuousBackups", "dynamodb:DescribeContinuousBackups", false);
        public static readonly SnapshotOperation DynamoGetResourcePolicy = new SnapshotOperation("dynamodb", "GetResourcePolicy", "dynamodb:GetResourcePolicy", true);
        public static readonly SnapshotOperation KmsDescribeKey = new SnapshotOperation("kms", "DescribeKey", "kms:DescribeKey", false);
        public static readonly SnapshotOperation SecretsListSecrets = new SnapshotOperation("secretsmanager", "ListSecrets", "secretsmanager:ListSecrets", false);
        public static readonly SnapshotOperation SecretsGetResourcePolicy = new SnapshotOperation("secretsmanager", "GetResourcePolicy", "secretsmanager:GetResourcePolicy", true);
        /// <summary>Every log group of the region (one list call, all pages merged: {"logGroups": [...]}).</summary>
        public static readonly SnapshotOperation LogsDescribeLogGroups = new SnapshotOperation("logs", "DescribeLogGroups", "logs:DescribeLogGroups", false);
        // S3 and S3 Control. Bucket names are global (one namespace per partition), so every S3 file lives under global/:
        // the bucket's region is needed only to make the calls (ListBuckets BucketRegion, else GetBucketLocation).
        // (Declared here, not in a partial file: All below must be initialised after them.)
        /// <summary>aws s3api list-buckets (all pages): the account's buckets; its presence means S3 was collected.</summary>
        public static readonly SnapshotOperation S3ListBuckets = new SnapshotOperation("s3api", "ListBuckets", "s3:ListAllMyBuckets", false);
        /// <summary>aws s3api get-bucket-location: only written where ListBuckets gave no BucketRegion; gives the bucket's region.</summary>
        public static readonly SnapshotOperation S3GetBucketLocation = new SnapshotOperation("s3api", "GetBucketLocation", "s3:GetBucketLocation", false);
        /// <summary>aws s3api get-bucket-encryption; ServerSideEncryptionConfigurationNotFoundError writes no file.</summary>
        public static readonly SnapshotOperation S3GetBucketEncryption = new SnapshotOperation("s3api", "GetBucketEncryption", "s3:GetEncryptionConfiguration", true);
        /// <summary>aws s3api get-public-access-block (bucket level); NoSuchPublicAccessBlockConfiguration writes no file.</summary>
        public static readonly SnapshotOperation S3GetPublicAccessBlock = new SnapshotOperation("s3api", "GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock", true);
        /// <summary>aws s3api get-bucket-policy-status; NoSuchBucketPolicy (no policy, so not public by policy) writes no file.</summary>
        public static readonly SnapshotOperation S3GetBucketPolicyStatus = new SnapshotOperation("s3api", "GetBucketPolicyStatus", "s3:GetBucketPolicyStatus", true);
        /// <summary>aws s3control get-public-access-block --account-id (account level); NoSuchPublicAccessBlockConfiguration writes no file.</summary>
        public static readonly SnapshotOperation S3ControlGetPublicAccessBlock = new SnapshotOperation("s3control", "GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock", true);
        public static readonly SnapshotOperation RestGetRestApis = new SnapshotOperation("apigateway", "GetRestApis", "apigateway:GET", false);
        public static readonly SnapshotOperation RestGetResources = new SnapshotOperation("apigateway", "GetResources", "apigateway:GET", false);
        public static readonly SnapshotOperation RestGetStages = new SnapshotOperation("apigateway", "GetStages", "apigateway:GET", false);
        public static readonly SnapshotOperation RestGetAuthorizers = new SnapshotOperation("apigateway", "GetAuthorizers", "apigateway:GET", false);
        public static readonly SnapshotOperation V2GetApis = new SnapshotOperation("apigatewayv2", "GetApis", "apigateway:GET", false);
        public static readonly SnapshotOperation V2GetRoutes = new SnapshotOperation("apigatewayv2", "GetRoutes", "apigateway:GET", false);
        public static readonly SnapshotOperation V2GetStages = new SnapshotOperation("apigatewayv2", "GetStages", "apigateway:GET", false);
        public static readonly SnapshotOperation V2GetAuthorizers = new SnapshotOperation("apigatewayv2", "GetAuthorizers", "apigateway:GET", false);

        public static IReadOnlyList<SnapshotOperation> All { get; } = new[]
        {
            IamAuthorizationDetails, LambdaListFunctions, LambdaGetPolicy, LambdaListAliases, LambdaListVersionsByFunction, LambdaListFunctionUrlConfigs,
            LambdaListEventSourceMappings, DynamoListTables, DynamoDescribeTable, DynamoDescribeContinuousBackups, DynamoGetResourcePolicy, KmsDescribeKey,
            SecretsListSecrets, SecretsGetResourcePolicy, RestGetRestApis, RestGetResources, RestGetStages, RestGetAuthorizers,
            V2GetApis, V2GetRoutes, V2GetStages, V2GetAuthorizers, LogsDescribeLogGroups,
            S3ListBuckets, S3GetBucketLocation, S3GetBucketEncryption, S3GetPublicAccessBlock, S3GetBucketPolicyStatus, S3ControlGetPublicAccessBlock,
        };

        // Calls the live collector makes that are not snapshot files (account.json is written from the first).
        /// <summary>aws sts get-caller-identity: the account id and partition for account.json.</summary>
        public static readonly SnapshotOperation StsGetCallerIdentity = new SnapshotOperation("sts", "GetCallerIdentity", "sts:GetCallerIdentity", false);
        /// <summary>aws ec2 describe-regions: the regions enabled for the account (-AllRegions).</summary>
        public static readonly SnapshotOperation Ec2DescribeRegions = new SnapshotOperation("ec2", "DescribeRegions", "ec2:DescribeRegions", false);
    }
}
