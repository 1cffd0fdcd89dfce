#!/usr/bin/env python3
"""Write a WafSecurity inventory snapshot with nothing but the AWS CLI.

Runs `aws <service> <operation> --output json` for every operation listed in
docs snapshot-format (shared/design/snapshot-format.md) and writes each answer, verbatim, to
the file the format prescribes. Standard library only; works with AWS CLI v1 and v2.

Usage: see README.md beside this file, or `New-CliSnapshot.sh --help`.
"""
import argparse
import concurrent.futures
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

SAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")

# Answers that mean "there is nothing to return": write no file.
NOT_FOUND_CODES = {
    "ResourceNotFoundException",   # lambda get-policy / secretsmanager
    "PolicyNotFoundException",     # dynamodb get-resource-policy
    "NotFoundException",           # apigateway / apigatewayv2 / appsync get-api-cache (no cache)
    "NoSuchEntity",                # iam
    "NoSuchPublicAccessBlockConfiguration",            # s3api / s3control get-public-access-block
    "ServerSideEncryptionConfigurationNotFoundError",  # s3api get-bucket-encryption
    "NoSuchBucketPolicy",                              # s3api get-bucket-policy-status (no policy: not public by policy)
}

# The CLI prints the error code, not the HTTP status; these are the statuses AWS documents.
HTTP_STATUS = {
    "AccessDenied": 403, "AccessDeniedException": 403, "UnauthorizedOperation": 403,
    "UnrecognizedClientException": 403, "InvalidClientTokenId": 403, "SignatureDoesNotMatch": 403,
    "ExpiredToken": 400, "ExpiredTokenException": 400, "AuthFailure": 401,
    "UnauthorizedException": 401, "NotAuthorized": 401,
    "ResourceNotFoundException": 404, "NotFoundException": 404, "NoSuchEntity": 404,
    "PolicyNotFoundException": 400, "ValidationException": 400, "InvalidParameterValueException": 400,
    "InvalidRequestException": 400, "BadRequestException": 400, "InvalidParameterException": 400,
    "ThrottlingException": 400, "Throttling": 400, "TooManyRequestsException": 429,
    "LimitExceededException": 400, "RequestLimitExceeded": 503,
    "KMSAccessDeniedException": 502, "KMSInvalidStateException": 502,
    "InternalFailure": 500, "InternalServerError": 500, "InternalServerErrorException": 500,
    "ServiceException": 500, "InternalServiceError": 500, "ServiceUnavailable": 503,
    "ServiceUnavailableException": 503, "OptInRequired": 403,
    "NoSuchBucket": 404, "NoSuchPublicAccessBlockConfiguration": 404, "NoSuchBucketPolicy": 404,
    "ServerSideEncryptionConfigurationNotFoundError": 404, "PermanentRedirect": 301, "SlowDown": 503,
}

ERR_RE = re.compile(
    r"An error occurred \((?P<code>[^)]+)\)(?: \(reached max retries: \d+\))? when calling the "
    r"(?P<op>\w+) operation(?: \(reached max retries: \d+\))?: ?(?P<msg>.*)", re.S)

SERVICES = ["iam", "lambda", "dynamodb", "secretsmanager", "apigateway", "apigatewayv2", "logs", "cloudtrail", "appsync",
            "cognito-identity", "stepfunctions", "kms", "backup", "dax", "s3", "sqs",
            "cloudwatch"]

# iam get-service-last-accessed-details: how often and how long a job is polled until it leaves IN_PROGRESS.
LAST_ACCESSED_POLL_SECONDS = 2
LAST_ACCESSED_MAX_POLLS = 90

# CloudWatch activity metrics (snapshot-format.md, cloudwatch GetMetricData): (namespace, metric, dimension), asked for
# the resources the region's lists named. The file key is "<Namespace with / as _>_<MetricName>.<days>d".
ACTIVITY = {
    "functions": [("AWS/Lambda", "Invocations", "FunctionName")],
    "rest": [("AWS/ApiGateway", "Count", "ApiName")],
    "http": [("AWS/ApiGateway", "Count", "ApiId")],
    "websocket": [("AWS/ApiGateway", "ConnectCount", "ApiId")],
    "tables": [("AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName"), ("AWS/DynamoDB", "ConsumedWriteCapacityUnits", "TableName")],
    "queues": [("AWS/SQS", "NumberOfMessagesSent", "QueueName"), ("AWS/SQS", "NumberOfMessagesReceived", "QueueName")],
}
MAX_QUERIES = 500


def escape_key(name):
    """Every character outside [A-Za-z0-9._-] becomes %XX (upper hex of its UTF-8 bytes)."""
    out = []
    for ch in name:
        if ch in SAFE:
            out.append(ch)
        else:
            out.extend("%%%02X" % b for b in ch.encode("utf-8"))
    return "".join(out)


def lambda_key(function_name, qualifier=None):
    key = escape_key(function_name)
    return key if qualifier is None else key + "@" + escape_key(qualifier)


class Result:
    __slots__ = ("kind", "stdout", "error")

    def __init__(self, kind, stdout=None, error=None):
        self.kind = kind          # "ok" | "notfound" | "error"
        self.stdout = stdout
        self.error = error

    def json(self):
        try:
            return json.loads(self.stdout) if self.stdout and self.stdout.strip() else {}
        except ValueError:
            return {}


class Capture:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.counts = {"ok": 0, "notfound": 0, "error": 0}
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs))

    # -- running the CLI ---------------------------------------------------------------------
    def aws(self, region, service, operation, *params, env_extra=None):
        cmd = [self.args.aws]
        if self.args.profile:
            cmd += ["--profile", self.args.profile]
        if self.args.endpoint_url:
            cmd += ["--endpoint-url", self.args.endpoint_url]
        cmd += ["--region", region, "--output", "json", service, operation] + list(params)
        env = dict(os.environ, AWS_PAGER="")
        env.update(env_extra or {})
        try:
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                  timeout=self.args.timeout)
        except FileNotFoundError:
            sys.exit("error: the AWS CLI ('%s') was not found on PATH" % self.args.aws)
        except subprocess.TimeoutExpired:
            return Result("error", error={"Code": "CliTimeout",
                                          "Message": "the AWS CLI did not answer within %ss" % self.args.timeout,
                                          "HttpStatus": 0})
        if proc.returncode == 0:
            # The CLI prints nothing for an empty answer (sqs list-queues in a region without queues): that is {}.
            return Result("ok", stdout=proc.stdout.decode("utf-8") if proc.stdout.strip() else "{}")
        err = self.parse_error(proc.stderr.decode("utf-8", "replace"))
        if err["Code"] in NOT_FOUND_CODES:
            return Result("notfound", error=err)
        return Result("error", error=err)

    @staticmethod
    def parse_error(stderr):
        text = stderr.strip()
        m = ERR_RE.search(text)
        if m:
            code = m.group("code")
            msg = m.group("msg").strip()
            status = int(code) if code.isdigit() else HTTP_STATUS.get(code, 400)
            return {"Code": code, "Message": msg, "HttpStatus": status}
        # No AWS answer at all (endpoint unreachable, bad parameters, missing credentials ...).
        last = [l for l in text.splitlines() if l.strip()]
        return {"Code": "CliError", "Message": last[-1] if last else "the AWS CLI failed", "HttpStatus": 0}

    # -- writing ------------------------------------------------------------------------------
    def record(self, relpath, result, label):
        """Write the answer (or its .error.json) under the staging folder; log one line."""
        full = os.path.join(self.stage, relpath)
        with self.lock:
            self.counts[result.kind] += 1
        if result.kind == "ok":
            self.write(full, result.stdout)
        elif result.kind == "error":
            self.write(full[:-len(".json")] + ".error.json",
                       json.dumps(result.error, indent=4, ensure_ascii=False) + "\n")
        if not self.args.quiet or result.kind == "error":
            what = {"ok": "ok", "notfound": "not found (no file)"}.get(result.kind)
            what = what or "%s (%s)" % (result.error["Code"], "error file written")
            with self.lock:
                print("  %-60s %s" % (label, what), file=sys.stderr)

    @staticmethod
    def write(path, text):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if not text.endswith("\n"):
            text += "\n"
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)

    def call_and_record(self, region, service, operation, params, relpath, env_extra=None):
        label = "%s %s %s %s" % (region, service, operation, " ".join(params))
        res = self.aws(region, service, operation, *params, env_extra=env_extra)
        self.record(relpath, res, label.strip())
        return res

    def run_all(self, jobs):
        """jobs: list of (region, service, operation, params, relpath); returns results in order."""
        futures = [self.pool.submit(self.call_and_record, *j) for j in jobs]
        return [f.result() for f in futures]

    # -- the capture ----------------------------------------------------------------------------
    def main(self):
        a = self.args
        regions = a.regions
        out = os.path.abspath(a.out)
        os.makedirs(out, exist_ok=True)
        self.stage = os.path.join(out, ".staging-%d" % os.getpid())
        shutil.rmtree(self.stage, ignore_errors=True)
        os.makedirs(self.stage)
        try:
            self.capture(regions)
            self.publish(out)
        finally:
            shutil.rmtree(self.stage, ignore_errors=True)
            self.pool.shutdown()
        print("snapshot written to %s: %d answers, %d not found, %d errors"
              % (out, self.counts["ok"], self.counts["notfound"], self.counts["error"]), file=sys.stderr)
        return 0

    def capture(self, regions):
        a = self.args
        services = set(a.services)
        ident = self.aws(regions[0], "sts", "get-caller-identity")
        if ident.kind != "ok":
            sys.exit("error: sts get-caller-identity failed (%s: %s); check credentials"
                     % (ident.error["Code"], ident.error["Message"]))
        ident = ident.json()
        arn = ident.get("Arn", "")
        partition = arn.split(":")[1] if arn.count(":") >= 5 else "aws"
        self.account = ident["Account"]
        self.partition = partition
        account = {"AccountId": ident["Account"], "Partition": partition, "Regions": regions,
                   "CapturedAt": a.captured_at}
        self.write(os.path.join(self.stage, "account.json"), json.dumps(account, indent=4) + "\n")
        print("account %s (%s), regions %s" % (ident["Account"], partition, " ".join(regions)), file=sys.stderr)

        if "iam" in services:
            self.run_all([(regions[0], "iam", "get-account-authorization-details", [],
                           "global/iam/GetAccountAuthorizationDetails.json")])
        if "s3" in services:
            self.capture_s3(regions[0])
        self.kms_refs = {}
        self.trails_seen = set()
        self.role_arns = set()
        for region in regions:
            self.capture_region(region, services)
        if a.include_log_sample and "logs" in services:
            self.capture_log_samples(regions)
        if "kms" in services:
            self.capture_kms()
        if "iam" in services and "lambda" in services:
            self.capture_last_accessed(regions[0])

    def capture_region(self, region, services):
        R = region
        lists = []
        if "lambda" in services:
            lists.append((R, "lambda", "list-functions", [], R + "/lambda/ListFunctions.json"))
            # One call per region; the reader attaches each mapping to its function by FunctionArn.
            lists.append((R, "lambda", "list-event-source-mappings", [], R + "/lambda/ListEventSourceMappings.json"))
        if "dynamodb" in services:
            lists.append((R, "dynamodb", "list-tables", [], R + "/dynamodb/ListTables.json"))
        if "secretsmanager" in services:
            lists.append((R, "secretsmanager", "list-secrets", [], R + "/secretsmanager/ListSecrets.json"))
        if "apigateway" in services:
            lists.append((R, "apigateway", "get-rest-apis", [], R + "/apigateway/GetRestApis.json"))
            # Region-wide: custom domain names (their TLS policies) and usage plans (the stages they throttle).
            lists.append((R, "apigateway", "get-domain-names", [], R + "/apigateway/GetDomainNames.json"))
            lists.append((R, "apigateway", "get-usage-plans", [], R + "/apigateway/GetUsagePlans.json"))
        if "apigatewayv2" in services:
            lists.append((R, "apigatewayv2", "get-apis", [], R + "/apigatewayv2/GetApis.json"))
            lists.append((R, "apigatewayv2", "get-domain-names", [], R + "/apigatewayv2/GetDomainNames.json"))
        if "logs" in services:
            # One call per region, every page merged by the CLI: {"logGroups": [...]}.
            lists.append((R, "logs", "describe-log-groups", [], R + "/logs/DescribeLogGroups.json"))
            lists.append((R, "logs", "describe-resource-policies", [], R + "/logs/DescribeResourcePolicies.json"))
        if "cloudtrail" in services:
            # Shadow copies of multi-region trails included (the CLI's default); selectors are asked in each trail's home region.
            lists.append((R, "cloudtrail", "describe-trails", [], R + "/cloudtrail/DescribeTrails.json"))
        if "appsync" in services:
            lists.append((R, "appsync", "list-graphql-apis", [], R + "/appsync/ListGraphqlApis.json"))
        if "cognito-identity" in services:
            # --max-results is required by the API; the CLI still follows NextToken through every page.
            lists.append((R, "cognito-identity", "list-identity-pools", ["--max-results", "60"],
                          R + "/cognito-identity/ListIdentityPools.json"))
        if "stepfunctions" in services:
            lists.append((R, "stepfunctions", "list-state-machines", [], R + "/stepfunctions/ListStateMachines.json"))
        if "backup" in services:
            # One call per region, every page merged by the CLI: {"Results": [...]}.
            lists.append((R, "backup", "list-protected-resources", [], R + "/backup/ListProtectedResources.json"))
        if "dax" in services:
            lists.append((R, "dax", "describe-clusters", [], R + "/dax/DescribeClusters.json"))
        if "sqs" in services:
            lists.append((R, "sqs", "list-queues", [], R + "/sqs/ListQueues.json"))
        # Keyed by service: the first list call of each service is the one that reveals its resources.
        listed = {}
        for j, r in zip(lists, self.run_all(lists)):
            listed.setdefault(j[1], r)

        jobs = []
        functions, tables, secrets = [], [], []
        if "lambda" in listed and listed["lambda"].kind == "ok":
            functions = listed["lambda"].json().get("Functions", [])
            for fn in functions:
                name = fn["FunctionName"]
                k = lambda_key(name)
                jobs += [
                    (R, "lambda", "get-policy", ["--function-name", name], "%s/lambda/GetPolicy/%s.json" % (R, k)),
                    (R, "lambda", "list-aliases", ["--function-name", name], "%s/lambda/ListAliases/%s.json" % (R, k)),
                    (R, "lambda", "list-function-url-configs", ["--function-name", name],
                     "%s/lambda/ListFunctionUrlConfigs/%s.json" % (R, k)),
                    (R, "lambda", "list-versions-by-function", ["--function-name", name],
                     "%s/lambda/ListVersionsByFunction/%s.json" % (R, k)),
                ]
                if fn.get("PackageType") != "Image":
                    # Container images cannot have a code signing config.
                    jobs.append((R, "lambda", "get-function-code-signing-config", ["--function-name", name],
                                 "%s/lambda/GetFunctionCodeSigningConfig/%s.json" % (R, k)))
                if fn.get("KMSKeyArn"):
                    self.add_kms_ref(R, fn["KMSKeyArn"])
                if fn.get("Role"):
                    with self.lock:
                        self.role_arns.add(fn["Role"])
        if "stepfunctions" in listed and listed["stepfunctions"].kind == "ok":
            for sm in listed["stepfunctions"].json().get("stateMachines", []):
                jobs.append((R, "stepfunctions", "describe-state-machine", ["--state-machine-arn", sm["stateMachineArn"]],
                             "%s/stepfunctions/DescribeStateMachine/%s.json" % (R, escape_key(sm["name"]))))
        if "dynamodb" in listed and listed["dynamodb"].kind == "ok":
            tables = listed["dynamodb"].json().get("TableNames", [])
            for t in tables:
                k = escape_key(t)
                jobs += [
                    (R, "dynamodb", "describe-table", ["--table-name", t], "%s/dynamodb/DescribeTable/%s.json" % (R, k)),
                    (R, "dynamodb", "describe-continuous-backups", ["--table-name", t],
                     "%s/dynamodb/DescribeContinuousBackups/%s.json" % (R, k)),
                ]
        if "secretsmanager" in listed and listed["secretsmanager"].kind == "ok":
            secrets = listed["secretsmanager"].json().get("SecretList", [])
            for s in secrets:
                if s.get("KmsKeyId"):
                    self.add_kms_ref(R, s["KmsKeyId"])
        if "apigateway" in listed and listed["apigateway"].kind == "ok":
            for api in listed["apigateway"].json().get("items", []):
                i = api["id"]
                k = escape_key(i)
                jobs += [
                    (R, "apigateway", "get-resources", ["--rest-api-id", i, "--embed", "methods"],
                     "%s/apigateway/GetResources/%s.json" % (R, k)),
                    (R, "apigateway", "get-stages", ["--rest-api-id", i], "%s/apigateway/GetStages/%s.json" % (R, k)),
                    (R, "apigateway", "get-authorizers", ["--rest-api-id", i],
                     "%s/apigateway/GetAuthorizers/%s.json" % (R, k)),
                    (R, "apigateway", "get-request-validators", ["--rest-api-id", i],
                     "%s/apigateway/GetRequestValidators/%s.json" % (R, k)),
                ]
        if "apigatewayv2" in listed and listed["apigatewayv2"].kind == "ok":
            for api in listed["apigatewayv2"].json().get("Items", []):
                i = api["ApiId"]
                k = escape_key(i)
                jobs += [
                    (R, "apigatewayv2", "get-routes", ["--api-id", i], "%s/apigatewayv2/GetRoutes/%s.json" % (R, k)),
                    (R, "apigatewayv2", "get-stages", ["--api-id", i], "%s/apigatewayv2/GetStages/%s.json" % (R, k)),
                    (R, "apigatewayv2", "get-authorizers", ["--api-id", i],
                     "%s/apigatewayv2/GetAuthorizers/%s.json" % (R, k)),
                    (R, "apigatewayv2", "get-integrations", ["--api-id", i],
                     "%s/apigatewayv2/GetIntegrations/%s.json" % (R, k)),
                ]
        queues = []
        if "sqs" in listed and listed["sqs"].kind == "ok":
            queues = listed["sqs"].json().get("QueueUrls", [])
            for url in queues:
                jobs.append((R, "sqs", "get-queue-attributes", ["--queue-url", url, "--attribute-names", "All"],
                             "%s/sqs/GetQueueAttributes/%s.json" % (R, escape_key(url.rstrip("/").rsplit("/", 1)[-1]))))
        if "appsync" in listed and listed["appsync"].kind == "ok":
            # An API without a cache answers NotFoundException: no file (the reader reads "no cache").
            for api in listed["appsync"].json().get("graphqlApis", []):
                i = api["apiId"]
                jobs.append((R, "appsync", "get-api-cache", ["--api-id", i],
                             "%s/appsync/GetApiCache/%s.json" % (R, escape_key(i))))
        if "cognito-identity" in listed and listed["cognito-identity"].kind == "ok":
            for pool in listed["cognito-identity"].json().get("IdentityPools", []):
                i = pool["IdentityPoolId"]
                jobs.append((R, "cognito-identity", "describe-identity-pool", ["--identity-pool-id", i],
                             "%s/cognito-identity/DescribeIdentityPool/%s.json" % (R, escape_key(i))))
        if "cloudtrail" in listed and listed["cloudtrail"].kind == "ok":
            for trail in listed["cloudtrail"].json().get("trailList", []):
                home = trail.get("HomeRegion") or R
                with self.lock:
                    if (home, trail["Name"]) in self.trails_seen:
                        continue
                    self.trails_seen.add((home, trail["Name"]))
                jobs.append((home, "cloudtrail", "get-event-selectors", ["--trail-name", trail.get("TrailARN") or trail["Name"]],
                             "%s/cloudtrail/GetEventSelectors/%s.json" % (home, escape_key(trail["Name"]))))
        results = self.run_all(jobs)
        by_path = {j[4]: r for j, r in zip(jobs, results)}
        if "cloudwatch" in services:
            self.capture_activity(R, listed, functions, tables, queues)

        # Second wave: calls that need an answer from the first one.
        jobs = []
        for fn in functions:
            name = fn["FunctionName"]
            k = lambda_key(name)
            qualifiers = []
            al = by_path.get("%s/lambda/ListAliases/%s.json" % (R, k))
            if al is not None and al.kind == "ok":
                qualifiers += [x["Name"] for x in al.json().get("Aliases", [])]
            ve = by_path.get("%s/lambda/ListVersionsByFunction/%s.json" % (R, k))
            if ve is not None and ve.kind == "ok":
                qualifiers += [x["Version"] for x in ve.json().get("Versions", []) if x.get("Version") != "$LATEST"]
            for q in qualifiers:
                jobs.append((R, "lambda", "get-policy", ["--function-name", name, "--qualifier", q],
                             "%s/lambda/GetPolicy/%s.json" % (R, lambda_key(name, q))))
        signing = set()
        for fn in functions:
            c = by_path.get("%s/lambda/GetFunctionCodeSigningConfig/%s.json" % (R, lambda_key(fn["FunctionName"])))
            if c is not None and c.kind == "ok" and c.json().get("CodeSigningConfigArn"):
                signing.add(c.json()["CodeSigningConfigArn"])
        for arn in sorted(signing):
            # Keyed by the config id (the last ARN segment); functions often share one config.
            jobs.append((R, "lambda", "get-code-signing-config", ["--code-signing-config-arn", arn],
                         "%s/lambda/GetCodeSigningConfig/%s.json" % (R, escape_key(arn.split(":")[-1]))))
        for t in tables:
            k = escape_key(t)
            d = by_path.get("%s/dynamodb/DescribeTable/%s.json" % (R, k))
            table_arn = stream_arn = None
            if d is not None and d.kind == "ok":
                desc = d.json().get("Table", {})
                table_arn = desc.get("TableArn")
                stream_arn = desc.get("LatestStreamArn")
                key = (desc.get("SSEDescription") or {}).get("KMSMasterKeyArn")
                if key:
                    self.add_kms_ref(R, key)
            table_arn = table_arn or "arn:%s:dynamodb:%s:%s:table/%s" % (self.partition, R, self.account, t)
            jobs.append((R, "dynamodb", "get-resource-policy", ["--resource-arn", table_arn],
                         "%s/dynamodb/GetResourcePolicy/%s.json" % (R, k)))
            if stream_arn:
                # The stream's own policy; keyed <table>@stream (the label in its ARN is a timestamp).
                jobs.append((R, "dynamodb", "get-resource-policy", ["--resource-arn", stream_arn],
                             "%s/dynamodb/GetResourcePolicy/%s@stream.json" % (R, k)))
        for s in secrets:
            jobs.append((R, "secretsmanager", "get-resource-policy", ["--secret-id", s.get("ARN") or s["Name"]],
                         "%s/secretsmanager/GetResourcePolicy/%s.json" % (R, escape_key(s["Name"]))))
        results = self.run_all(jobs)
        # A secret without a policy answers {"ARN":..,"Name":..}: nothing to return, so no file.
        for j, r in zip(jobs, results):
            if j[1] == "secretsmanager" and r.kind == "ok" and not r.json().get("ResourcePolicy"):
                try:
                    os.remove(os.path.join(self.stage, j[4]))
                except OSError:
                    pass
        if self.args.include_code:
            for fn in functions:
                if fn.get("PackageType") != "Image":
                    self.capture_code(R, fn["FunctionName"])

    def capture_code(self, region, name):
        """--include-code: get-function, stored with Code.Location redacted (a presigned URL is a bearer credential),
        and the package downloaded from it to GetFunction/<name>.zip, one at a time, with a timeout and a size cap; the
        module scans the zip when it reads the snapshot. A failed download is CodeScan/<name>.error.json."""
        k = lambda_key(name)
        base = os.path.join(self.stage, region, "lambda")
        res = self.aws(region, "lambda", "get-function", "--function-name", name)
        label = "%s lambda get-function --function-name %s" % (region, name)
        if res.kind != "ok":
            self.record("%s/lambda/GetFunction/%s.json" % (region, k), res, label)
            return
        answer = res.json()
        location = (answer.get("Code") or {}).get("Location")
        if "Code" in answer and "Location" in answer["Code"]:
            answer["Code"]["Location"] = REDACTED_LOCATION
        self.record("%s/lambda/GetFunction/%s.json" % (region, k),
                    Result("ok", stdout=json.dumps(answer, indent=4, ensure_ascii=False)), label)
        failure = None
        try:
            if not location or not location.startswith("https://"):
                raise DownloadError("NoCodeLocation", "the GetFunction answer has no https Code.Location")
            size = (answer.get("Configuration") or {}).get("CodeSize") or 0
            if size > self.args.max_code_bytes:
                raise DownloadError("PackageTooLarge", "the package is %d bytes (CodeSize), over --max-code-bytes %d; "
                                    "it was not downloaded or scanned." % (size, self.args.max_code_bytes))
            data = download(location, self.args.max_code_bytes, self.args.code_timeout)
            path = os.path.join(base, "GetFunction", k + ".zip")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(data)
        except DownloadError as e:
            failure = {"Code": e.code, "Message": e.message, "HttpStatus": e.status}
        if failure:
            self.write(os.path.join(base, "CodeScan", k + ".error.json"), json.dumps(failure, indent=4) + "\n")
            with self.lock:
                print("  %-60s %s (error file written)" % ("%s lambda code package %s" % (region, name), failure["Code"]),
                      file=sys.stderr)

    def capture_log_samples(self, regions):
        """--include-log-sample: one filter-log-events page (--limit N, --start-time CapturedAt minus H hours) per workload
        log group that exists: /aws/lambda/<function>, API-Gateway-Execution-Logs_<api>/<stage>, access-log destinations.
        The CLI cannot redact: event messages are written as AWS returns them, so treat the folder as secret material
        (Export-WafInventory -IncludeLogSample redacts detected secrets before writing)."""
        import datetime
        captured = self.args.captured_at or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        start = int(datetime.datetime.fromisoformat(captured.replace("Z", "+00:00")).timestamp() * 1000) - self.args.log_sample_hours * 3600 * 1000
        def load(path):
            try:
                with open(os.path.join(self.stage, path), encoding="utf-8") as fh:
                    return json.load(fh)
            except (OSError, ValueError):
                return {}
        wanted = set()
        for R in regions:
            for fn in load("%s/lambda/ListFunctions.json" % R).get("Functions", []):
                wanted.add((R, "/aws/lambda/" + fn["FunctionName"]))
            for api in load("%s/apigateway/GetRestApis.json" % R).get("items", []):
                for st in load("%s/apigateway/GetStages/%s.json" % (R, escape_key(api["id"]))).get("item", []):
                    wanted.add((R, "API-Gateway-Execution-Logs_%s/%s" % (api["id"], st["stageName"])))
                    dest = (st.get("accessLogSettings") or {}).get("destinationArn", "")
                    if dest.startswith("arn:") and dest.split(":")[2] == "logs":
                        wanted.add((dest.split(":")[3], dest.split(":", 6)[6].rstrip("*").rstrip(":")))
            for api in load("%s/apigatewayv2/GetApis.json" % R).get("Items", []):
                for st in load("%s/apigatewayv2/GetStages/%s.json" % (R, escape_key(api["ApiId"]))).get("Items", []):
                    dest = (st.get("AccessLogSettings") or {}).get("DestinationArn", "")
                    if dest.startswith("arn:") and dest.split(":")[2] == "logs":
                        wanted.add((dest.split(":")[3], dest.split(":", 6)[6].rstrip("*").rstrip(":")))
        existing = {(R, g["logGroupName"]) for R in regions for g in load("%s/logs/DescribeLogGroups.json" % R).get("logGroups", [])}
        jobs = [(R, "logs", "filter-log-events", ["--log-group-name", name, "--start-time", str(start),
                                                  "--limit", str(self.args.log_sample_events), "--no-paginate"],
                 "%s/logs/FilterLogEvents/%s.json" % (R, escape_key(name)))
                for R, name in sorted(wanted & existing)]
        self.run_all(jobs)

    def capture_s3(self, region):
        """S3 is global by name: every file goes under global/s3api and global/s3control (snapshot-format.md)."""
        env = None
        if self.args.endpoint_url:
            # s3control puts the account id in the host name (<account>.<endpoint host>), which a local endpoint
            # (moto_server, a proxy) does not resolve: send that call through the endpoint as an HTTP proxy instead.
            env = {"HTTP_PROXY": self.args.endpoint_url, "http_proxy": self.args.endpoint_url, "NO_PROXY": "", "no_proxy": ""}
        listed, _ = self.run_all([
            (region, "s3api", "list-buckets", [], "global/s3api/ListBuckets.json"),
            (region, "s3control", "get-public-access-block", ["--account-id", self.account],
             "global/s3control/GetPublicAccessBlock.json", env),
        ])
        if listed.kind != "ok":
            return
        buckets = listed.json().get("Buckets", []) or []
        # The bucket's region (BucketRegion; else get-bucket-location, written too) is where its calls go.
        jobs = [(region, "s3api", "get-bucket-location", ["--bucket", b["Name"]],
                 "global/s3api/GetBucketLocation/%s.json" % escape_key(b["Name"]))
                for b in buckets if not b.get("BucketRegion")]
        located = {j[3][1]: r for j, r in zip(jobs, self.run_all(jobs))}
        jobs = []
        for b in buckets:
            name = b["Name"]
            where = b.get("BucketRegion")
            if not where and name in located and located[name].kind == "ok":
                where = located[name].json().get("LocationConstraint") or "us-east-1"
                where = "eu-west-1" if where == "EU" else where
            where = where or region
            k = escape_key(name)
            for op, cli in (("GetBucketEncryption", "get-bucket-encryption"), ("GetPublicAccessBlock", "get-public-access-block"),
                            ("GetBucketPolicyStatus", "get-bucket-policy-status")):
                jobs.append((where, "s3api", cli, ["--bucket", name], "global/s3api/%s/%s.json" % (op, k)))
        self.run_all(jobs)

    def capture_activity(self, R, listed, functions, tables, queues):
        """cloudwatch get-metric-data: per metric, the daily Sum over the last --metric-days days (ending at CapturedAt)
        for every listed resource, one query per resource labelled with its name or id, 500 queries a call, the calls'
        MetricDataResults and Messages merged into one file."""
        resources = {}

        def add(kind, value):
            for namespace, metric, dimension in ACTIVITY[kind]:
                resources.setdefault((namespace, metric), [])
                if (dimension, value) not in resources[(namespace, metric)]:
                    resources[(namespace, metric)].append((dimension, value))
        for fn in functions:
            add("functions", fn["FunctionName"])
        if "apigateway" in listed and listed["apigateway"].kind == "ok":
            for api in listed["apigateway"].json().get("items", []):
                add("rest", api.get("name") or api["id"])
        if "apigatewayv2" in listed and listed["apigatewayv2"].kind == "ok":
            for api in listed["apigatewayv2"].json().get("Items", []):
                add("websocket" if api.get("ProtocolType") == "WEBSOCKET" else "http", api["ApiId"])
        for t in tables:
            add("tables", t)
        for url in queues:
            add("queues", url.rstrip("/").rsplit("/", 1)[-1])
        days = self.args.metric_days
        end = datetime.datetime.fromisoformat(self.args.captured_at.replace("Z", "+00:00")).astimezone(datetime.timezone.utc)
        start = end - datetime.timedelta(days=days)
        stamp = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
        for (namespace, metric), dims in sorted(resources.items()):
            key = "%s_%s.%dd" % (namespace.replace("/", "_"), metric, days)
            rel = "%s/cloudwatch/GetMetricData/%s.json" % (R, escape_key(key))
            merged = {"MetricDataResults": [], "Messages": []}
            failed = None
            for first in range(0, len(dims), MAX_QUERIES):
                batch = dims[first:first + MAX_QUERIES]
                queries = [{"Id": "m%d" % i, "Label": value,
                            "MetricStat": {"Metric": {"Namespace": namespace, "MetricName": metric,
                                                      "Dimensions": [{"Name": dim, "Value": value}]},
                                           "Period": 86400, "Stat": "Sum"}} for i, (dim, value) in enumerate(batch)]
                # 500 queries outgrow one command-line argument: hand them over in a file.
                with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
                    json.dump(queries, fh)
                try:
                    res = self.aws(R, "cloudwatch", "get-metric-data", "--metric-data-queries", "file://" + fh.name,
                                   "--start-time", stamp(start), "--end-time", stamp(end))
                finally:
                    os.remove(fh.name)
                if res.kind != "ok":
                    failed = res if res.kind == "error" else Result("error", error=res.error)
                    break
                page = res.json()
                merged["MetricDataResults"] += page.get("MetricDataResults", [])
                merged["Messages"] += page.get("Messages", [])
            label = "%s cloudwatch get-metric-data %s (%d queries)" % (R, key, len(dims))
            self.record(rel, failed or Result("ok", stdout=json.dumps(merged, indent=4, ensure_ascii=False)), label)

    def add_kms_ref(self, region, ref):
        """Remember a key that a resource names (key id, key ARN, alias name or alias ARN)."""
        if ref.startswith("arn:"):
            parts = ref.split(":", 5)
            region = parts[3] or region
            file_key = parts[5]                    # key/<id> or alias/<name>
            if file_key.startswith("key/"):
                file_key = file_key[4:]
        else:
            file_key = ref
        with self.lock:
            self.kms_refs.setdefault((region, file_key), ref)

    def capture_kms(self):
        jobs = [(region, "kms", "describe-key", ["--key-id", ref],
                 "%s/kms/DescribeKey/%s.json" % (region, escape_key(file_key)))
                for (region, file_key), ref in sorted(self.kms_refs.items())]
        results = self.run_all(jobs)
        # An alias resolves to a key: write the answer under the key id too.
        for (region, file_key), r in zip(sorted(self.kms_refs), results):
            if r.kind != "ok":
                continue
            key_id = r.json().get("KeyMetadata", {}).get("KeyId")
            if key_id and key_id != file_key:
                self.write(os.path.join(self.stage, region, "kms", "DescribeKey", escape_key(key_id) + ".json"),
                           r.stdout)

    def capture_last_accessed(self, region):
        """iam generate-service-last-accessed-details (ACTION_LEVEL) for every execution role a listed function uses, then
        get-service-last-accessed-details until the job is COMPLETED; the CLI does not page this call, so the pages
        (Marker/IsTruncated) are merged here. A failed start or a FAILED job writes the role's .error.json."""
        futures = [self.pool.submit(self.last_accessed, region, arn) for arn in sorted(self.role_arns)]
        for f in futures:
            f.result()

    def last_accessed(self, region, role_arn):
        name = role_arn.rsplit("/", 1)[-1]
        relpath = "global/iam/GetServiceLastAccessedDetails/%s.json" % escape_key(name)
        label = "%s iam get-service-last-accessed-details %s" % (region, name)
        started = self.aws(region, "iam", "generate-service-last-accessed-details", "--arn", role_arn,
                           "--granularity", "ACTION_LEVEL")
        if started.kind != "ok":
            self.record(relpath, started, label)
            return
        job = started.json().get("JobId")
        merged, marker, polls = None, None, 0
        while True:
            params = ["--job-id", job] + (["--marker", marker] if marker else [])
            page = self.aws(region, "iam", "get-service-last-accessed-details", *params)
            if page.kind != "ok":
                self.record(relpath, page, label)
                return
            doc = page.json()
            status = doc.get("JobStatus")
            if status == "IN_PROGRESS":
                polls += 1
                if polls >= LAST_ACCESSED_MAX_POLLS:
                    self.record(relpath, Result("error", error={
                        "Code": "JobTimeout", "HttpStatus": 0,
                        "Message": "the last-accessed job %s was still IN_PROGRESS after %d polls" % (job, polls)}), label)
                    return
                time.sleep(LAST_ACCESSED_POLL_SECONDS)
                continue
            if status != "COMPLETED":
                err = doc.get("Error") or {}
                self.record(relpath, Result("error", error={
                    "Code": "JobFailed", "HttpStatus": 0,
                    "Message": "the last-accessed job %s is %s (%s: %s)" % (job, status, err.get("Code"), err.get("Message"))}),
                    label)
                return
            if merged is None:
                merged = doc
            else:
                merged.setdefault("ServicesLastAccessed", []).extend(doc.get("ServicesLastAccessed", []))
            marker = doc.get("Marker") if doc.get("IsTruncated") else None
            if not marker:
                break
        merged.pop("IsTruncated", None)
        merged.pop("Marker", None)
        self.record(relpath, Result("ok", stdout=json.dumps(merged, indent=4, ensure_ascii=False)), label)

    def publish(self, out):
        """Replace, in the output folder, exactly what this run collected (idempotent re-runs)."""
        targets = ["account.json"]
        if "iam" in self.args.services:
            targets.append(os.path.join("global", "iam"))
        if "s3" in self.args.services:
            targets += [os.path.join("global", "s3api"), os.path.join("global", "s3control")]
        for region in sorted(set(self.args.regions) | {k[0] for k in self.kms_refs}):
            for svc in SERVICES:
                if svc not in ("iam", "s3") and svc in self.args.services:
                    targets.append(os.path.join(region, svc))
        for rel in targets:
            src = os.path.join(self.stage, rel)
            dst = os.path.join(out, rel)
            if os.path.isdir(dst):
                shutil.rmtree(dst)
            elif os.path.exists(dst):
                os.remove(dst)
            if os.path.exists(src):
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                os.replace(src, dst)


REDACTED_LOCATION = "[REDACTED:presigned-url]"


class DownloadError(Exception):
    def __init__(self, code, message, status=None):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def download(url, max_bytes, timeout):
    """The package bytes, at most max_bytes, each read within timeout seconds. Messages never hold the URL."""
    import socket
    import urllib.error
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            declared = resp.headers.get("Content-Length")
            if declared and int(declared) > max_bytes:
                raise DownloadError("PackageTooLarge", "the package is %s bytes, over --max-code-bytes %d; it was not "
                                    "scanned." % (declared, max_bytes))
            data = resp.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise DownloadError("PackageTooLarge", "the package is more than %d bytes (--max-code-bytes); it was "
                                    "not scanned." % max_bytes)
            return data
    except urllib.error.HTTPError as e:
        raise DownloadError("DownloadFailed", "the package download answered HTTP %d." % e.code, e.code)
    except (socket.timeout, TimeoutError):
        raise DownloadError("DownloadTimedOut", "the package download did not finish within %d s." % timeout)
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise DownloadError("DownloadFailed", "the package download failed: %s" % type(reason).__name__)


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="New-CliSnapshot.sh",
        description="Capture a WafSecurity inventory snapshot with the AWS CLI (read-only calls).")
    p.add_argument("--out", required=True, help="snapshot folder to (re)write")
    p.add_argument("--regions", action="append", required=True,
                   help='regions, space- or comma-separated, e.g. "us-east-1 eu-west-1" (repeatable)')
    p.add_argument("--endpoint-url", help="passed to every aws call (e.g. a moto_server or a proxy)")
    p.add_argument("--profile", help="AWS CLI profile (default: the CLI's own resolution)")
    p.add_argument("--services", default=",".join(SERVICES),
                   help="comma-separated subset of: " + ",".join(SERVICES) + " (default: all)")
    p.add_argument("--captured-at", help="CapturedAt written to account.json (default: now, UTC)")
    p.add_argument("--metric-days", type=int, default=90,
                   help="days of CloudWatch activity to record, ending at --captured-at (default 90; at least the "
                        "largest InactiveDays of the SEC2.Abandoned rules, at most 455)")
    p.add_argument("--jobs", type=int, default=4, help="parallel aws processes (default 4)")
    p.add_argument("--timeout", type=int, default=300, help="seconds allowed per aws call (default 300)")
    p.add_argument("--aws", default=os.environ.get("AWS_CLI", "aws"), help="the aws executable (default: aws)")
    p.add_argument("--quiet", action="store_true", help="only print errors and the summary")
    p.add_argument("--include-code", action="store_true",
                   help="also lambda get-function (Code.Location redacted) and download each zip package to "
                        "GetFunction/<name>.zip for SEC3.Lambda.SecretsInCode")
    p.add_argument("--max-code-bytes", type=int, default=50 * 1024 * 1024,
                   help="largest package --include-code downloads (default 50 MB)")
    p.add_argument("--code-timeout", type=int, default=60, help="seconds allowed per package download (default 60)")
    p.add_argument("--include-log-sample", action="store_true",
                   help="also sample each workload log group (logs filter-log-events) for SEC2.Logs.NoSecretsInLogs; "
                        "messages are written UNREDACTED")
    p.add_argument("--log-sample-events", type=int, default=200, help="events per log group (default 200)")
    p.add_argument("--log-sample-hours", type=int, default=24, help="how far back the sample reaches (default 24)")
    a = p.parse_args(argv)
    a.regions = [r for chunk in a.regions for r in re.split(r"[\s,]+", chunk) if r]
    if not a.regions:
        p.error("--regions is empty")
    a.services = [s.strip() for s in a.services.split(",") if s.strip()]
    bad = [s for s in a.services if s not in SERVICES]
    if bad:
        p.error("unknown service(s): " + ", ".join(bad))
    if not 1 <= a.metric_days <= 455:
        p.error("--metric-days must be 1 to 455")
    if not a.captured_at:
        a.captured_at = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return a


if __name__ == "__main__":
    sys.exit(Capture(parse_args(sys.argv[1:])).main())
