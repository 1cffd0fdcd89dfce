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

SAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")

# Answers that mean "there is nothing to return": write no file.
NOT_FOUND_CODES = {
    "ResourceNotFoundException",   # lambda get-policy / secretsmanager
    "PolicyNotFoundException",     # dynamodb get-resource-policy
    "NotFoundException",           # apigateway / apigatewayv2
    "NoSuchEntity",                # iam
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
}

ERR_RE = re.compile(
    r"An error occurred \((?P<code>[^)]+)\)(?: \(reached max retries: \d+\))? when calling the "
    r"(?P<op>\w+) operation(?: \(reached max retries: \d+\))?: ?(?P<msg>.*)", re.S)

SERVICES = ["iam", "lambda", "dynamodb", "secretsmanager", "apigateway", "apigatewayv2", "logs", "kms", "sqs", "cloudwatch"]

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
    def aws(self, region, service, operation, *params):
        cmd = [self.args.aws]
        if self.args.profile:
            cmd += ["--profile", self.args.profile]
        if self.args.endpoint_url:
            cmd += ["--endpoint-url", self.args.endpoint_url]
        cmd += ["--region", region, "--output", "json", service, operation] + list(params)
        env = dict(os.environ, AWS_PAGER="")
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

    def call_and_record(self, region, service, operation, params, relpath):
        label = "%s %s %s %s" % (region, service, operation, " ".join(params))
        res = self.aws(region, service, operation, *params)
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
        self.kms_refs = {}
        for region in regions:
            self.capture_region(region, services)
        if "kms" in services:
            self.capture_kms()

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
        if "apigatewayv2" in services:
            lists.append((R, "apigatewayv2", "get-apis", [], R + "/apigatewayv2/GetApis.json"))
        if "logs" in services:
            # One call per region, every page merged by the CLI: {"logGroups": [...]}.
            lists.append((R, "logs", "describe-log-groups", [], R + "/logs/DescribeLogGroups.json"))
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
                if fn.get("KMSKeyArn"):
                    self.add_kms_ref(R, fn["KMSKeyArn"])
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
                ]
        queues = []
        if "sqs" in listed and listed["sqs"].kind == "ok":
            queues = listed["sqs"].json().get("QueueUrls", [])
            for url in queues:
                jobs.append((R, "sqs", "get-queue-attributes", ["--queue-url", url, "--attribute-names", "All"],
                             "%s/sqs/GetQueueAttributes/%s.json" % (R, escape_key(url.rstrip("/").rsplit("/", 1)[-1]))))
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
        for t in tables:
            k = escape_key(t)
            d = by_path.get("%s/dynamodb/DescribeTable/%s.json" % (R, k))
            table_arn = None
            if d is not None and d.kind == "ok":
                desc = d.json().get("Table", {})
                table_arn = desc.get("TableArn")
                key = (desc.get("SSEDescription") or {}).get("KMSMasterKeyArn")
                if key:
                    self.add_kms_ref(R, key)
            table_arn = table_arn or "arn:%s:dynamodb:%s:%s:table/%s" % (self.partition, R, self.account, t)
            jobs.append((R, "dynamodb", "get-resource-policy", ["--resource-arn", table_arn],
                         "%s/dynamodb/GetResourcePolicy/%s.json" % (R, k)))
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

    def publish(self, out):
        """Replace, in the output folder, exactly what this run collected (idempotent re-runs)."""
        targets = ["account.json"]
        if "iam" in self.args.services:
            targets.append(os.path.join("global", "iam"))
        for region in sorted(set(self.args.regions) | {k[0] for k in self.kms_refs}):
            for svc in SERVICES:
                if svc != "iam" and svc in self.args.services:
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
