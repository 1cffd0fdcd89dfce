#!/usr/bin/env python3
"""Compare two WafSecurity snapshot folders file for file; print one JSON object {"differences": [...], "files": N}.

    python3 compare_snapshots.py <expected> <actual> [--presence-only service/Operation]... [--account-fields A,B]

Semantic JSON equality: members in any order (names compared exactly), arrays in order, numbers by value, and
timestamps as instants (epoch seconds, ISO 8601 with 'Z', '+00:00' or Lambda's '+0000', any fraction) within 1 ms.
--presence-only: for an operation moto does not implement, both sides must hold the same files (both wrote an
.error.json), but their contents are not compared (the AWS CLI and the module word an HTML error page differently).
account.json: only the named fields are compared (default AccountId, Partition, Regions: CapturedAt is "now").
"""
import datetime
import json
import os
import re
import sys

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


def instant(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v) if 1e8 < v < 1e11 else None
    if isinstance(v, str) and ISO.match(v):
        s = v.replace("Z", "+00:00")
        s = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", s)
        m = re.match(r"^(.*T\d{2}:\d{2}:\d{2})(\.\d+)?(.*)$", s)
        if m:  # Python < 3.11 accepts only 3 or 6 fraction digits
            frac = (m.group(2) or "")[:7].ljust(7, "0") if m.group(2) else ""
            s = m.group(1) + (frac[:7] if frac else "") + m.group(3)
        try:
            d = datetime.datetime.fromisoformat(s)
        except ValueError:
            return None
        if d.tzinfo is None:
            d = d.replace(tzinfo=datetime.timezone.utc)
        return d.timestamp()
    return None


def compare(e, a, path, out):
    if len(out) > 40:
        return
    if isinstance(e, dict) and isinstance(a, dict):
        for k in e:
            if k not in a:
                out.append("%s.%s: missing (expected %s)" % (path, k, short(e[k])))
            else:
                compare(e[k], a[k], path + "." + k, out)
        for k in a:
            if k not in e:
                out.append("%s.%s: unexpected %s" % (path, k, short(a[k])))
        return
    if isinstance(e, list) and isinstance(a, list):
        if len(e) != len(a):
            out.append("%s: %d items expected, %d found" % (path, len(e), len(a)))
            return
        for i, (x, y) in enumerate(zip(e, a)):
            compare(x, y, "%s[%d]" % (path, i), out)
        return
    if type(e) is type(a) and e == a:
        return
    if isinstance(e, (int, float)) and isinstance(a, (int, float)) and not isinstance(e, bool) and not isinstance(a, bool) and e == a:
        return
    te, ta = instant(e), instant(a)
    if te is not None and ta is not None and abs(te - ta) <= 0.001:
        return
    out.append("%s: expected %s, found %s" % (path, short(e), short(a)))


def short(v):
    s = json.dumps(v)
    return s if len(s) <= 160 else s[:160] + "..."


def files(root):
    found = set()
    for d, _, names in os.walk(root):
        for n in names:
            if n.endswith(".json"):
                found.add(os.path.relpath(os.path.join(d, n), root).replace(os.sep, "/"))
    return found


def main():
    args = sys.argv[1:]
    presence, account_fields = set(), ["AccountId", "Partition", "Regions"]
    while "--presence-only" in args:
        i = args.index("--presence-only")
        presence.add(args[i + 1])
        del args[i:i + 2]
    if "--account-fields" in args:
        i = args.index("--account-fields")
        account_fields = [f for f in args[i + 1].split(",") if f]
        del args[i:i + 2]
    expected, actual = args
    fe, fa = files(expected), files(actual)
    diffs = ["missing " + p for p in sorted(fe - fa)] + ["extra " + p for p in sorted(fa - fe)]
    for p in sorted(fe & fa):
        parts = p.split("/")
        # <scope>/<service>/<Operation>/<key>.json, or a list call's own <scope>/<service>/<Operation>[.error].json
        if len(parts) >= 3 and parts[1] + "/" + parts[2].split(".", 1)[0] in presence:
            continue
        with open(os.path.join(expected, p), encoding="utf-8") as f:
            e = json.load(f)
        with open(os.path.join(actual, p), encoding="utf-8") as f:
            a = json.load(f)
        if p == "account.json":
            e = {k: e.get(k) for k in account_fields}
            a = {k: a.get(k) for k in account_fields}
        out = []
        compare(e, a, "$", out)
        diffs.extend("%s: %s" % (p, d) for d in out)
    print(json.dumps({"files": len(fe | fa), "differences": diffs}))


if __name__ == "__main__":
    main()
