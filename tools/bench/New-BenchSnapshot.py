#!/usr/bin/env python3
"""Writes a large synthetic snapshot in the AWS CLI's output shapes (docs/snapshot-format.md) for the Bench task.

Proportions follow the foundation issue's benchmark, per 10,000 functions over two regions: 2,000 roles, 2,000 tables,
1,000 secrets, 500 APIs (REST, HTTP and a few WebSocket), 1,000 queues, 500 state machines, 200 AppSync APIs,
100 identity pools, 50 DAX clusters and 200 buckets (named by execution roles, environment variables and resource
policies); a log group per function and per API stage, about one log resource policy per region, two trails;
code signing configs, custom domains, usage plans, request validators and integrations; a service-last-accessed file
per role and CloudWatch activity files for every function, API, table and queue (most active, some idle). Every
rule sees both passing and failing resources, with no Error and no "was not collected" warning (the opt-in rules
included: a log sample per workload log group and a code scan record per .zip function). Deterministic (seeded).
"""
import argparse, calendar, json, os, random, re, time, uuid

ACCOUNT = "123456789012"
PARTNER = "210987654321"
REGIONS = ["us-east-1", "eu-west-1"]
RUNTIMES = ["python3.12", "python3.8", "nodejs20.x", "nodejs16.x", "java21", "go1.x", "dotnet8", "ruby3.3"]
CAPTURED_AT = "2026-11-27T10:00:00Z"
NOW = calendar.timegm(time.strptime(CAPTURED_AT, "%Y-%m-%dT%H:%M:%SZ"))
DAY = 86400
WINDOW_DAYS = 90


def write(root, rel, doc):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)


def key(name):
    """A file key as docs/snapshot-format.md spells it: every character outside [A-Za-z0-9._-] as %XX."""
    return "".join(c if re.match(r"[A-Za-z0-9._-]", c) else "".join("%%%02X" % b for b in c.encode("utf-8")) for c in name)


def iso(epoch):
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(epoch))


def bucket_name(b):
    return f"bench-data-{b:04d}"


def policy_text(function_arn, i, rnd, buckets):
    statements = [{"Sid": "apigw", "Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"},
                   "Action": "lambda:InvokeFunction", "Resource": function_arn,
                   "Condition": {"ArnLike": {"AWS:SourceArn": f"arn:aws:execute-api:us-east-1:{ACCOUNT}:api{i}/*"}}}]
    kind = rnd.random()
    if kind < 0.1:
        statements.append({"Sid": "public", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": function_arn})
    elif kind < 0.2:
        statements.append({"Sid": "s3", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction",
                           "Resource": function_arn, "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::" + bucket_name(i % buckets)}}})
    elif kind < 0.3:
        statements.append({"Sid": "partner", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:root"},
                           "Action": "lambda:InvokeFunction", "Resource": function_arn})
    return json.dumps({"Version": "2012-10-17", "Id": "default", "Statement": statements})


def series(rnd, active, count=None):
    """A daily Sum series inside the 90-day window ending at CapturedAt; empty for an idle resource."""
    if not active:
        return [], []
    days = sorted(rnd.sample(range(1, WINDOW_DAYS), count or rnd.randint(1, 6)))
    return [NOW - d * DAY for d in reversed(days)], [float(rnd.randint(1, 500)) for _ in days]


def metric_doc(rnd, labels_active):
    results = []
    for n, (label, active) in enumerate(labels_active):
        stamps, values = series(rnd, active)
        results.append({"Id": f"m{n}", "Label": label, "Timestamps": stamps, "Values": values, "StatusCode": "Complete"})
    return {"MetricDataResults": results, "Messages": []}


def log_group(name, region, k, rnd):
    group = {"logGroupName": name, "creationTime": (NOW - 400 * DAY) * 1000, "metricFilterCount": 0,
             "arn": f"arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}:*", "storedBytes": rnd.randint(0, 10 ** 8),
             "logGroupArn": f"arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}"}
    if k % 4 != 0:  # a quarter never expire (passes); the rest mostly too short
        group["retentionInDays"] = [7, 30, 365, 400, 3653][k % 5]
    if k % 3 == 0:
        group["kmsKeyId"] = f"arn:aws:kms:{region}:{ACCOUNT}:key/key-{k % 5}"
    return group


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--functions", type=int, default=10000)
    args = parser.parse_args()
    n = args.functions
    rnd = random.Random(42)
    uid = lambda: str(uuid.UUID(int=rnd.getrandbits(128), version=4))
    roles, tables, secrets, apis = max(1, n // 5), max(1, n // 5), max(1, n // 10), max(1, n // 20)
    queues, machines, appsync_apis, pools = max(2, n // 10), max(2, n // 20), max(2, n // 50), max(2, n // 100)
    dax_clusters, buckets = max(2, n // 200), max(2, n // 50)
    dedicated = max(1, n // 50)  # roles used by one function each (the others are shared by about five)
    orphans = max(1, n // 500)  # Lambda roles no function uses
    pool = max(1, roles - dedicated)
    role_of = lambda i: pool + (i // 50) % dedicated if i % 50 == 11 and pool < roles else i % pool
    root = args.out
    write(root, "account.json", {"AccountId": ACCOUNT, "Partition": "aws", "Regions": REGIONS, "CapturedAt": CAPTURED_AT})

    # ---------------- IAM: execution roles (and their last-accessed reports) ----------------
    role_docs = []
    for r in range(roles):
        statements = [{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
                       "Resource": f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/t{r}"},
                      {"Effect": "Allow", "Action": "s3:*" if r % 7 == 0 else "s3:GetObject",
                       "Resource": "*" if r % 2 else f"arn:aws:s3:::{bucket_name(r % buckets)}/*"}]
        if r % 5 == 0:
            statements.append({"Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"],
                               "Resource": f"arn:aws:sqs:*:{ACCOUNT}:q-*"})
        risky = {1: {"Effect": "Allow", "Action": "*", "Resource": "*"},
                 3: {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
                 5: {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*"},
                 7: {"Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:PutRolePolicy"], "Resource": "*"}}.get(r % 50)
        if risky:
            statements.append(risky)
        policies = [{"PolicyName": "data", "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}]
        managed = [{"PolicyName": "AWSLambdaBasicExecutionRole", "PolicyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}]
        if r % 4 == 2:  # scoped logging instead of the managed policy's Resource "*"
            managed = []
            policies.append({"PolicyName": "logs", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": f"arn:aws:logs:*:{ACCOUNT}:log-group:/aws/lambda/fn-*:*"}]}})
        trust = {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        if r % 3 == 0:
            trust["Condition"] = {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
        trusts = [trust]
        if r % 50 == 9:
            trusts.append({"Effect": "Allow", "Principal": {"AWS": "*" if r % 100 == 9 else f"arn:aws:iam::{PARTNER}:root"}, "Action": "sts:AssumeRole"})
        role_docs.append({
            "Path": "/service-role/", "RoleName": f"fn-role-{r}", "RoleId": f"AROA{r:016d}", "Arn": f"arn:aws:iam::{ACCOUNT}:role/service-role/fn-role-{r}",
            "CreateDate": "2025-01-01T00:00:00Z" if r % 50 else "2026-11-20T00:00:00Z",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": trusts},
            "RolePolicyList": policies, "AttachedManagedPolicies": managed,
            "RoleLastUsed": {"LastUsedDate": "2026-11-01T00:00:00Z" if r % 40 != 13 else "2026-05-01T00:00:00Z", "Region": "us-east-1"}, "Tags": []})
    for o in range(orphans):  # trusted by Lambda, used by no function
        role_docs.append({
            "Path": "/", "RoleName": f"old-fn-role-{o}", "RoleId": f"AROB{o:016d}", "Arn": f"arn:aws:iam::{ACCOUNT}:role/old-fn-role-{o}",
            "CreateDate": "2024-01-01T00:00:00Z",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "RolePolicyList": [], "AttachedManagedPolicies": [{"PolicyName": "AWSLambdaBasicExecutionRole", "PolicyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}],
            "RoleLastUsed": {} if o % 2 else {"LastUsedDate": "2025-02-01T00:00:00Z", "Region": "eu-west-1"}, "Tags": []})
    write(root, "global/iam/GetAccountAuthorizationDetails.json", {
        "UserDetailList": [], "GroupDetailList": [], "RoleDetailList": role_docs,
        "Policies": [{"PolicyName": "AWSLambdaBasicExecutionRole", "PolicyId": "ANPAJNCQGXC42545SKXIK", "Arn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                      "Path": "/service-role/", "DefaultVersionId": "v1", "AttachmentCount": len(role_docs) - sum(1 for d in role_docs if not d["AttachedManagedPolicies"]), "IsAttachable": True,
                      "PolicyVersionList": [{"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]},
                                             "VersionId": "v1", "IsDefaultVersion": True, "CreateDate": "2015-04-09T15:03:43Z"}]}]})
    used_roles = sorted({role_of(i) for i in range(n)})
    for r in used_roles:
        role = role_docs[r]
        recent = lambda days: iso(NOW - days * DAY - 3600)

        def service(name, namespace, last, actions=None):
            entry = {"ServiceName": name, "ServiceNamespace": namespace, "TotalAuthenticatedEntities": 1 if last else 0}
            if last:
                entry.update(LastAuthenticated=last, LastAuthenticatedEntity=role["Arn"], LastAuthenticatedRegion="us-east-1")
            if actions is not None:
                entry["TrackedActionsLastAccessed"] = actions
            return entry
        s3_used = r % 3 != 0
        s3_actions = [{"ActionName": "GetObject", "LastAccessedTime": recent(2), "LastAccessedEntity": role["Arn"], "LastAccessedRegion": "us-east-1"}
                      if s3_used else {"ActionName": "GetObject"}]
        if r % 7 == 0:
            s3_actions += [{"ActionName": "PutObject"}, {"ActionName": "DeleteObject"}]
        services = [service("Amazon DynamoDB", "dynamodb", recent(1 + r % 5) if r % 11 else recent(200)),
                    service("Amazon CloudWatch Logs", "logs", recent(1)),
                    service("Amazon S3", "s3", recent(2) if s3_used else None, s3_actions)]
        if r % 5 == 0:
            services.append(service("Amazon SQS", "sqs", recent(3) if r % 10 else None))
        write(root, f"global/iam/GetServiceLastAccessedDetails/{key(role['RoleName'])}.json", {
            "JobStatus": "COMPLETED", "JobType": "ACTION_LEVEL", "JobCreationDate": iso(NOW - 120),
            "ServicesLastAccessed": services, "JobCompletionDate": iso(NOW - 100)})

    # ---------------- S3 (global): the buckets roles, environments and policies name ----------------
    bucket_list = []
    for b in range(buckets):
        name = bucket_name(b)
        region = REGIONS[b % len(REGIONS)]
        entry = {"Name": name, "CreationDate": "2025-03-01T09:30:00+00:00"}
        if b % 10 == 9:
            write(root, f"global/s3api/GetBucketLocation/{key(name)}.json", {"LocationConstraint": None if region == "us-east-1" else region})
        else:
            entry["BucketRegion"] = region
        bucket_list.append(entry)
        if b % 4 == 0:
            rule = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": f"arn:aws:kms:{region}:{ACCOUNT}:key/key-{b % 5}"}, "BucketKeyEnabled": True}
        elif b % 4 == 1:
            rule = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms:dsse"}, "BucketKeyEnabled": False}
        else:
            rule = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": False}
        write(root, f"global/s3api/GetBucketEncryption/{key(name)}.json", {"ServerSideEncryptionConfiguration": {"Rules": [rule]}})
        if b % 5 != 4:  # some buckets have no bucket-level Block Public Access (no file)
            on = b % 5 != 3
            write(root, f"global/s3api/GetPublicAccessBlock/{key(name)}.json", {"PublicAccessBlockConfiguration": {
                "BlockPublicAcls": on, "IgnorePublicAcls": on, "BlockPublicPolicy": on, "RestrictPublicBuckets": on}})
        if b % 3 == 0:  # the others have no bucket policy (no file)
            write(root, f"global/s3api/GetBucketPolicyStatus/{key(name)}.json", {"PolicyStatus": {"IsPublic": b % 9 == 0}})
    write(root, "global/s3api/ListBuckets.json", {"Buckets": bucket_list, "Owner": {"DisplayName": "bench", "ID": "bcaf1ffd86f41161ca5fb16fd081034f"}, "Prefix": None})
    write(root, "global/s3control/GetPublicAccessBlock.json", {"PublicAccessBlockConfiguration": {
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": False, "RestrictPublicBuckets": False}})

    for ri, region in enumerate(REGIONS):
        share = lambda total: range(ri, total, len(REGIONS))
        log_groups, workload_groups = [], []

        # ---------------- Lambda ----------------
        functions, mappings, csc_ids = [], [], set()
        for i in share(n):
            name = f"fn-{i:05d}"
            arn = f"arn:aws:lambda:{region}:{ACCOUNT}:function:{name}"
            env = {"TABLE_NAME": f"t{i % tables}", "LOG_LEVEL": "INFO", "DB_SECRET_ARN": f"arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:db-{i}-AbCdEf"}
            if i % 25 == 0:
                env["DB_PASSWORD"] = "hunter2-%d-Zx9!" % i
            if i % 40 == 0:
                env["AWS_KEY"] = "AKIAIOSFODNN7EXAMPL%d" % (i % 10)
            if i % 5 == 1:
                env["DATA_BUCKET"] = bucket_name(i % buckets)
            elif i % 5 == 2:
                env["EXPORT_URL"] = f"s3://{bucket_name((i * 7) % buckets)}/exports/"
            image = i % 97 == 0
            function = {"FunctionName": name, "FunctionArn": arn, "Runtime": RUNTIMES[i % len(RUNTIMES)],
                        "Role": role_docs[role_of(i)]["Arn"], "Handler": "index.handler", "CodeSize": 1024, "Timeout": 30, "MemorySize": 256,
                        "LastModified": "2026-06-01T10:00:00.000+0000" if i % 20 else "2026-11-15T10:00:00.000+0000",
                        "PackageType": "Image" if image else "Zip", "Environment": {"Variables": env},
                        "Architectures": ["arm64"], "TracingConfig": {"Mode": "PassThrough"}}
            if image:
                del function["Runtime"], function["Handler"]
            if i % 3 == 0:
                function["KMSKeyArn"] = f"arn:aws:kms:{region}:{ACCOUNT}:key/key-{i % 5}"
            if i % 6 == 0:
                function["VpcConfig"] = {"SubnetIds": ["subnet-0a1b2c3d", "subnet-1b2c3d4e"], "SecurityGroupIds": ["sg-0a1b2c3d"], "VpcId": "vpc-0a1b2c3d"}
            if i % 9 == 0:
                function["Layers"] = [{"Arn": f"arn:aws:lambda:{region}:{ACCOUNT}:layer:common:3", "CodeSize": 2048}]
                if i % 27 == 0:
                    function["Layers"].append({"Arn": f"arn:aws:lambda:{region}:{PARTNER}:layer:vendor-sdk:12", "CodeSize": 4096})
                if i % 18 == 0:
                    function["Layers"].append({"Arn": f"arn:aws:lambda:{region}:580247275435:layer:LambdaInsightsExtension:53", "CodeSize": 4096})
            functions.append(function)
            if i % 3 == 0:
                write(root, f"{region}/lambda/GetPolicy/{name}.json", {"Policy": policy_text(arn, i, rnd, buckets), "RevisionId": "r-%d" % i})
            aliases = [{"AliasArn": arn + ":live", "Name": "live", "FunctionVersion": "1"}] if i % 4 == 0 else []
            write(root, f"{region}/lambda/ListAliases/{name}.json", {"Aliases": aliases})
            versions = [dict(function, Version="$LATEST")] + ([dict(function, Version="1", FunctionArn=arn + ":1")] if aliases else [])
            write(root, f"{region}/lambda/ListVersionsByFunction/{name}.json", {"Versions": versions})
            if aliases and i % 8 == 0:
                write(root, f"{region}/lambda/GetPolicy/{name}@live.json", {"Policy": policy_text(arn + ":live", i, rnd, buckets), "RevisionId": "a-%d" % i})
            urls = []
            if i % 10 == 0:
                url = {"FunctionUrl": f"https://{name}.lambda-url.{region}.on.aws/", "FunctionArn": arn, "AuthType": "NONE" if i % 50 == 0 else "AWS_IAM",
                       "CreationTime": "2026-01-01T00:00:00.000Z", "LastModifiedTime": "2026-01-01T00:00:00.000Z"}
                if i % 30 == 0:
                    url["Cors"] = {"AllowOrigins": ["*"], "AllowMethods": ["GET"], "AllowCredentials": i % 60 == 0}
                elif i % 20 == 0:
                    url["Cors"] = {"AllowOrigins": ["https://app.example.com"], "AllowMethods": ["GET", "POST"]}
                urls.append(url)
            write(root, f"{region}/lambda/ListFunctionUrlConfigs/{name}.json", {"FunctionUrlConfigs": urls})
            if not image:
                if i % 7 == 0:
                    csc = f"csc-{(i % 4):017x}" if i % 14 else "csc-0000000000000000f"
                    csc_ids.add(csc)
                    answer = {"CodeSigningConfigArn": f"arn:aws:lambda:{region}:{ACCOUNT}:code-signing-config:{csc}", "FunctionName": name}
                else:
                    answer = {"CodeSigningConfigArn": "", "FunctionName": name}
                write(root, f"{region}/lambda/GetFunctionCodeSigningConfig/{name}.json", answer)
            if not image:  # opt-in SEC3.Lambda.SecretsInCode: the collector's scan record
                detections = [{"Path": "vendor/client.py", "Line": 12 + i % 30, "Detector": "GitHubToken", "Name": None, "Fingerprint": "%08x" % rnd.getrandbits(32)}] \
                    if i % 33 == 0 else []
                if i % 66 == 0:
                    detections.append({"Path": "config.py", "Line": 3, "Detector": "SensitiveName", "Name": "DB_PASSWORD", "Fingerprint": "%08x" % rnd.getrandbits(32)})
                write(root, f"{region}/lambda/CodeScan/{name}.json", {"CodeSha256": "A/glMsqyxqD06bNyYUcWFewWdGcHMTuS02HRQknS9nA=", "ScannedBytes": 1024,
                      "Entries": 3, "BinaryEntries": 1, "Truncated": False, "TruncatedReason": None, "Detections": detections, "DetectionsOmitted": 0})
            if i % 10 == 3:
                q = i % queues
                mapping = {"UUID": str(uuid.UUID(int=i + 1)), "BatchSize": 10, "EventSourceArn": f"arn:aws:sqs:{REGIONS[q % 2]}:{ACCOUNT}:q-{q:05d}",
                           "FunctionArn": arn, "LastModified": 1780000000.0, "State": "Enabled", "StateTransitionReason": "USER_INITIATED",
                           "FunctionResponseTypes": []}
                if i % 20 == 3:
                    mapping["DestinationConfig"] = {"OnFailure": {"Destination": f"arn:aws:s3:::{bucket_name((i + 1) % buckets)}"}}
                mappings.append(mapping)
            group = f"/aws/lambda/{name}"
            if i % 50 != 7:  # a few functions never logged: no group (nothing to judge)
                log_groups.append(log_group(group, region, i, rnd))
                workload_groups.append(group)
        write(root, f"{region}/lambda/ListFunctions.json", {"Functions": functions})
        write(root, f"{region}/lambda/ListEventSourceMappings.json", {"EventSourceMappings": mappings})
        for c in sorted(csc_ids):
            policy = "Enforce" if c.endswith(("0", "2", "f")) else "Warn"
            doc = {"CodeSigningConfigId": c, "CodeSigningConfigArn": f"arn:aws:lambda:{region}:{ACCOUNT}:code-signing-config:{c}",
                   "Description": "release signing", "AllowedPublishers": {"SigningProfileVersionArns": [
                       f"arn:aws:signer:{region}:{ACCOUNT}:/signing-profiles/lambda_release/a1b2c3d4e5"]},
                   "CodeSigningPolicies": {"UntrustedArtifactOnDeployment": policy}, "LastModified": "2026-01-01T09:30:00.000+0000"}
            if c.endswith("3"):
                del doc["CodeSigningPolicies"]  # absent: Warn, the API default
            write(root, f"{region}/lambda/GetCodeSigningConfig/{c}.json", {"CodeSigningConfig": doc})

        # ---------------- DynamoDB, KMS, Backup, DAX ----------------
        table_names, protected = [], []
        for t in share(tables):
            name = f"t{t}"
            table_names.append(name)
            table_arn = f"arn:aws:dynamodb:{region}:{ACCOUNT}:table/{name}"
            table = {"TableName": name, "TableArn": table_arn, "TableStatus": "ACTIVE",
                     "CreationDateTime": 1735689600.0 if t % 25 else 1795000000.0, "ItemCount": 0, "TableSizeBytes": 0,
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "DeletionProtectionEnabled": t % 2 == 0}
            if t % 3 == 0:
                table["SSEDescription"] = {"Status": "ENABLED", "SSEType": "KMS", "KMSMasterKeyArn": f"arn:aws:kms:{region}:{ACCOUNT}:key/key-{t % 5}"}
            write(root, f"{region}/dynamodb/DescribeTable/{name}.json", {"Table": table})
            write(root, f"{region}/dynamodb/DescribeContinuousBackups/{name}.json", {"ContinuousBackupsDescription": {
                "ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "ENABLED" if t % 2 else "DISABLED"}}})
            if t % 10 == 0:
                principal = {"AWS": f"arn:aws:iam::{PARTNER}:root"} if t % 30 == 0 else {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
                if t % 90 == 0:
                    principal = "*"
                write(root, f"{region}/dynamodb/GetResourcePolicy/{name}.json", {"Policy": json.dumps({"Version": "2012-10-17", "Statement": [
                    {"Sid": "read", "Effect": "Allow", "Principal": principal, "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": table_arn}]}),
                    "RevisionId": str(1700000000000 + t)})
            if t % 2 == 0:
                protected.append({"ResourceArn": table_arn, "ResourceType": "DynamoDB", "ResourceName": name, "LastBackupTime": float(NOW - DAY),
                                  "LastBackupVaultArn": f"arn:aws:backup:{region}:{ACCOUNT}:backup-vault:Default"})
        write(root, f"{region}/dynamodb/ListTables.json", {"TableNames": sorted(table_names)})
        write(root, f"{region}/backup/ListProtectedResources.json", {"Results": protected})
        for k in range(5):
            write(root, f"{region}/kms/DescribeKey/key-{k}.json", {"KeyMetadata": {"AWSAccountId": ACCOUNT, "KeyId": f"key-{k}",
                  "Arn": f"arn:aws:kms:{region}:{ACCOUNT}:key/key-{k}", "KeyManager": "CUSTOMER" if k % 2 else "AWS", "KeyState": "Enabled"}})
        clusters = []
        for d in share(dax_clusters):
            cname = f"dax-{d:03d}"
            clusters.append({"ClusterName": cname, "ClusterArn": f"arn:aws:dax:{region}:{ACCOUNT}:cache/{cname}", "TotalNodes": 3, "ActiveNodes": 3,
                             "NodeType": "dax.r5.large", "Status": "available", "ClusterDiscoveryEndpoint": {"Address": f"{cname}.abc123.dax-clusters.{region}.amazonaws.com", "Port": 8111},
                             "PreferredMaintenanceWindow": "thu:23:30-fri:00:30", "SubnetGroup": "default",
                             "SecurityGroups": [{"SecurityGroupIdentifier": "sg-0a1b2c3d", "Status": "active"}],
                             "IamRoleArn": f"arn:aws:iam::{ACCOUNT}:role/DAXServiceRole",
                             "ParameterGroup": {"ParameterGroupName": "default.dax1.0", "ParameterApplyStatus": "in-sync", "NodeIdsToReboot": []},
                             "SSEDescription": {"Status": "DISABLED" if d % 4 == 1 else "ENABLED"},
                             "ClusterEndpointEncryptionType": "NONE" if d % 3 == 2 else "TLS"})
        write(root, f"{region}/dax/DescribeClusters.json", {"Clusters": clusters})

        # ---------------- Secrets Manager ----------------
        secret_list = []
        for s in share(secrets):
            name = f"app/secret-{s}"
            entry = {"ARN": f"arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:{name}-AbCdEf", "Name": name,
                     "RotationEnabled": s % 2 == 0, "RotationRules": {"AutomaticallyAfterDays": 30} if s % 2 == 0 else None,
                     "CreatedDate": 1700000000.0, "LastAccessedDate": float(NOW - 3 * DAY) if s % 3 == 1 else 1764000000.0 if s % 3 else None, "LastChangedDate": 1700000000.0}
            if s % 4 == 1:
                entry["KmsKeyId"] = f"arn:aws:kms:{region}:{ACCOUNT}:key/key-{s % 5}"
            if s % 2 == 0:
                late = s % 6 == 0
                entry["LastRotatedDate"] = float(NOW - (75 if late else 10) * DAY)
                entry["NextRotationDate"] = float(NOW - 45 * DAY) if late else float(NOW + 20 * DAY)
            secret_list.append(entry)
            if s % 5 == 0:
                write(root, f"{region}/secretsmanager/GetResourcePolicy/{key(name)}.json", {"ARN": entry["ARN"], "Name": name,
                      "ResourcePolicy": json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*" if s % 20 == 0 else {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                                                    "Action": "secretsmanager:GetSecretValue", "Resource": "*"}] + ([
                          {"Effect": "Deny", "Principal": "*", "Action": "secretsmanager:*", "Resource": "*", "Condition": {"StringNotEquals": {
                              "aws:PrincipalArn": [role_docs[s % len(role_docs)]["Arn"]]}}}] if s % 10 == 5 else [])})})
        write(root, f"{region}/secretsmanager/ListSecrets.json", {"SecretList": [{k: v for k, v in s.items() if v is not None} for s in secret_list]})

        # ---------------- API Gateway (REST, HTTP, WebSocket) ----------------
        rest, v2, plans = [], [], []
        for a in share(apis):
            if a % 2 == 0:
                api_id = f"rest{a:05d}"
                private = a % 6 == 0
                api = {"id": api_id, "name": f"orders-{a}", "createdDate": 1735689600 if a % 12 else 1795000000, "apiKeySource": "HEADER",
                       "endpointConfiguration": {"types": ["PRIVATE" if private else "REGIONAL"]}}
                if a % 4 == 0:
                    statement = {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": f"arn:aws:execute-api:{region}:{ACCOUNT}:{api_id}/*"}
                    if private or a % 8 == 0:
                        statement["Condition"] = {"StringEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f"}}
                    api["policy"] = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
                rest.append(api)
                items = [{"id": "root", "path": "/"}]
                for m in range(5):
                    verbs = {"GET": {"httpMethod": "GET", "authorizationType": "NONE" if m == 0 else "AWS_IAM", "apiKeyRequired": m in (0, 4) and a % 4 == 2},
                             "OPTIONS": {"httpMethod": "OPTIONS", "authorizationType": "NONE", "apiKeyRequired": False}}
                    if m == 1:
                        verbs["GET"]["requestParameters"] = {"method.request.querystring.limit": False,
                                                             **({"method.request.querystring.email": False} if a % 10 == 0 else {})}
                        if a % 4 == 0:
                            verbs["GET"]["requestValidatorId"] = "vparams"
                    if m == 2:
                        verbs["POST"] = {"httpMethod": "POST", "authorizationType": "COGNITO_USER_POOLS", "authorizerId": "auth1", "apiKeyRequired": False,
                                         "requestModels": {"application/json": "Order"},
                                         **({"requestValidatorId": "vall" if a % 8 else "vparams"} if a % 4 != 2 else {})}
                    if m == 3:
                        verbs["GET"]["methodIntegration"] = {"type": "AWS", "httpMethod": "GET",
                                                             "uri": f"arn:aws:apigateway:{region}:s3:path/{bucket_name((a * 3) % buckets)}/{{key}}"}
                    items.append({"id": f"r{m}", "parentId": "root", "pathPart": f"items{m}", "path": f"/items{m}", "resourceMethods": verbs})
                write(root, f"{region}/apigateway/GetResources/{api_id}.json", {"items": items})
                write(root, f"{region}/apigateway/GetRequestValidators/{api_id}.json", {"items": [
                    {"id": "vall", "name": "body-and-params", "validateRequestBody": True, "validateRequestParameters": True},
                    {"id": "vparams", "name": "params-only", "validateRequestBody": False, "validateRequestParameters": True}]})
                settings = {"metricsEnabled": True, "loggingLevel": ["INFO", "ERROR", "OFF"][a % 3], "dataTraceEnabled": a % 10 == 4,
                            "throttlingBurstLimit": 5000 if a % 4 == 0 else 200, "throttlingRateLimit": 10000.0 if a % 4 == 0 else 100.0,
                            "cachingEnabled": a % 6 == 2, "cacheTtlInSeconds": 300, "cacheDataEncrypted": a % 12 == 2,
                            "requireAuthorizationForCacheControl": True, "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER"}
                stage = {"deploymentId": "d1", "stageName": "prod", "description": "", "cacheClusterEnabled": a % 6 == 2,
                         "methodSettings": {"*/*": settings}, "tracingEnabled": a % 2 == 0,
                         "variables": {"backend": "orders-backend", **({"apiToken": "sk_live_51Hx%dAbCdEfGhIjKlMnOpQrStUv" % a} if a % 14 == 0 else {})},
                         "createdDate": 1735689600, "lastUpdatedDate": 1735689600}
                if a % 6 == 2:
                    stage["cacheClusterSize"] = "0.5"
                    stage["cacheClusterStatus"] = "AVAILABLE"
                if a % 4 != 0:
                    stage["webAclArn"] = f"arn:aws:wafv2:{region}:{ACCOUNT}:regional/webacl/api-acl/0a1b2c3d-4e5f"
                if a % 8 == 2:
                    stage["clientCertificateId"] = f"cert{a}"
                if a % 5 != 0:
                    access_group = f"api-access-{api_id}"
                    stage["accessLogSettings"] = {"destinationArn": f"arn:aws:logs:{region}:{ACCOUNT}:log-group:{access_group}",
                                                  "format": '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","status":"$context.status"'
                                                            + (',"auth":"$context.authorizer.claims.email"' if a % 10 == 2 else "") + "}"}
                    log_groups.append(log_group(access_group, region, a + 1, rnd))
                    workload_groups.append(access_group)
                exec_group = f"API-Gateway-Execution-Logs_{api_id}/prod"
                log_groups.append(log_group(exec_group, region, a, rnd))
                workload_groups.append(exec_group)
                write(root, f"{region}/apigateway/GetStages/{api_id}.json", {"item": [stage]})
                write(root, f"{region}/apigateway/GetAuthorizers/{api_id}.json", {"items": [
                    {"id": "auth1", "name": "users", "type": "COGNITO_USER_POOLS", "providerARNs": [f"arn:aws:cognito-idp:{region}:{ACCOUNT}:userpool/{region}_AbCdEf"],
                     "identitySource": "method.request.header.Authorization"}]})
                if a % 4 == 2:
                    plan = {"id": f"plan{a}", "name": f"plan-{a}", "apiStages": [{"apiId": api_id, "stage": "prod"}], "quota": {"limit": 100000, "offset": 0, "period": "MONTH"}}
                    if a % 8 == 2:
                        plan["throttle"] = {"burstLimit": 100, "rateLimit": 50.0}
                    plans.append(plan)
            else:
                api_id = f"http{a:05d}"
                websocket = a % 10 == 9
                v2.append({"ApiId": api_id, "Name": f"web-{a}", "ProtocolType": "WEBSOCKET" if websocket else "HTTP",
                           "ApiEndpoint": f"{'wss' if websocket else 'https'}://{api_id}.execute-api.{region}.amazonaws.com",
                           "CreatedDate": iso(1735689600 if a % 12 != 1 else 1795000000),
                           "RouteSelectionExpression": "$request.body.action" if websocket else "${request.method} ${request.path}"})
                if websocket:
                    routes = [{"RouteId": "rtc", "RouteKey": "$connect", "AuthorizationType": "AWS_IAM" if a % 20 == 19 else "NONE", "ApiKeyRequired": False},
                              {"RouteId": "rtd", "RouteKey": "$default", "AuthorizationType": "NONE", "ApiKeyRequired": False}]
                    stage = {"StageName": "prod", "DefaultRouteSettings": {"LoggingLevel": "ERROR" if a % 20 == 19 else "OFF", "DataTraceEnabled": a % 20 != 19},
                             "RouteSettings": {}, "StageVariables": {}}
                    write(root, f"{region}/apigatewayv2/GetAuthorizers/{api_id}.json", {"Items": []})
                else:
                    routes = [{"RouteId": f"rt{m}", "RouteKey": f"GET /r{m}" + ("/{token}" if m == 1 and a % 6 == 1 else ""),
                               "AuthorizationType": "NONE" if m == 0 else "JWT", "AuthorizerId": None if m == 0 else "au1", "ApiKeyRequired": False}
                              for m in range(5)]
                    for route in routes:
                        if route["AuthorizerId"] is None:
                            del route["AuthorizerId"]
                    stage = {"StageName": "$default", "AutoDeploy": True, "DefaultRouteSettings": {"DetailedMetricsEnabled": False}, "RouteSettings": {},
                             "StageVariables": {}}
                    write(root, f"{region}/apigatewayv2/GetAuthorizers/{api_id}.json", {"Items": [{"AuthorizerId": "au1", "Name": "jwt", "AuthorizerType": "JWT"}]})
                if a % 3 != 0:
                    access_group = f"api-access-{api_id}"
                    stage["AccessLogSettings"] = {"DestinationArn": f"arn:aws:logs:{region}:{ACCOUNT}:log-group:{access_group}",
                                                  "Format": '{"requestId":"$context.requestId","status":"$context.status"}'}
                    log_groups.append(log_group(access_group, region, a, rnd))
                    workload_groups.append(access_group)
                write(root, f"{region}/apigatewayv2/GetRoutes/{api_id}.json", {"Items": routes})
                write(root, f"{region}/apigatewayv2/GetStages/{api_id}.json", {"Items": [stage]})
                integrations = [{"IntegrationId": "ilambda", "IntegrationType": "AWS_PROXY", "IntegrationMethod": "POST", "PayloadFormatVersion": "2.0",
                                 "IntegrationUri": f"arn:aws:lambda:{region}:{ACCOUNT}:function:fn-{a % n:05d}", "TimeoutInMillis": 30000}]
                if not websocket and a % 4 == 1:
                    link = {"IntegrationId": "iprivate", "IntegrationType": "HTTP_PROXY", "IntegrationMethod": "ANY", "ConnectionType": "VPC_LINK",
                            "ConnectionId": "vl7x2k", "PayloadFormatVersion": "1.0", "TimeoutInMillis": 30000,
                            "IntegrationUri": f"arn:aws:elasticloadbalancing:{region}:{ACCOUNT}:listener/app/orders-alb/50dc6c495c0c9188/0467ef3c8400ae65"}
                    if a % 8 == 1:
                        link["TlsConfig"] = {"ServerNameToVerify": "orders.internal.example.com"}
                    integrations.append(link)
                write(root, f"{region}/apigatewayv2/GetIntegrations/{api_id}.json", {"Items": integrations})
        write(root, f"{region}/apigateway/GetRestApis.json", {"items": rest})
        write(root, f"{region}/apigatewayv2/GetApis.json", {"Items": v2})
        write(root, f"{region}/apigateway/GetUsagePlans.json", {"items": plans})
        domains = max(1, apis // 50)
        write(root, f"{region}/apigateway/GetDomainNames.json", {"items": [
            {"domainName": f"api{d}.{region}.example.com", "domainNameArn": f"arn:aws:apigateway:{region}::/domainnames/api{d}.{region}.example.com",
             "certificateUploadDate": 1735689600, "regionalDomainName": f"d-{d:010d}.execute-api.{region}.amazonaws.com", "regionalHostedZoneId": "Z2FDTNDATAQYW2",
             "regionalCertificateArn": f"arn:aws:acm:{region}:{ACCOUNT}:certificate/0f6e1c2a-5b1d-4c1e-9a7e-3d2f1b0c9a8e",
             "endpointConfiguration": {"types": ["REGIONAL"]}, "domainNameStatus": "AVAILABLE", "domainNameStatusMessage": "Domain Name Available",
             "securityPolicy": "TLS_1_0" if d % 3 == 0 else "TLS_1_2"} for d in range(domains)]})
        write(root, f"{region}/apigatewayv2/GetDomainNames.json", {"Items": [
            {"ApiMappingSelectionExpression": "$request.basepath", "DomainName": f"web{d}.{region}.example.com",
             "DomainNameArn": f"arn:aws:apigateway:{region}::/domainnames/web{d}.{region}.example.com",
             "DomainNameConfigurations": [{"CertificateArn": f"arn:aws:acm:{region}:{ACCOUNT}:certificate/0f6e1c2a-5b1d-4c1e-9a7e-3d2f1b0c9a8e",
                                           "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_0" if d % 4 == 1 else "TLS_1_2"}],
             "MutualTlsAuthentication": {}, "Tags": {}} for d in range(domains)]})

        # ---------------- AppSync ----------------
        graphql = []
        for g in share(appsync_apis):
            api_id = uid()
            auth = ["AWS_IAM", "AMAZON_COGNITO_USER_POOLS", "API_KEY", "OPENID_CONNECT", "AWS_LAMBDA"][g % 5]
            api = {"name": f"graph-{g}", "apiId": api_id, "authenticationType": auth, "arn": f"arn:aws:appsync:{region}:{ACCOUNT}:apis/{api_id}",
                   "uris": {"GRAPHQL": f"https://{api_id[:26]}.appsync-api.{region}.amazonaws.com/graphql"}, "tags": {}, "xrayEnabled": False,
                   "visibility": "GLOBAL", "apiType": "MERGED" if g % 10 == 7 else "GRAPHQL"}
            if g % 7 == 3:
                api["additionalAuthenticationProviders"] = [{"authenticationType": "API_KEY"}]
            if g % 3 != 0:
                api["wafWebAclArn"] = f"arn:aws:wafv2:{region}:{ACCOUNT}:regional/webacl/graphql-acl/0a1b2c3d-4e5f"
            if g % 4 != 0:
                api["logConfig"] = {"fieldLogLevel": ["ERROR", "ALL", "NONE"][g % 3], "excludeVerboseContent": g % 8 != 5,
                                    "cloudWatchLogsRoleArn": f"arn:aws:iam::{ACCOUNT}:role/appsync-logs"}
            graphql.append(api)
            if g % 3 == 1:
                write(root, f"{region}/appsync/GetApiCache/{key(api_id)}.json", {"apiCache": {
                    "ttl": 300, "apiCachingBehavior": "FULL_REQUEST_CACHING", "transitEncryptionEnabled": g % 6 != 1,
                    "atRestEncryptionEnabled": g % 9 != 4, "type": "SMALL", "status": "AVAILABLE", "healthMetricsConfig": "DISABLED"}})
        write(root, f"{region}/appsync/ListGraphqlApis.json", {"graphqlApis": graphql})

        # ---------------- Cognito identity pools ----------------
        pool_list = []
        for p in share(pools):
            pool_id = f"{region}:{uid()}"
            pool_list.append({"IdentityPoolId": pool_id, "IdentityPoolName": f"pool_{p}"})
            doc = {"IdentityPoolId": pool_id, "IdentityPoolName": f"pool_{p}", "AllowUnauthenticatedIdentities": p % 4 == 0,
                   "AllowClassicFlow": p % 8 == 0, "IdentityPoolTags": {}}
            if p % 3 == 0:
                doc["CognitoIdentityProviders"] = [{"ProviderName": f"cognito-idp.{region}.amazonaws.com/{region}_AbCdEf", "ClientId": "1example23456789",
                                                    "ServerSideTokenCheck": False}]
            write(root, f"{region}/cognito-identity/DescribeIdentityPool/{key(pool_id)}.json", doc)
        write(root, f"{region}/cognito-identity/ListIdentityPools.json", {"IdentityPools": pool_list})

        # ---------------- Step Functions ----------------
        listed = []
        for m in share(machines):
            name = f"flow-{m:04d}"
            arn = f"arn:aws:states:{region}:{ACCOUNT}:stateMachine:{name}"
            kind = "EXPRESS" if m % 5 == 4 else "STANDARD"
            listed.append({"stateMachineArn": arn, "name": name, "type": kind, "creationDate": 1735689600.0})
            headers = {"Accept": "application/json"}
            if m % 10 == 0:
                headers["Authorization"] = "Bearer tok_live_%08x%08x" % (rnd.getrandbits(32), rnd.getrandbits(32))
            params = {"Bucket": bucket_name(m % buckets), "Key.$": "$.orderId", "Body.$": "$"}
            if m % 25 == 5:
                params["SSEKMSKeyId"] = "AKIAIOSFODNN7EXAMP%02d" % (m % 100)
            definition = {"Comment": f"bench {name}", "StartAt": "CallApi", "States": {
                "CallApi": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke", "Parameters": {
                    "ApiEndpoint": "https://api.example.com/orders", "Method": "POST", "Headers": headers,
                    "Authentication": {"ConnectionArn": f"arn:aws:events:{region}:{ACCOUNT}:connection/orders/0f1e2d3c"}}, "Next": "Process"},
                "Process": {"Type": "Task", "Resource": f"arn:aws:lambda:{region}:{ACCOUNT}:function:fn-{m % n:05d}", "Next": "Upload"},
                "Upload": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject", "Parameters": params, "End": True}}}
            write(root, f"{region}/stepfunctions/DescribeStateMachine/{key(name)}.json", {
                "stateMachineArn": arn, "name": name, "status": "ACTIVE", "definition": json.dumps(definition),
                "roleArn": f"arn:aws:iam::{ACCOUNT}:role/{name}-role", "type": kind, "creationDate": 1735689600.0,
                "loggingConfiguration": {"level": "OFF", "includeExecutionData": False}, "tracingConfiguration": {"enabled": False},
                "encryptionConfiguration": {"type": "AWS_OWNED_KEY"}})
        write(root, f"{region}/stepfunctions/ListStateMachines.json", {"stateMachines": listed})

        # ---------------- SQS ----------------
        urls, queue_names = [], []
        for q in share(queues):
            name = f"q-{q:05d}"
            urls.append(f"https://sqs.{region}.amazonaws.com/{ACCOUNT}/{name}")
            queue_names.append(name)
            created = 1735689600 if q % 25 else NOW - 10 * DAY
            write(root, f"{region}/sqs/GetQueueAttributes/{key(name)}.json", {"Attributes": {
                "QueueArn": f"arn:aws:sqs:{region}:{ACCOUNT}:{name}", "ApproximateNumberOfMessages": str(q % 13),
                "ApproximateNumberOfMessagesNotVisible": "0", "ApproximateNumberOfMessagesDelayed": "0",
                "CreatedTimestamp": str(created), "LastModifiedTimestamp": str(created), "VisibilityTimeout": "30",
                "MaximumMessageSize": "262144", "MessageRetentionPeriod": "345600", "DelaySeconds": "0",
                "ReceiveMessageWaitTimeSeconds": "0", "SqsManagedSseEnabled": "true"}})
        write(root, f"{region}/sqs/ListQueues.json", {"QueueUrls": urls} if urls else {})

        # ---------------- CloudWatch activity (90 days ending at CapturedAt) ----------------
        metrics = "cloudwatch/GetMetricData"
        write(root, f"{region}/{metrics}/AWS_Lambda_Invocations.{WINDOW_DAYS}d.json",
              metric_doc(rnd, [(f["FunctionName"], int(f["FunctionName"][3:]) % 10 != 5) for f in functions]))
        write(root, f"{region}/{metrics}/AWS_ApiGateway_Count.{WINDOW_DAYS}d.json",
              metric_doc(rnd, [(api["name"], int(api["id"][4:]) % 12 != 10) for api in rest] +
                              [(api["ApiId"], int(api["ApiId"][4:]) % 12 != 3) for api in v2 if api["ProtocolType"] == "HTTP"]))
        write(root, f"{region}/{metrics}/AWS_ApiGateway_ConnectCount.{WINDOW_DAYS}d.json",
              metric_doc(rnd, [(api["ApiId"], int(api["ApiId"][4:]) % 20 != 9) for api in v2 if api["ProtocolType"] == "WEBSOCKET"]))
        table_activity = {name: int(name[1:]) % 8 for name in table_names}  # 0: idle, 1: writes only, else reads (and writes)
        write(root, f"{region}/{metrics}/AWS_DynamoDB_ConsumedReadCapacityUnits.{WINDOW_DAYS}d.json",
              metric_doc(rnd, [(name, a > 1) for name, a in table_activity.items()]))
        write(root, f"{region}/{metrics}/AWS_DynamoDB_ConsumedWriteCapacityUnits.{WINDOW_DAYS}d.json",
              metric_doc(rnd, [(name, a == 1 or a % 2 == 0 and a != 0) for name, a in table_activity.items()]))
        queue_activity = {name: int(name[2:7]) % 9 for name in queue_names}  # 0: idle, 1: received only
        write(root, f"{region}/{metrics}/AWS_SQS_NumberOfMessagesSent.{WINDOW_DAYS}d.json",
              metric_doc(rnd, [(name, a > 1) for name, a in queue_activity.items()]))
        write(root, f"{region}/{metrics}/AWS_SQS_NumberOfMessagesReceived.{WINDOW_DAYS}d.json",
              metric_doc(rnd, [(name, a >= 1) for name, a in queue_activity.items()]))

        # ---------------- CloudWatch Logs ----------------
        for extra in range(max(1, n // 200)):  # groups outside the workload (not judged)
            log_groups.append(log_group(f"/ecs/service-{extra}", region, extra, rnd))
        log_groups.sort(key=lambda g: g["logGroupName"])
        write(root, f"{region}/logs/DescribeLogGroups.json", {"logGroups": log_groups})
        policies = [{"policyName": "route53-query-logging", "policyDocument": json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "route53.amazonaws.com"}, "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
             "Resource": f"arn:aws:logs:{region}:{ACCOUNT}:log-group:/aws/route53/*"}]}), "lastUpdatedTime": (NOW - 30 * DAY) * 1000}]
        if ri == 0:
            policies.append({"policyName": "share-some-lambda-logs", "policyDocument": json.dumps({"Version": "2012-10-17", "Statement": [
                {"Sid": "AnyoneReads", "Effect": "Allow", "Principal": "*", "Action": ["logs:GetLogEvents", "logs:FilterLogEvents"],
                 "Resource": f"arn:aws:logs:{region}:{ACCOUNT}:log-group:/aws/lambda/fn-000*"}]}), "lastUpdatedTime": (NOW - 30 * DAY) * 1000})
        else:
            policies.append({"policyName": "partner-reads-lambda-logs", "policyDocument": json.dumps({"Version": "2012-10-17", "Statement": [
                {"Sid": "PartnerReads", "Effect": "Allow", "Principal": "*", "Action": ["logs:GetLogEvents", "logs:FilterLogEvents"],
                 "Resource": f"arn:aws:logs:{region}:{ACCOUNT}:log-group:/aws/lambda/*",
                 "Condition": {"StringEquals": {"aws:PrincipalAccount": PARTNER}}}]}), "lastUpdatedTime": (NOW - 30 * DAY) * 1000})
        write(root, f"{region}/logs/DescribeResourcePolicies.json", {"resourcePolicies": policies})
        # opt-in sample (SEC2.Logs.NoSecretsInLogs): one page per existing workload group, as Export-WafInventory writes it (redacted)
        for k, group in enumerate(workload_groups):
            stream = "2026/11/27/[$LATEST]%012x" % k
            events = [{"logStreamName": stream, "timestamp": (NOW - 3600) * 1000 + e, "message": message, "ingestionTime": (NOW - 3600) * 1000 + e + 50,
                       "eventId": str(e)} for e, message in enumerate([
                           f"START RequestId: {uuid.UUID(int=k + 7)} Version: $LATEST",
                           "INFO order processed" if k % 15 else "INFO connecting with access key [REDACTED:AwsAccessKeyId:1a5d44a2]",
                           f"END RequestId: {uuid.UUID(int=k + 7)}"])]
            doc = {"events": events, "searchedLogStreams": []}
            if k % 40 == 0:
                doc["nextToken"] = "Bxkq6kVGFtq2y_Moigeqscg"
            write(root, f"{region}/logs/FilterLogEvents/{key(group)}.json", doc)

        # ---------------- CloudTrail: a multi-region management trail, a Lambda data-event trail in the first region ----------------
        home = REGIONS[0]
        trails = [{"Name": "org-management", "S3BucketName": "trail-logs-management", "IncludeGlobalServiceEvents": True, "IsMultiRegionTrail": True,
                   "HomeRegion": home, "TrailARN": f"arn:aws:cloudtrail:{home}:{ACCOUNT}:trail/org-management", "LogFileValidationEnabled": True,
                   "HasCustomEventSelectors": False, "HasInsightSelectors": False, "IsOrganizationTrail": False}]
        if ri == 0:
            trails.append({"Name": "lambda-data", "S3BucketName": "trail-logs-lambda-data", "IncludeGlobalServiceEvents": False, "IsMultiRegionTrail": False,
                           "HomeRegion": home, "TrailARN": f"arn:aws:cloudtrail:{home}:{ACCOUNT}:trail/lambda-data", "LogFileValidationEnabled": True,
                           "HasCustomEventSelectors": True, "HasInsightSelectors": False, "IsOrganizationTrail": False})
            write(root, f"{home}/cloudtrail/GetEventSelectors/org-management.json", {
                "TrailARN": trails[0]["TrailARN"], "EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": [],
                                                                       "ExcludeManagementEventSources": []}]})
            write(root, f"{home}/cloudtrail/GetEventSelectors/lambda-data.json", {
                "TrailARN": trails[1]["TrailARN"], "AdvancedEventSelectors": [{"Name": "Lambda invokes", "FieldSelectors": [
                    {"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::Lambda::Function"]}]}]})
        write(root, f"{region}/cloudtrail/DescribeTrails.json", {"trailList": trails})


if __name__ == "__main__":
    main()
