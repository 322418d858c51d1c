# Shared by start.sh and test.sh: create .venv and install what a requirements file asks,
# only when that file changed since the last install (a stamp holds its hash).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"

# pip warns once per package about index locations of this machine that do not exist.
_quiet_pip() { grep -v "^WARNING: Location 'file:" || true; }

ensure_env() {
  local req="$1"
  if [ ! -x "$VENV/bin/python" ]; then
    echo "[wijzer] virtuele omgeving maken in $VENV"
    "$PY" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
  fi
  local stamp="$VENV/.installed-$(basename "$req")"
  local want
  want="$(cat "$ROOT/requirements.txt" "$ROOT/$req" | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "[wijzer] pakketten installeren uit $req"
    # torch first, pinned, so no dependency can pull a multi-GB CUDA build.
    "$VENV/bin/python" -m pip install --quiet "torch==2.13.0" 2>&1 | _quiet_pip
    "$VENV/bin/python" -m pip install --quiet -r "$ROOT/$req" 2>&1 | _quiet_pip
    echo "$want" > "$stamp"
  fi
}
