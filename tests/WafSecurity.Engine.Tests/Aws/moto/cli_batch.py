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
import sys

from awscli.clidriver import create_clidriver


def main(src, dst):
    with open(src, encoding="utf-8") as fh:
        commands = json.load(fh)
    results = []
    for c in commands:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = create_clidriver().main(list(c["args"]))
            except SystemExit as e:  # argparse errors
                rc = e.code if isinstance(e.code, int) else 2
        results.append({"id": c["id"], "rc": rc, "stdout": out.getvalue(), "stderr": err.getvalue()})
    with open(dst, "w", encoding="utf-8") as fh:
        json.dump(results, fh)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
