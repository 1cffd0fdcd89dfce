#!/usr/bin/env python3
"""Seed a fresh, realistic serverless account in moto_server for the live acceptance tests and the live benchmark.

    python3 seed_scenario.py <moto-endpoint> <account-id> <region> [<region> ...] [--bulk N]

Everything lives in its own moto account (<account-id>, 12 digits): an IAM user "waf-auditor" with an access key is
created there first (through moto's x-moto-account-id header), and every later request is signed with that key, which
moto maps back to the account. So tests never see each other's resources, nor those of other suites sharing the server.

Scenario (default), per region:
  Lambda     public-webhook (Principal "*"), s3-ingest (s3.amazonaws.com, no SourceArn/SourceAccount),
             partner-sync (another account), orders-api (version 1 + alias "live" whose policy is public, function
             URL AuthType NONE), billing-worker (env vars holding an AWS secret key, a Stripe key and a DB URL with a
             password; customer KMS key), legacy-report (python3.7, deprecated) and image-resizer (nodejs12.x); the
             shared role "shared-exec" runs three of them.
  DynamoDB   orders (customer KMS key + PITR), sessions (AWS owned key, no PITR), payments (aws/dynamodb key, PITR),
             with a resource policy on orders.
  Secrets    db-password (rotation every 30 days), prod/partner/api-key (no rotation, policy Principal "*"),
             stripe/key (customer KMS key, no rotation, account-scoped policy).
  API GW     REST: GET /public open (NONE), POST /orders with a Lambda TOKEN authorizer, GET /admin with IAM; stage prod.
             HTTP: "GET /open" (NONE) and "POST /secure" (JWT authorizer); $default stage.
  IAM        roles shared-exec (secretsmanager:GetSecretValue on *), admin-exec (AdministratorAccess-like inline *:*),
             per-function roles, a role trusted by Principal "*", a managed policy with two versions.
--bulk N: the benchmark estate instead: N functions per region, each with its own role (plus one shared role), every
  10th with a public policy, every 5th with an alias, env values; N/5 tables, N/10 secrets, N/20 REST APIs
  (no HTTP APIs: see bulk_estate).

Prints one JSON line: {"accountId", "accessKeyId", "secretAccessKey", "regions", "secrets": [raw env values], ...}.
"""
import io
import json
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

args = [a for a in sys.argv[1:]]
bulk = 0
if "--bulk" in args:
    i = args.index("--bulk")
    bulk = int(args[i + 1])
    del args[i:i + 2]
endpoint, account, regions = args[0], args[1], args[2:]
assert len(account) == 12 and account.isdigit(), "account id must be 12 digits"

CONFIG = Config(retries={"max_attempts": 2}, max_pool_connections=32)


def raw_client(service, region):
    c = boto3.client(service, region_name=region, endpoint_url=endpoint, config=CONFIG,
                     aws_access_key_id="testing", aws_secret_access_key="testing")
    c.meta.events.register("before-send.*.*", lambda request, **kw: request.headers.__setitem__("x-moto-account-id", account))
    return c


iam0 = raw_client("iam", regions[0])
iam0.create_user(UserName="waf-auditor")
iam0.put_user_policy(UserName="waf-auditor", PolicyName="security-audit", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["lambda:Get*", "lambda:List*", "iam:Get*",
                                                                           "dynamodb:Describe*", "secretsmanager:List*",
                                                                           "apigateway:GET", "kms:DescribeKey"],
                                             "Resource": "*"}]}))
key = iam0.create_access_key(UserName="waf-auditor")["AccessKey"]
AK, SK = key["AccessKeyId"], key["SecretAccessKey"]


def client(service, region):
    return boto3.client(service, region_name=region, endpoint_url=endpoint, config=CONFIG,
                        aws_access_key_id=AK, aws_secret_access_key=SK)


made = {"accountId": account, "accessKeyId": AK, "secretAccessKey": SK, "regions": regions, "secrets": [], "warnings": []}


def attempt(label, fn):
    try:
        return fn()
    except Exception as e:  # moto may not implement a call; the tests compare whatever exists
        made["warnings"].append("%s: %s" % (label, e))
        return None


buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    z.writestr("index.py", "def handler(event, context):\n    return 'ok'\n")
CODE = buf.getvalue()

LAMBDA_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


iam = client("iam", regions[0])
assert iam.get_user(UserName="waf-auditor")["User"]["Arn"].split(":")[4] == account, "the access key does not map to the account"


def make_role(name, inline=None, path="/service-role/", trust=LAMBDA_TRUST):
    arn = iam.create_role(RoleName=name, Path=path, AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    if inline:
        iam.put_role_policy(RoleName=name, PolicyName=name + "-inline", PolicyDocument=inline)
    return arn


def scenario():
    shared = make_role("shared-exec", doc(
        {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"},
        {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}))
    admin = make_role("admin-exec", doc({"Effect": "Allow", "Action": "*", "Resource": "*"}))
    passrole = make_role("deployer-exec", doc({"Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction"], "Resource": "*"}))
    make_role("anyone-can-assume", path="/", trust=doc({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}))
    scoped = make_role("orders-exec", doc({"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
                                           "Resource": "arn:aws:dynamodb:*:%s:table/orders" % account}))
    managed = iam.create_policy(PolicyName="table-read", Path="/app/", PolicyDocument=doc(
        {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}))["Policy"]["Arn"]
    iam.create_policy_version(PolicyArn=managed, SetAsDefault=True, PolicyDocument=doc(
        {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"], "Resource": "*"}))
    iam.attach_role_policy(RoleName="orders-exec", PolicyArn=managed)
    iam.create_role(RoleName="unused-lambda-role", Path="/service-role/", AssumeRolePolicyDocument=LAMBDA_TRUST)

    for r in regions:
        kms = client("kms", r)
        cmk = kms.create_key(Description="app key " + r)["KeyMetadata"]
        attempt("create_alias", lambda: kms.create_alias(AliasName="alias/app-" + r, TargetKeyId=cmk["KeyId"]))

        lam = client("lambda", r)

        def fn(name, role, runtime="python3.12", **kw):
            lam.create_function(FunctionName=name, Runtime=runtime, Role=role, Handler="index.handler", Code={"ZipFile": CODE},
                                Description=name + " in " + r, Timeout=15, MemorySize=256, Tags={"app": "shop"}, **kw)

        fn("public-webhook", shared)
        fn("s3-ingest", shared)
        fn("partner-sync", scoped)
        fn("orders-api", scoped)
        secrets_env = {"AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + r.replace("-", "")[:6] + "EXAMP",
                       "STRIPE_API_KEY": "sk_live_" + ("4eC39HqLyjWDarjtT1zdp7dc" + r.replace("-", ""))[:28],
                       "DATABASE_URL": "postgres://app:Pa55w0rd-" + r + "@db.internal:5432/app"}
        made["secrets"].extend(secrets_env.values())
        fn("billing-worker", admin, KMSKeyArn=cmk["Arn"],
           Environment={"Variables": dict(secrets_env, STAGE="prod", TABLE_NAME="orders", SECRET_ID="prod/partner/api-key")})
        fn("legacy-report", passrole, runtime="python3.7")
        fn("image-resizer", shared, runtime="nodejs12.x", Environment={"Variables": {"BUCKET": "images-" + r}})

        lam.add_permission(FunctionName="public-webhook", StatementId="public", Action="lambda:InvokeFunction", Principal="*")
        lam.add_permission(FunctionName="s3-ingest", StatementId="s3-any-bucket", Action="lambda:InvokeFunction",
                           Principal="s3.amazonaws.com")
        lam.add_permission(FunctionName="partner-sync", StatementId="partner", Action="lambda:InvokeFunction",
                           Principal="arn:aws:iam::111122223333:root")
        lam.add_permission(FunctionName="orders-api", StatementId="apigw", Action="lambda:InvokeFunction",
                           Principal="apigateway.amazonaws.com",
                           SourceArn="arn:aws:execute-api:%s:%s:*/*/POST/orders" % (r, account))
        version = attempt("publish_version", lambda: lam.publish_version(FunctionName="orders-api")["Version"])
        if version:
            attempt("create_alias", lambda: lam.create_alias(FunctionName="orders-api", Name="live", FunctionVersion=version))
            attempt("alias permission", lambda: lam.add_permission(FunctionName="orders-api", Qualifier="live", StatementId="alias-public",
                                                                   Action="lambda:InvokeFunction", Principal="*"))
        attempt("function url", lambda: lam.create_function_url_config(FunctionName="orders-api", AuthType="NONE"))
        attempt("function url iam", lambda: lam.create_function_url_config(FunctionName="billing-worker", AuthType="AWS_IAM"))

        ddb = client("dynamodb", r)
        key_schema = dict(BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                          AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        ddb.create_table(TableName="orders", SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": cmk["Arn"]}, **key_schema)
        ddb.create_table(TableName="sessions", **key_schema)
        ddb.create_table(TableName="payments", SSESpecification={"Enabled": True, "SSEType": "KMS"}, **key_schema)
        for t in ("orders", "payments"):
            attempt("pitr " + t, lambda: ddb.update_continuous_backups(
                TableName=t, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}))
        orders_arn = "arn:aws:dynamodb:%s:%s:table/orders" % (r, account)
        attempt("table policy", lambda: ddb.put_resource_policy(ResourceArn=orders_arn, Policy=doc(
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % account}, "Action": "dynamodb:GetItem", "Resource": orders_arn})))

        sm = client("secretsmanager", r)
        rotated = sm.create_secret(Name="db-password", SecretString='{"password":"rotate-me-%s"}' % r)
        attempt("rotate", lambda: sm.rotate_secret(SecretId=rotated["ARN"], RotationRules={"AutomaticallyAfterDays": 30}))
        public = sm.create_secret(Name="prod/partner/api-key", SecretString="partner-key-" + r, Tags=[{"Key": "app", "Value": "shop"}])
        sm.put_resource_policy(SecretId=public["ARN"], ResourcePolicy=doc(
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}))
        stripe = sm.create_secret(Name="stripe/key", SecretString="stripe-" + r, KmsKeyId=cmk["KeyId"])
        sm.put_resource_policy(SecretId=stripe["ARN"], ResourcePolicy=doc(
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:role/service-role/shared-exec" % account},
             "Action": "secretsmanager:GetSecretValue", "Resource": "*"}))

        apigw = client("apigateway", r)
        api = apigw.create_rest_api(name="shop-rest", description="shop", endpointConfiguration={"types": ["REGIONAL"]})
        rid = api["id"]
        root = [x for x in apigw.get_resources(restApiId=rid)["items"] if x["path"] == "/"][0]["id"]
        auth = attempt("rest authorizer", lambda: apigw.create_authorizer(
            restApiId=rid, name="token", type="TOKEN", identitySource="method.request.header.Authorization",
            authorizerUri="arn:aws:apigateway:%s:lambda:path/2015-03-31/functions/arn:aws:lambda:%s:%s:function:orders-api/invocations"
                          % (r, r, account)))
        for path, method, auth_type in (("public", "GET", "NONE"), ("orders", "POST", "CUSTOM"), ("admin", "GET", "AWS_IAM")):
            res = apigw.create_resource(restApiId=rid, parentId=root, pathPart=path)
            kw = {"authorizerId": auth["id"]} if auth_type == "CUSTOM" and auth else {}
            apigw.put_method(restApiId=rid, resourceId=res["id"], httpMethod=method,
                             authorizationType=auth_type if (auth_type != "CUSTOM" or auth) else "NONE", **kw)
            apigw.put_integration(restApiId=rid, resourceId=res["id"], httpMethod=method, type="MOCK")
        attempt("deployment", lambda: apigw.create_deployment(restApiId=rid, stageName="prod"))

        v2 = client("apigatewayv2", r)
        http = v2.create_api(Name="shop-http", ProtocolType="HTTP", Tags={"app": "shop"})["ApiId"]
        jwt = attempt("v2 authorizer", lambda: v2.create_authorizer(
            ApiId=http, Name="jwt", AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"],
            JwtConfiguration={"Audience": ["shop"], "Issuer": "https://issuer.example.com"}))
        attempt("v2 open route", lambda: v2.create_route(ApiId=http, RouteKey="GET /open", AuthorizationType="NONE"))
        if jwt:
            attempt("v2 jwt route", lambda: v2.create_route(ApiId=http, RouteKey="POST /secure", AuthorizationType="JWT",
                                                            AuthorizerId=jwt["AuthorizerId"]))
        attempt("v2 stage", lambda: v2.create_stage(ApiId=http, StageName="$default", AutoDeploy=True))


def retried(fn):
    """moto_server is not thread-safe everywhere (IAM: 'dictionary changed size during iteration' as a 500 page): retry."""
    def run(*a):
        for attempt in range(6):
            try:
                return fn(*a)
            except Exception as e:  # noqa: BLE001 - the last attempt re-raises
                if "AlreadyExists" in str(e) or "ResourceConflict" in str(e) or "EntityAlreadyExists" in str(e):
                    return None
                if attempt == 5:
                    raise
    return run


def bulk_estate(n):
    """The benchmark estate: n functions per region and what goes with them; roles one by one (IAM in moto is not
    thread-safe), the rest with a small thread pool."""
    shared = make_role("shared-exec", doc({"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}))
    roles = [retried(make_role)("fn-role-%04d" % i, doc(
        {"Effect": "Allow", "Action": ["dynamodb:GetItem", "logs:PutLogEvents"], "Resource": "*"}))
        or "arn:aws:iam::%s:role/service-role/fn-role-%04d" % (account, i) for i in range(n)]

    def region(r):
        lam, ddb, sm = client("lambda", r), client("dynamodb", r), client("secretsmanager", r)
        apigw = client("apigateway", r)

        def one_function(i):
            name = "fn-%04d" % i
            env = {"Variables": {"TABLE": "table-%04d" % (i // 5), "API_TOKEN": "sk_live_%024d" % i}} if i % 3 == 0 else {}
            lam.create_function(FunctionName=name, Runtime="python3.7" if i % 7 == 0 else "python3.12",
                                Role=shared if i % 4 == 0 else roles[i], Handler="index.handler", Code={"ZipFile": CODE},
                                Environment=env)
            if i % 10 == 0:
                lam.add_permission(FunctionName=name, StatementId="public", Action="lambda:InvokeFunction", Principal="*")
            if i % 5 == 0:
                v = lam.publish_version(FunctionName=name)["Version"]
                lam.create_alias(FunctionName=name, Name="live", FunctionVersion=v)

        def one_table(i):
            ddb.create_table(TableName="table-%04d" % i, BillingMode="PAY_PER_REQUEST",
                             KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                             **({"SSESpecification": {"Enabled": True, "SSEType": "KMS"}} if i % 2 else {}))

        def one_secret(i):
            s = sm.create_secret(Name="app/secret-%04d" % i, SecretString="value-%d" % i)
            if i % 4 == 0:
                sm.put_resource_policy(SecretId=s["ARN"], ResourcePolicy=doc(
                    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}))

        def one_api(i):
            api = apigw.create_rest_api(name="rest-%03d" % i)["id"]
            root = apigw.get_resources(restApiId=api)["items"][0]["id"]
            res = apigw.create_resource(restApiId=api, parentId=root, pathPart="items")
            apigw.put_method(restApiId=api, resourceId=res["id"], httpMethod="GET", authorizationType="NONE")
            # No HTTP APIs: moto 5.2 does not implement apigatewayv2 GetAuthorizers (500), so each one would add the
            # SDK's whole retry backoff on moto's error to the wall time, measuring moto rather than the collector.

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(retried(one_function), range(n)))
            list(pool.map(retried(one_table), range(n // 5)))
            list(pool.map(retried(one_secret), range(n // 10)))
            list(pool.map(retried(one_api), range(max(1, n // 20))))

    for r in regions:
        region(r)


if bulk:
    bulk_estate(bulk)
else:
    scenario()
print(json.dumps(made))
