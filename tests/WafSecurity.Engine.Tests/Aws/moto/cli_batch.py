#!/usr/bin/env python3
"""Run many AWS CLI commands in one process (the real awscli driver, so output is exactly what `aws` prints).

    python3 cli_batch.py commands.json results.json
commands.json: [{"id": "...", "args": ["lambda", "list-functions", "--region", "us-east-1", ...]}, ...]
results.json:  [{"id": "...", "rc": 0, "stdout": "...", "stderr": "..."}, ...]
Starting `aws` once per command costs about a second each; the integration tests make ~100 of them.
"""
import contextlib
import io
import json
import os
import sys

from awscli.clidriver import create_clidriver


def main(src, dst):
    with open(src, encoding="utf-8") as fh:
        commands = json.load(fh)
    results = []
    for c in commands:
        out, err = io.StringIO(), io.StringIO()
        args = list(c["args"])
        # s3control puts the account id in the host name (<account>.127.0.0.1), which nothing resolves: with an
        # --endpoint-url the call goes through that endpoint as an HTTP proxy (moto routes it by its /v20180820/ path).
        proxy = args[args.index("--endpoint-url") + 1] if "s3control" in args and "--endpoint-url" in args else None
        for name in ("HTTP_PROXY", "http_proxy"):
            if proxy:
                os.environ[name] = proxy
            else:
                os.environ.pop(name, None)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = create_clidriver().main(args)
            except SystemExit as e:  # argparse errors
                rc = e.code if isinstance(e.code, int) else 2
        results.append({"id": c["id"], "rc": rc, "stdout": out.getvalue(), "stderr": err.getvalue()})
    with open(dst, "w", encoding="utf-8") as fh:
        json.dump(results, fh)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
