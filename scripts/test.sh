#!/usr/bin/env bash
# Run every test. pytest's exit code 5 (no tests collected) counts as a failure.
source "$(dirname "$0")/_env.sh"
ensure_env requirements-dev.txt
cd "$ROOT"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False
# Lint and type check first: a finding fails the run (and CI) before any test starts.
"$VENV/bin/python" -m ruff check .
"$VENV/bin/python" -m mypy wijzer ingest
set +e
"$VENV/bin/python" -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "[wijzer] pytest heeft geen enkele test uitgevoerd: dat telt als mislukt." >&2
  exit 1
fi
exit "$rc"
