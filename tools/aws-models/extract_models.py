#!/usr/bin/env python3
"""Extract the slices of botocore's service models that WafSecurity's own AWS clients need.

The engine talks to Lambda, API Gateway v1/v2, Secrets Manager, CloudWatch Logs, CloudWatch, SQS, CloudTrail, AppSync,
Cognito identity pools, Step Functions, IAM, AWS Backup, DAX, S3 and S3 Control through one generic client
(src/WafSecurity.Engine/Aws/Protocol) and prints what the AWS CLI prints. To do that it needs, per
operation, the HTTP binding, the paginator (tokens and result keys, as the CLI merges pages) and the
output shapes (wire names -> member names, lists/maps/scalars for XML, policy documents). This
script copies exactly that from the installed botocore into Resources/AwsModels/<service>.json.

    python3 tools/aws-models/extract_models.py          # rewrites src/WafSecurity.Engine/Resources/AwsModels
Re-run it when an operation is added to OPERATIONS below; commit the output with the botocore version.
"""
import gzip
import json
import os
import sys

import botocore

OPERATIONS = {
    "lambda": ["ListFunctions", "GetPolicy", "ListAliases", "ListFunctionUrlConfigs", "ListVersionsByFunction",
               "ListEventSourceMappings", "GetFunction", "GetFunctionCodeSigningConfig", "GetCodeSigningConfig"],
    "apigateway": ["GetRestApis", "GetResources", "GetStages", "GetAuthorizers", "GetDomainNames", "GetUsagePlans",
                   "GetRequestValidators"],
    "apigatewayv2": ["GetApis", "GetRoutes", "GetStages", "GetAuthorizers", "GetDomainNames", "GetIntegrations"],
    "secretsmanager": ["ListSecrets", "GetResourcePolicy"],
    "iam": ["GetAccountAuthorizationDetails", "GenerateServiceLastAccessedDetails", "GetServiceLastAccessedDetails"],
    "dynamodb": ["ListTables", "DescribeTable", "DescribeContinuousBackups", "GetResourcePolicy"],
    "kms": ["DescribeKey"],
    "sts": ["GetCallerIdentity"],
    "ec2": ["DescribeRegions"],
    "appsync": ["ListGraphqlApis", "GetApiCache"],
    "cognito-identity": ["ListIdentityPools", "DescribeIdentityPool"],
    "stepfunctions": ["ListStateMachines", "DescribeStateMachine"],
    "logs": ["DescribeLogGroups", "DescribeResourcePolicies", "FilterLogEvents"],
    "cloudtrail": ["DescribeTrails", "GetEventSelectors"],
    "backup": ["ListProtectedResources"],
    "dax": ["DescribeClusters"],
    # rest-xml: the bucket configuration reads and the account's Block Public Access.
    "s3": ["ListBuckets", "GetBucketLocation", "GetBucketEncryption", "GetPublicAccessBlock", "GetBucketPolicyStatus"],
    "s3control": ["GetPublicAccessBlock"],
    "sqs": ["ListQueues", "GetQueueAttributes"],
    "cloudwatch": ["GetMetricData"],
}
# Paginators botocore does not declare although the API pages: GetServiceLastAccessedDetails answers at most MaxItems
# services with IsTruncated/Marker (IAM API reference), and a snapshot holds all pages merged like every other list.
EXTRA_PAGINATORS = {
    "iam": {"GetServiceLastAccessedDetails": {"input_token": "Marker", "output_token": "Marker", "more_results": "IsTruncated",
                                              "limit_key": "MaxItems", "result_key": "ServicesLastAccessed",
                                              # The job's own members, which the CLI prints from its single page.
                                              "non_aggregate_keys": ["JobStatus", "JobType", "JobCreationDate", "JobCompletionDate",
                                                                     "Error"]}},
}
# The protocols our client speaks. A model that lists several ("protocols": CloudWatch has smithy-rpc-v2-cbor, json,
# query) gets the first of its list that we speak, which is what botocore 1.43 and so the AWS CLI v1 send (json).
SPOKEN_PROTOCOLS = ("rest-json", "json", "query", "ec2", "rest-xml")
# payload: a rest-xml output whose body is one member (the XML root is that member, not the output structure).
SHAPE_KEYS = ("type", "timestampFormat", "flattened", "locationName", "jsonvalue", "payload")
REF_KEYS = ("shape", "location", "locationName", "flattened", "jsonvalue", "timestampFormat")
META_KEYS = ("protocol", "apiVersion", "targetPrefix", "jsonVersion", "signingName", "endpointPrefix", "serviceId",
             "globalEndpoint", "signatureVersion", "awsQueryCompatible")


def _read(path):
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    if os.path.exists(path + ".gz"):
        with gzip.open(path + ".gz", "rt", encoding="utf-8") as fh:
            return json.load(fh)
    return None


def _merge(base, extra):
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            _merge(base[k], v)
        else:
            base[k] = v


def load(service, kind):
    """The model file as botocore's loader gives it: <kind>.sdk-extras.json merged in (e.g. S3 ListBuckets'
    non_aggregate_keys Owner and Prefix, which the CLI prints)."""
    root = os.path.join(os.path.dirname(botocore.__file__), "data", service)
    version = sorted(os.listdir(root))[-1]
    doc = _read(os.path.join(root, version, kind + ".json"))
    extras = _read(os.path.join(root, version, kind + ".sdk-extras.json"))
    if extras:
        _merge(doc, extras.get("merge", {}))
    return doc


def ref(r):
    return {k: r[k] for k in REF_KEYS if k in r}


def collect(model, name, out):
    if name in out:
        return
    s = model["shapes"][name]
    c = {k: s[k] for k in SHAPE_KEYS if k in s}
    out[name] = c
    if s["type"] == "structure":
        c["members"] = {m: ref(r) for m, r in s.get("members", {}).items()}
        for r in s.get("members", {}).values():
            collect(model, r["shape"], out)
    elif s["type"] == "list":
        c["member"] = ref(s["member"])
        collect(model, s["member"]["shape"], out)
    elif s["type"] == "map":
        c["key"] = ref(s["key"])
        c["value"] = ref(s["value"])
        collect(model, s["key"]["shape"], out)
        collect(model, s["value"]["shape"], out)


def main(dest):
    os.makedirs(dest, exist_ok=True)
    for service, ops in OPERATIONS.items():
        model = load(service, "service-2")
        pages = dict(load(service, "paginators-1").get("pagination", {}))
        pages.update(EXTRA_PAGINATORS.get(service, {}))
        doc = {"source": "botocore %s data/%s" % (botocore.__version__, service),
               "metadata": {k: model["metadata"][k] for k in META_KEYS if k in model["metadata"]},
               "operations": {}, "shapes": {}}
        spoken = [p for p in model["metadata"].get("protocols", []) if p in SPOKEN_PROTOCOLS]
        if spoken:
            doc["metadata"]["protocol"] = spoken[0]
        for op in ops:
            o = model["operations"][op]
            entry = {"http": o["http"]}
            if "endpoint" in o:
                entry["endpoint"] = o["endpoint"]  # hostPrefix, e.g. s3control "{AccountId}."
            for side in ("input", "output"):
                if side in o:
                    entry[side] = o[side]["shape"]
                    if "resultWrapper" in o[side]:
                        entry[side + "ResultWrapper"] = o[side]["resultWrapper"]
                    collect(model, o[side]["shape"], doc["shapes"])
            if op in pages:
                p = dict(pages[op])
                for k in ("result_key", "input_token", "output_token"):
                    if k in p and not isinstance(p[k], list):
                        p[k] = [p[k]]
                entry["paginator"] = p
            doc["operations"][op] = entry
        with open(os.path.join(dest, service + ".json"), "w", encoding="utf-8", newline="\n") as fh:
            json.dump(doc, fh, indent=1, sort_keys=True)
            fh.write("\n")
        print("%s: %d operations, %d shapes" % (service, len(ops), len(doc["shapes"])))


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    main(sys.argv[1] if len(sys.argv) > 1 else
         os.path.join(here, "..", "..", "src", "WafSecurity.Engine", "Resources", "AwsModels"))
