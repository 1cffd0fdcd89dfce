#!/usr/bin/env python3
"""Writes a large synthetic snapshot in the AWS CLI's output shapes (docs/snapshot-format.md) for the Bench task.

Proportions follow the foundation issue's benchmark: per 10,000 functions, 2,000 roles, 2,000 tables, 1,000 secrets and
500 APIs (REST and HTTP), spread over two regions. About a third of the functions carry a resource policy, some of them
public; some environments carry secret-looking values; so every rule has real work to do. Deterministic (seeded).
"""
import argparse, json, os, random

ACCOUNT = "123456789012"
REGIONS = ["us-east-1", "eu-west-1"]
RUNTIMES = ["python3.12", "python3.8", "nodejs20.x", "nodejs16.x", "java21", "go1.x", "dotnet8", "ruby3.3"]


def write(root, rel, doc):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)


def policy_text(function_arn, i, rnd):
    statements = [{"Sid": "apigw", "Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"},
                   "Action": "lambda:InvokeFunction", "Resource": function_arn,
                   "Condition": {"ArnLike": {"AWS:SourceArn": f"arn:aws:execute-api:us-east-1:{ACCOUNT}:api{i}/*"}}}]
    kind = rnd.random()
    if kind < 0.1:
        statements.append({"Sid": "public", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": function_arn})
    elif kind < 0.2:
        statements.append({"Sid": "s3", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction",
                           "Resource": function_arn, "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::bucket-%d" % i}}})
    elif kind < 0.3:
        statements.append({"Sid": "partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
                           "Action": "lambda:InvokeFunction", "Resource": function_arn})
    return json.dumps({"Version": "2012-10-17", "Id": "default", "Statement": statements})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--functions", type=int, default=10000)
    args = parser.parse_args()
    n = args.functions
    rnd = random.Random(42)
    roles, tables, secrets, apis = max(1, n // 5), max(1, n // 5), max(1, n // 10), max(1, n // 20)
    root = args.out
    write(root, "account.json", {"AccountId": ACCOUNT, "Partition": "aws", "Regions": REGIONS, "CapturedAt": "2026-11-27T10:00:00Z"})

    role_docs = []
    for r in range(roles):
        role_docs.append({
            "Path": "/service-role/", "RoleName": f"fn-role-{r}", "RoleId": f"AROA{r:016d}", "Arn": f"arn:aws:iam::{ACCOUNT}:role/service-role/fn-role-{r}",
            "CreateDate": "2025-01-01T00:00:00Z",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "RolePolicyList": [{"PolicyName": "data", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], "Resource": f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/t{r}"},
                {"Effect": "Allow", "Action": "s3:*" if r % 7 == 0 else "s3:GetObject", "Resource": "*"}]}}],
            "AttachedManagedPolicies": [{"PolicyName": "AWSLambdaBasicExecutionRole", "PolicyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}],
            "RoleLastUsed": {"LastUsedDate": "2026-11-01T00:00:00Z", "Region": "us-east-1"}, "Tags": []})
    write(root, "global/iam/GetAccountAuthorizationDetails.json", {
        "UserDetailList": [], "GroupDetailList": [], "RoleDetailList": role_docs,
        "Policies": [{"PolicyName": "AWSLambdaBasicExecutionRole", "PolicyId": "ANPAJNCQGXC42545SKXIK", "Arn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                      "Path": "/service-role/", "DefaultVersionId": "v1", "AttachmentCount": roles, "IsAttachable": True,
                      "PolicyVersionList": [{"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]},
                                             "VersionId": "v1", "IsDefaultVersion": True, "CreateDate": "2015-04-09T15:03:43Z"}]}]})

    for ri, region in enumerate(REGIONS):
        share = lambda total: range(ri, total, len(REGIONS))
        functions = []
        for i in share(n):
            name = f"fn-{i:05d}"
            arn = f"arn:aws:lambda:{region}:{ACCOUNT}:function:{name}"
            env = {"TABLE_NAME": f"t{i % tables}", "LOG_LEVEL": "INFO", "DB_SECRET_ARN": f"arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:db-{i}-AbCdEf"}
            if i % 25 == 0:
                env["DB_PASSWORD"] = "hunter2-%d-Zx9!" % i
            if i % 40 == 0:
                env["AWS_KEY"] = "AKIAIOSFODNN7EXAMPL%d" % (i % 10)
            functions.append({"FunctionName": name, "FunctionArn": arn, "Runtime": RUNTIMES[i % len(RUNTIMES)],
                              "Role": role_docs[i % roles]["Arn"], "Handler": "index.handler", "CodeSize": 1024, "Timeout": 30, "MemorySize": 256,
                              "LastModified": "2026-06-01T10:00:00.000+0000", "PackageType": "Zip", "Environment": {"Variables": env},
                              "Architectures": ["arm64"], "TracingConfig": {"Mode": "PassThrough"}})
            if i % 3 == 0:
                write(root, f"{region}/lambda/GetPolicy/{name}.json", {"Policy": policy_text(arn, i, rnd), "RevisionId": "r-%d" % i})
            aliases = [{"AliasArn": arn + ":live", "Name": "live", "FunctionVersion": "1"}] if i % 4 == 0 else []
            write(root, f"{region}/lambda/ListAliases/{name}.json", {"Aliases": aliases})
            versions = [dict(functions[-1], Version="$LATEST")] + ([dict(functions[-1], Version="1", FunctionArn=arn + ":1")] if aliases else [])
            write(root, f"{region}/lambda/ListVersionsByFunction/{name}.json", {"Versions": versions})
            if aliases and i % 8 == 0:
                write(root, f"{region}/lambda/GetPolicy/{name}@live.json", {"Policy": policy_text(arn + ":live", i, rnd), "RevisionId": "a-%d" % i})
            urls = [{"FunctionUrl": f"https://{name}.lambda-url.{region}.on.aws/", "FunctionArn": arn, "AuthType": "NONE" if i % 50 == 0 else "AWS_IAM",
                     "CreationTime": "2026-01-01T00:00:00.000Z", "LastModifiedTime": "2026-01-01T00:00:00.000Z"}] if i % 10 == 0 else []
            write(root, f"{region}/lambda/ListFunctionUrlConfigs/{name}.json", {"FunctionUrlConfigs": urls})
        write(root, f"{region}/lambda/ListFunctions.json", {"Functions": functions})

        table_names = []
        for t in share(tables):
            name = f"t{t}"
            table_names.append(name)
            table = {"TableName": name, "TableArn": f"arn:aws:dynamodb:{region}:{ACCOUNT}:table/{name}", "TableStatus": "ACTIVE",
                     "CreationDateTime": 1735689600.0, "ItemCount": 0, "TableSizeBytes": 0,
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "DeletionProtectionEnabled": t % 2 == 0}
            if t % 3 == 0:
                table["SSEDescription"] = {"Status": "ENABLED", "SSEType": "KMS", "KMSMasterKeyArn": f"arn:aws:kms:{region}:{ACCOUNT}:key/key-{t % 5}"}
            write(root, f"{region}/dynamodb/DescribeTable/{name}.json", {"Table": table})
            write(root, f"{region}/dynamodb/DescribeContinuousBackups/{name}.json", {"ContinuousBackupsDescription": {
                "ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "ENABLED" if t % 2 else "DISABLED"}}})
        write(root, f"{region}/dynamodb/ListTables.json", {"TableNames": sorted(table_names)})
        for k in range(5):
            write(root, f"{region}/kms/DescribeKey/key-{k}.json", {"KeyMetadata": {"AWSAccountId": ACCOUNT, "KeyId": f"key-{k}",
                  "Arn": f"arn:aws:kms:{region}:{ACCOUNT}:key/key-{k}", "KeyManager": "CUSTOMER" if k % 2 else "AWS", "KeyState": "Enabled"}})

        secret_list = []
        for s in share(secrets):
            name = f"app/secret-{s}"
            secret_list.append({"ARN": f"arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:{name}-AbCdEf", "Name": name,
                                "RotationEnabled": s % 2 == 0, "RotationRules": {"AutomaticallyAfterDays": 30} if s % 2 == 0 else None,
                                "CreatedDate": 1700000000.0, "LastAccessedDate": 1764000000.0 if s % 3 else None, "LastChangedDate": 1700000000.0})
            if s % 5 == 0:
                write(root, f"{region}/secretsmanager/GetResourcePolicy/app%2Fsecret-{s}.json", {"ARN": secret_list[-1]["ARN"], "Name": name,
                      "ResourcePolicy": json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                                                    "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]})})
        write(root, f"{region}/secretsmanager/ListSecrets.json", {"SecretList": [{k: v for k, v in s.items() if v is not None} for s in secret_list]})

        rest, v2 = [], []
        for a in share(apis):
            if a % 2 == 0:
                api_id = f"rest{a:05d}"
                rest.append({"id": api_id, "name": f"orders-{a}", "createdDate": 1735689600, "apiKeySource": "HEADER",
                             "endpointConfiguration": {"types": ["PRIVATE" if a % 6 == 0 else "REGIONAL"]}})
                items = [{"id": "root", "path": "/"}]
                for m in range(5):
                    verbs = {"GET": {"httpMethod": "GET", "authorizationType": "NONE" if m == 0 else "AWS_IAM", "apiKeyRequired": False},
                             "OPTIONS": {"httpMethod": "OPTIONS", "authorizationType": "NONE", "apiKeyRequired": False}}
                    items.append({"id": f"r{m}", "parentId": "root", "pathPart": f"items{m}", "path": f"/items{m}", "resourceMethods": verbs})
                write(root, f"{region}/apigateway/GetResources/{api_id}.json", {"items": items})
                write(root, f"{region}/apigateway/GetStages/{api_id}.json", {"item": [{"deploymentId": "d1", "stageName": "prod", "methodSettings": {}}]})
                write(root, f"{region}/apigateway/GetAuthorizers/{api_id}.json", {"items": []})
            else:
                api_id = f"http{a:05d}"
                v2.append({"ApiId": api_id, "Name": f"web-{a}", "ProtocolType": "HTTP", "ApiEndpoint": f"https://{api_id}.execute-api.{region}.amazonaws.com",
                           "RouteSelectionExpression": "${request.method} ${request.path}"})
                routes = [{"RouteId": f"rt{m}", "RouteKey": f"GET /r{m}", "AuthorizationType": "NONE" if m == 0 else "JWT", "ApiKeyRequired": False}
                          for m in range(5)]
                write(root, f"{region}/apigatewayv2/GetRoutes/{api_id}.json", {"Items": routes})
                write(root, f"{region}/apigatewayv2/GetStages/{api_id}.json", {"Items": [{"StageName": "$default"}]})
                write(root, f"{region}/apigatewayv2/GetAuthorizers/{api_id}.json", {"Items": [{"AuthorizerId": "au1", "Name": "jwt", "AuthorizerType": "JWT"}]})
        write(root, f"{region}/apigateway/GetRestApis.json", {"items": rest})
        write(root, f"{region}/apigatewayv2/GetApis.json", {"Items": v2})


if __name__ == "__main__":
    main()
