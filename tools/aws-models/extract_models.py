#!/usr/bin/env python3
"""Extract the slices of botocore's service models that WafSecurity's own AWS clients need.

The engine talks to Lambda, API Gateway v1/v2, Secrets Manager, CloudWatch Logs, CloudWatch, SQS and IAM through one generic client
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
               "ListEventSourceMappings"],
    "apigateway": ["GetRestApis", "GetResources", "GetStages", "GetAuthorizers"],
    "apigatewayv2": ["GetApis", "GetRoutes", "GetStages", "GetAuthorizers"],
    "secretsmanager": ["ListSecrets", "GetResourcePolicy"],
    "iam": ["GetAccountAuthorizationDetails"],
    "dynamodb": ["ListTables", "DescribeTable", "DescribeContinuousBackups", "GetResourcePolicy"],
    "kms": ["DescribeKey"],
    "sts": ["GetCallerIdentity"],
    "ec2": ["DescribeRegions"],
    "logs": ["DescribeLogGroups"],
    "sqs": ["ListQueues", "GetQueueAttributes"],
    "cloudwatch": ["GetMetricData"],
}
# The protocols our client speaks. A model that lists several ("protocols": CloudWatch has smithy-rpc-v2-cbor, json,
# query) gets the first of its list that we speak, which is what botocore 1.43 and so the AWS CLI v1 send (json).
SPOKEN_PROTOCOLS = ("rest-json", "json", "query", "ec2")
SHAPE_KEYS = ("type", "timestampFormat", "flattened", "locationName", "jsonvalue")
REF_KEYS = ("shape", "location", "locationName", "flattened", "jsonvalue", "timestampFormat")
META_KEYS = ("protocol", "apiVersion", "targetPrefix", "jsonVersion", "signingName", "endpointPrefix", "serviceId",
             "globalEndpoint", "signatureVersion", "awsQueryCompatible")


def load(service, kind):
    root = os.path.join(os.path.dirname(botocore.__file__), "data", service)
    version = sorted(os.listdir(root))[-1]
    path = os.path.join(root, version, kind + ".json")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    with gzip.open(path + ".gz", "rt", encoding="utf-8") as fh:
        return json.load(fh)


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
        pages = load(service, "paginators-1").get("pagination", {})
        doc = {"source": "botocore %s data/%s" % (botocore.__version__, service),
               "metadata": {k: model["metadata"][k] for k in META_KEYS if k in model["metadata"]},
               "operations": {}, "shapes": {}}
        spoken = [p for p in model["metadata"].get("protocols", []) if p in SPOKEN_PROTOCOLS]
        if spoken:
            doc["metadata"]["protocol"] = spoken[0]
        for op in ops:
            o = model["operations"][op]
            entry = {"http": o["http"]}
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
