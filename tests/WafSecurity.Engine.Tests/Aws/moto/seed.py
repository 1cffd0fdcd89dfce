#!/usr/bin/env python3
"""Create a small serverless estate in moto_server for the AwsApiCallSource integration tests.

    python3 seed.py <endpoint-url> <region> [<region> ...]
Per region: two Lambda functions (resource policies, a version, an alias with its own policy, a function URL,
a KMS key, event source mappings from an SQS queue and a Kinesis stream), two DynamoDB tables (one KMS-encrypted with PITR), three secrets (one with a resource policy, one
with a slash in its name), a REST API (resource, method, stage, authorizer) and an HTTP API (route, stage,
authorizer), CloudWatch Logs log groups (retention, KMS key; 55 more in the first region for paging), AppSync
GraphQL APIs (API key with field logging and a cache, IAM without either), Cognito identity pools (one with guest
access; 62 more in the first region for paging), two Step Functions state machines
two DAX clusters (one with SSE and TLS, one with neither), SQS queues and CloudWatch datapoints
(AWS/Lambda Invocations of waf-a-<region> two days ago, AWS/SQS NumberOfMessagesSent of waf-jobs-<region>). Once: IAM roles, a managed and
an inline policy, a user and a group. Names carry the region so the
tests can prove each region's requests reach that region. Prints one JSON line with what it made.
"""
import io
import time
import json
import sys
import zipfile

import boto3

endpoint, regions = sys.argv[1], sys.argv[2:]
made = {"warnings": []}


def client(service, region):
    return boto3.client(service, region_name=region, endpoint_url=endpoint,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def attempt(label, fn):
    try:
        return fn()
    except Exception as e:  # moto may not implement a call; the test compares whatever exists
        made["warnings"].append("%s: %s" % (label, e))
        return None


trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                 "Action": "sts:AssumeRole"}]}
iam = client("iam", regions[0])
role = iam.create_role(RoleName="waf-fn-role", Path="/service-role/", AssumeRolePolicyDocument=json.dumps(trust),
                       Description="execution role")["Role"]
iam.put_role_policy(RoleName="waf-fn-role", PolicyName="inline-logs", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["logs:*"], "Resource": "*"}]}))
managed = iam.create_policy(PolicyName="waf-table-read", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}]}))["Policy"]
iam.create_policy_version(PolicyArn=managed["Arn"], SetAsDefault=True, PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": "*"}]}))
iam.attach_role_policy(RoleName="waf-fn-role", PolicyArn=managed["Arn"])
iam.create_role(RoleName="waf-admin", AssumeRolePolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                                             "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}))
iam.create_user(UserName="auditor")
iam.put_user_policy(UserName="auditor", PolicyName="read", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:Get*", "Resource": "*"}]}))
iam.create_group(GroupName="auditors")
iam.add_user_to_group(GroupName="auditors", UserName="auditor")
made["role"] = role["Arn"]

buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    z.writestr("index.py", "def handler(event, context):\n    return 'ok'\n")
code = buf.getvalue()

for r in regions:
    kms = client("kms", r)
    key = kms.create_key(Description="waf key " + r)["KeyMetadata"]
    made.setdefault("keys", {})[r] = key["KeyId"]

    lam = client("lambda", r)
    for name in ("waf-a-" + r, "waf-b-" + r):
        kw = {}
        if name.startswith("waf-b"):
            kw["KMSKeyArn"] = key["Arn"]
            kw["Environment"] = {"Variables": {"STAGE": "prod", "TABLE": "waf-plain-" + r}}
        lam.create_function(FunctionName=name, Runtime="python3.12", Role=role["Arn"], Handler="index.handler",
                            Code={"ZipFile": code}, Description="fn " + name, Timeout=10, MemorySize=256,
                            Tags={"team": "audit"}, **kw)
    fa = "waf-a-" + r
    attempt("add_permission", lambda: lam.add_permission(FunctionName=fa, StatementId="public", Action="lambda:InvokeFunction",
                                                         Principal="*"))
    attempt("add_permission s3", lambda: lam.add_permission(FunctionName=fa, StatementId="s3", Action="lambda:InvokeFunction",
                                                            Principal="s3.amazonaws.com", SourceAccount="123456789012"))
    version = attempt("publish_version", lambda: lam.publish_version(FunctionName=fa)["Version"])
    if version:
        attempt("create_alias", lambda: lam.create_alias(FunctionName=fa, Name="live", FunctionVersion=version))
        attempt("add_permission alias", lambda: lam.add_permission(FunctionName=fa, Qualifier="live", StatementId="alias-api",
                                                                   Action="lambda:InvokeFunction", Principal="apigateway.amazonaws.com"))
    attempt("create_function_url_config", lambda: lam.create_function_url_config(FunctionName="waf-b-" + r, AuthType="NONE"))

    # Event source mappings: an SQS queue on waf-b, and a disabled Kinesis stream on waf-a's alias with an on-failure queue.
    sqs = client("sqs", r)
    queue = sqs.get_queue_attributes(QueueUrl=sqs.create_queue(QueueName="waf-jobs-" + r)["QueueUrl"],
                                     AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    attempt("create_event_source_mapping sqs", lambda: lam.create_event_source_mapping(
        EventSourceArn=queue, FunctionName="waf-b-" + r, BatchSize=5))
    kinesis = client("kinesis", r)
    kinesis.create_stream(StreamName="waf-clicks-" + r, ShardCount=1)
    stream = kinesis.describe_stream(StreamName="waf-clicks-" + r)["StreamDescription"]["StreamARN"]
    attempt("create_event_source_mapping kinesis", lambda: lam.create_event_source_mapping(
        EventSourceArn=stream, FunctionName=fa + (":live" if version else ""), StartingPosition="LATEST", Enabled=False,
        DestinationConfig={"OnFailure": {"Destination": queue}}))

    ddb = client("dynamodb", r)
    for t, sse in (("waf-plain-" + r, None), ("waf-sse-" + r, {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key["Arn"]})):
        kw = {"SSESpecification": sse} if sse else {}
        ddb.create_table(TableName=t, BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], **kw)
    attempt("update_continuous_backups", lambda: ddb.update_continuous_backups(
        TableName="waf-sse-" + r, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}))
    table_arn = ddb.describe_table(TableName="waf-sse-" + r)["Table"]["TableArn"]
    attempt("put_resource_policy", lambda: ddb.put_resource_policy(ResourceArn=table_arn, Policy=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                                                 "Action": "dynamodb:GetItem", "Resource": table_arn}]})))

    sm = client("secretsmanager", r)
    s1 = sm.create_secret(Name="waf-pol-" + r, SecretString="not-a-real-secret", KmsKeyId=key["KeyId"])
    sm.put_resource_policy(SecretId=s1["ARN"], ResourcePolicy=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "secretsmanager:GetSecretValue",
                                                 "Resource": "*"}]}))
    sm.create_secret(Name="waf-nopol-" + r, SecretString="x", Tags=[{"Key": "team", "Value": "audit"}])
    sm.create_secret(Name="app/db-password-" + r, SecretString="y")

    apigw = client("apigateway", r)
    api = apigw.create_rest_api(name="waf-rest-" + r, description="rest api", endpointConfiguration={"types": ["REGIONAL"]})
    root = [x for x in apigw.get_resources(restApiId=api["id"])["items"] if x["path"] == "/"][0]
    res = apigw.create_resource(restApiId=api["id"], parentId=root["id"], pathPart="items")
    apigw.put_method(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", type="MOCK")
    attempt("create_authorizer", lambda: apigw.create_authorizer(
        restApiId=api["id"], name="tok", type="TOKEN", identitySource="method.request.header.Authorization",
        authorizerUri="arn:aws:apigateway:%s:lambda:path/2015-03-31/functions/arn:aws:lambda:%s:123456789012:function:waf-a-%s/invocations" % (r, r, r)))
    dep = attempt("create_deployment", lambda: apigw.create_deployment(restApiId=api["id"], stageName="prod"))
    made.setdefault("restApis", {})[r] = api["id"]
    attempt("create_request_validator", lambda: apigw.create_request_validator(
        restApiId=api["id"], name="body-only", validateRequestBody=True, validateRequestParameters=False))
    attempt("create_usage_plan", lambda: apigw.create_usage_plan(
        name="plan-" + r, throttle={"rateLimit": 50.0, "burstLimit": 20}, apiStages=[{"apiId": api["id"], "stage": "prod"}]))
    attempt("create_domain_name", lambda: apigw.create_domain_name(
        domainName="api-%s.example.com" % r, regionalCertificateArn="arn:aws:acm:%s:123456789012:certificate/abc" % r,
        endpointConfiguration={"types": ["REGIONAL"]}, securityPolicy="TLS_1_2"))

    v2 = client("apigatewayv2", r)
    http = v2.create_api(Name="waf-http-" + r, ProtocolType="HTTP", Tags={"team": "audit"})
    attempt("v2 create_authorizer", lambda: v2.create_authorizer(
        ApiId=http["ApiId"], Name="jwt", AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Audience": ["aud"], "Issuer": "https://issuer.example.com"}))
    attempt("v2 create_route", lambda: v2.create_route(ApiId=http["ApiId"], RouteKey="GET /items", AuthorizationType="NONE"))
    attempt("v2 create_stage", lambda: v2.create_stage(ApiId=http["ApiId"], StageName="$default", AutoDeploy=True))
    attempt("v2 create_integration", lambda: v2.create_integration(
        ApiId=http["ApiId"], IntegrationType="HTTP_PROXY", IntegrationMethod="ANY", PayloadFormatVersion="1.0", ConnectionType="VPC_LINK",
        ConnectionId="vl1", IntegrationUri="arn:aws:elasticloadbalancing:%s:123456789012:listener/app/lb/1/2" % r,
        TlsConfig={"ServerNameToVerify": "backend.example.com"}))
    attempt("v2 create_domain_name", lambda: v2.create_domain_name(DomainName="v2-%s.example.com" % r, DomainNameConfigurations=[
        {"CertificateArn": "arn:aws:acm:%s:123456789012:certificate/abc" % r, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}]))
    made.setdefault("httpApis", {})[r] = http["ApiId"]

    # CloudWatch Logs: a group with retention, one encrypted with the region's key, one plain; in the first region
    # enough more that DescribeLogGroups answers in more than one page of 50.
    logs = client("logs", r)
    logs.create_log_group(logGroupName="/aws/lambda/waf-a-" + r)
    logs.put_retention_policy(logGroupName="/aws/lambda/waf-a-" + r, retentionInDays=30)
    attempt("create_log_group kms", lambda: logs.create_log_group(logGroupName="/waf/kms-" + r, kmsKeyId=key["Arn"]))
    logs.create_log_group(logGroupName="/waf/plain-" + r)
    if r == regions[0]:
        for i in range(55):
            logs.create_log_group(logGroupName="/waf/page/%02d" % i)

    # AppSync: an API_KEY API with ALL-level field logging and a cache, an AWS_IAM API with neither (GetApiCache
    # answers NotFoundException). Cognito: a guest pool and a closed one; in the first region enough more that
    # ListIdentityPools (60 a page) needs a second page.
    appsync = client("appsync", r)
    keyed = attempt("appsync create_graphql_api", lambda: appsync.create_graphql_api(
        name="waf-keyed-" + r, authenticationType="API_KEY",
        additionalAuthenticationProviders=[{"authenticationType": "AWS_IAM"}],
        logConfig={"fieldLogLevel": "ALL", "cloudWatchLogsRoleArn": role["Arn"], "excludeVerboseContent": False}))
    if keyed:
        api_id = keyed["graphqlApi"]["apiId"]
        attempt("appsync create_api_cache", lambda: appsync.create_api_cache(
            apiId=api_id, ttl=300, apiCachingBehavior="FULL_REQUEST_CACHING", type="SMALL",
            atRestEncryptionEnabled=True, transitEncryptionEnabled=False))
        plain = appsync.create_graphql_api(name="waf-iam-" + r, authenticationType="AWS_IAM")
        made.setdefault("graphqlApis", {})[r] = [api_id, plain["graphqlApi"]["apiId"]]
    identity = client("cognito-identity", r)
    pools = []
    pools.append(identity.create_identity_pool(IdentityPoolName="waf_guests_" + r.replace("-", "_"),
                                               AllowUnauthenticatedIdentities=True)["IdentityPoolId"])
    pools.append(identity.create_identity_pool(IdentityPoolName="waf_closed_" + r.replace("-", "_"),
                                               AllowUnauthenticatedIdentities=False)["IdentityPoolId"])
    if r == regions[0]:
        for i in range(62):
            identity.create_identity_pool(IdentityPoolName="waf_page_%02d" % i, AllowUnauthenticatedIdentities=False)
    made.setdefault("identityPools", {})[r] = pools
    # Step Functions: two state machines per region (STANDARD with a Task, EXPRESS pass-through), on the existing role.
    sfn = client("stepfunctions", r)
    for name, kind, states in (
            ("waf-flow-" + r, "STANDARD", {"Call": {"Type": "Task", "Resource": "arn:aws:lambda:%s:123456789012:function:waf-a-%s" % (r, r),
                                                    "Parameters": {"Headers": {"Accept": "application/json"}}, "End": True}}),
            ("waf-express-" + r, "EXPRESS", {"Done": {"Type": "Pass", "End": True}})):
        attempt("create_state_machine", lambda: sfn.create_state_machine(
            name=name, type=kind, roleArn=role["Arn"], definition=json.dumps({"StartAt": next(iter(states)), "States": states})))
    # CloudWatch Logs resource policy and a few events; a CloudTrail trail with Lambda data events (classic selectors in
    # the first region, advanced in the others).
    logs.put_resource_policy(policyName="waf-delivery-" + r, policyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "delivery.logs.amazonaws.com"}, "Action": "logs:PutLogEvents",
         "Resource": "arn:aws:logs:%s:123456789012:log-group:/aws/lambda/*" % r}]}))
    logs.create_log_stream(logGroupName="/aws/lambda/waf-a-" + r, logStreamName="s1")
    now = int(time.time() * 1000)
    logs.put_log_events(logGroupName="/aws/lambda/waf-a-" + r, logStreamName="s1",
                        logEvents=[{"timestamp": now + i, "message": "line %d %s" % (i, r)} for i in range(3)])
    s3 = client("s3", r)
    bucket = "waf-trail-" + r
    attempt("create_bucket", lambda: s3.create_bucket(Bucket=bucket, **({} if r == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": r}})))
    ct = client("cloudtrail", r)
    ct.create_trail(Name="waf-trail-" + r, S3BucketName=bucket, IsMultiRegionTrail=(r == regions[0]))
    if r == regions[0]:
        ct.put_event_selectors(TrailName="waf-trail-" + r, EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True,
                                                                           "DataResources": [{"Type": "AWS::Lambda::Function", "Values": ["arn:aws:lambda"]}]}])
    else:
        ct.put_event_selectors(TrailName="waf-trail-" + r, AdvancedEventSelectors=[{"Name": "lambda", "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::Lambda::Function"]}]}])
    # DAX: one cluster encrypted at rest with a TLS endpoint, one with neither.
    dax = client("dax", r)
    attempt("dax create_cluster", lambda: dax.create_cluster(
        ClusterName="waf-tls-" + r, NodeType="dax.t3.small", ReplicationFactor=1,
        IamRoleArn=role["Arn"], SSESpecification={"Enabled": True}, ClusterEndpointEncryptionType="TLS"))
    attempt("dax create_cluster", lambda: dax.create_cluster(
        ClusterName="waf-plain-" + r, NodeType="dax.t3.small", ReplicationFactor=1, IamRoleArn=role["Arn"]))
    # CloudWatch: datapoints a GetMetricData over the last days finds (moto keeps what put_metric_data gives it).
    import datetime
    cw = client("cloudwatch", r)
    when = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=2)
    cw.put_metric_data(Namespace="AWS/Lambda", MetricData=[{"MetricName": "Invocations", "Timestamp": when, "Value": 7.0,
                                                            "Dimensions": [{"Name": "FunctionName", "Value": "waf-a-" + r}]}])
    cw.put_metric_data(Namespace="AWS/SQS", MetricData=[{"MetricName": "NumberOfMessagesSent", "Timestamp": when, "Value": 3.0,
                                                         "Dimensions": [{"Name": "QueueName", "Value": "waf-jobs-" + r}]}])
    sqs.create_queue(QueueName="waf-idle-" + r)

# S3 (once: bucket names are global): an SSE-KMS bucket with BPA on and a public policy, a bucket with nothing
# configured, and one in the second region with SSE-S3; account-level BPA through s3control (moto routes it by path;
# boto3 would put the account id in the host name, so the call goes through the endpoint as a proxy).
from botocore.config import Config
s3 = client("s3", regions[0])
s3.create_bucket(Bucket="waf-s3-kms")
s3.put_bucket_encryption(Bucket="waf-s3-kms", ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {
    "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "arn:aws:kms:%s:123456789012:key/waf-s3" % regions[0]}, "BucketKeyEnabled": True}]})
s3.put_bucket_policy(Bucket="waf-s3-kms", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::waf-s3-kms/*"}]}))
s3.put_public_access_block(Bucket="waf-s3-kms", PublicAccessBlockConfiguration={
    "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
s3.create_bucket(Bucket="waf-s3-plain")
if len(regions) > 1:
    eu = client("s3", regions[1])
    eu.create_bucket(Bucket="waf-s3-" + regions[1], CreateBucketConfiguration={"LocationConstraint": regions[1]})
    eu.put_bucket_encryption(Bucket="waf-s3-" + regions[1], ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
attempt("s3control put_public_access_block", lambda: boto3.client(
    "s3control", region_name=regions[0], endpoint_url=endpoint, aws_access_key_id="testing", aws_secret_access_key="testing",
    config=Config(proxies={"http": endpoint})).put_public_access_block(AccountId="123456789012", PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": False, "BlockPublicPolicy": True, "RestrictPublicBuckets": False}))

print(json.dumps(made))
