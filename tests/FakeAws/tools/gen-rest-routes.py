#!/usr/bin/env python3
"""Regenerates Data/rest-routes.json: the HTTP method and request URI of every operation of the
restJson services the proxy must name (Lambda, API Gateway v1 and v2, AppSync, AWS Backup), read from botocore's service
models (the same models the aws CLI uses). Run with the python that has botocore:
    python3 tests/FakeAws/tools/gen-rest-routes.py > tests/FakeAws/Data/rest-routes.json
"""
import gzip, json, os, sys
import botocore

data = os.path.join(os.path.dirname(botocore.__file__), "data")
out = {"_source": f"botocore {botocore.__version__} data/<service>/<version>/service-2.json (operations[].http)", "services": {}}
for service in ("lambda", "apigateway", "apigatewayv2", "appsync", "backup"):
    folder = os.path.join(data, service)
    version = sorted(os.listdir(folder))[-1]
    path = os.path.join(folder, version, "service-2.json")
    model = json.load(gzip.open(path + ".gz") if os.path.exists(path + ".gz") else open(path))
    routes = []
    for name, op in sorted(model["operations"].items()):
        http = op.get("http", {})
        routes.append({"operation": name, "method": http.get("method", "POST"), "uri": http.get("requestUri", "/")})
    out["services"][service] = routes
json.dump(out, sys.stdout, indent=1)
sys.stdout.write("\n")
