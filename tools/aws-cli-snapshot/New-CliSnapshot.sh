#!/usr/bin/env bash
# Capture a WafSecurity inventory snapshot with the AWS CLI only (read-only calls).
#   New-CliSnapshot.sh --out ./snap --regions "us-east-1 eu-west-1" [--endpoint-url URL] [--profile P]
# The work is done by new_cli_snapshot.py beside this file (Python 3 standard library only, which
# every AWS CLI v1 install already has); see README.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
py="${PYTHON:-$(command -v python3 || command -v python)}"
exec "$py" "$here/new_cli_snapshot.py" "$@"
