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
        /// <summary>Per .zip function (key FunctionName): {"CodeSigningConfigArn": "...", "FunctionName": "..."}.</summary>
        public static readonly SnapshotOperation LambdaGetFunctionCodeSigningConfig =
            new SnapshotOperation("lambda", "GetFunctionCodeSigningConfig", "lambda:GetFunctionCodeSigningConfig", false);
        /// <summary>Per config a function names (key: the config id, csc-...): {"CodeSigningConfig": {...}}.</summary>
        public static readonly SnapshotOperation LambdaGetCodeSigningConfig =
            new SnapshotOperation("lambda", "GetCodeSigningConfig", "lambda:GetCodeSigningConfig", false);
        /// <summary>Every state machine of the region (one list call, all pages merged: {"stateMachines": [...]}).</summary>
        public static readonly SnapshotOperation StepFunctionsListStateMachines = new SnapshotOperation("stepfunctions", "ListStateMachines", "states:ListStateMachines", false);
        /// <summary>Per listed state machine (key: its name): {"stateMachineArn", "name", "definition": "<ASL JSON text>", ...}.</summary>
        public static readonly SnapshotOperation StepFunctionsDescribeStateMachine = new SnapshotOperation("stepfunctions", "DescribeStateMachine", "states:DescribeStateMachine", false);
        // S3 and S3 Control. Bucket names are global (one namespace per partition), so every S3 file lives under global/:
        // the bucket's region is needed only to make the calls (ListBuckets BucketRegion, else GetBucketLocation).
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

        /// <summary>
        /// aws lambda get-function, per function, made only when code scanning is asked for (SEC3.Lambda.SecretsInCode).
        /// The stored answer has Code.Location (a presigned URL: a bearer credential) replaced by a redaction marker.
        /// An operator may place the package itself beside it as GetFunction/&lt;FunctionName&gt;.zip.
        /// </summary>
        public static readonly SnapshotOperation LambdaGetFunction = new SnapshotOperation("lambda", "GetFunction", "lambda:GetFunction", false);

        /// <summary>
        /// Not a CLI call: the secret scan of the package downloaded from GetFunction's Code.Location
        /// (&lt;region&gt;/lambda/CodeScan/&lt;FunctionName&gt;.json, or .error.json when the download failed).
        /// </summary>
        public static readonly SnapshotOperation LambdaCodeScan = new SnapshotOperation("lambda", "CodeScan", "lambda:GetFunction", false);

        /// <summary>
        /// IAM service last-accessed data of one execution role (global/iam/GetServiceLastAccessedDetails/&lt;RoleName&gt;.json):
        /// the completed job's answer, all pages merged. Getting it takes a GenerateServiceLastAccessedDetails call first,
        /// so the file names both actions.
        /// </summary>
        public static readonly SnapshotOperation IamGetServiceLastAccessedDetails = new SnapshotOperation("iam", "GetServiceLastAccessedDetails",
            "iam:GenerateServiceLastAccessedDetails and iam:GetServiceLastAccessedDetails", false);

        /// <summary>Starts the last-accessed job for a role (Granularity ACTION_LEVEL); its JobId is polled, never written.</summary>
        public static readonly SnapshotOperation IamGenerateServiceLastAccessedDetails = new SnapshotOperation("iam", "GenerateServiceLastAccessedDetails",
            "iam:GenerateServiceLastAccessedDetails", false);

        /// <summary>Every resource AWS Backup holds a recovery point for in the region (one list call, all pages: {"Results": [...]}).</summary>
        public static readonly SnapshotOperation BackupListProtectedResources = new SnapshotOperation("backup", "ListProtectedResources",
            "backup:ListProtectedResources", false);

        /// <summary>Every DAX cluster of the region (one list call, all pages: {"Clusters": [...]}).</summary>
        public static readonly SnapshotOperation DaxDescribeClusters = new SnapshotOperation("dax", "DescribeClusters", "dax:DescribeClusters", false);


        // Built on first use: field initializers of the other partial files (SnapshotOperations.<Service>.cs) run in an
        // unspecified order relative to this file's, so an initializer here could capture their fields while still null.
        private static IReadOnlyList<SnapshotOperation>? _all;

        public static IReadOnlyList<SnapshotOperation> All => _all ??= new[]
        {
            IamAuthorizationDetails, LambdaListFunctions, LambdaGetPolicy, LambdaListAliases, LambdaListVersionsByFunction, LambdaListFunctionUrlConfigs,
            LambdaListEventSourceMappings, DynamoListTables, DynamoDescribeTable, DynamoDescribeContinuousBackups, DynamoGetResourcePolicy, KmsDescribeKey,
            SecretsListSecrets, SecretsGetResourcePolicy, RestGetRestApis, RestGetResources, RestGetStages, RestGetAuthorizers,
            V2GetApis, V2GetRoutes, V2GetStages, V2GetAuthorizers, LogsDescribeLogGroups,
            AppSyncListGraphqlApis, AppSyncGetApiCache, CognitoListIdentityPools, CognitoDescribeIdentityPool,
            RestGetDomainNames, RestGetUsagePlans, RestGetRequestValidators, V2GetDomainNames, V2GetIntegrations,
            LambdaGetFunction, LambdaCodeScan,
            LambdaGetFunctionCodeSigningConfig, LambdaGetCodeSigningConfig, StepFunctionsListStateMachines, StepFunctionsDescribeStateMachine,
            LogsDescribeResourcePolicies, LogsFilterLogEvents, CloudTrailDescribeTrails, CloudTrailGetEventSelectors,
            IamGetServiceLastAccessedDetails, BackupListProtectedResources, DaxDescribeClusters,
            S3ListBuckets, S3GetBucketLocation, S3GetBucketEncryption, S3GetPublicAccessBlock, S3GetBucketPolicyStatus, S3ControlGetPublicAccessBlock,
        };

        // Calls the live collector makes that are not snapshot files (account.json is written from the first).
        /// <summary>aws sts get-caller-identity: the account id and partition for account.json.</summary>
        public static readonly SnapshotOperation StsGetCallerIdentity = new SnapshotOperation("sts", "GetCallerIdentity", "sts:GetCallerIdentity", false);
        /// <summary>aws ec2 describe-regions: the regions enabled for the account (-AllRegions).</summary>
        public static readonly SnapshotOperation Ec2DescribeRegions = new SnapshotOperation("ec2", "DescribeRegions", "ec2:DescribeRegions", false);
    }
}
