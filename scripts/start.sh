#!/usr/bin/env bash
# Install, build the index if there is none, and serve the chat page.
#   bash scripts/start.sh [--source DIR]... [--host ADDR] [--port N]
# The first build reads knowledge/ (the letter and the Algoritmekader, shipped there); --source
# adds another folder of documents (it is remembered by later refreshes).
source "$(dirname "$0")/_env.sh"
host=127.0.0.1
port=8501
sources=()
while [ $# -gt 0 ]; do
  case "$1" in
    --source) sources+=(--source "$(cd "$2" && pwd)"); shift 2 ;;
    --host) host="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    -h|--help) sed -n 2,5p "$0"; exit 0 ;;
    *) echo "Onbekende optie: $1 (zie: bash scripts/start.sh --help)" >&2; exit 2 ;;
  esac
done
ensure_env requirements.txt
cd "$ROOT"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False
"$VENV/bin/python" -m ingest build-if-missing "${sources[@]}"
echo "[wijzer] De chatpagina staat op http://$host:$port"
exec "$VENV/bin/python" -m streamlit run app.py --server.address "$host" --server.port "$port"
