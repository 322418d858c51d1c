#!/usr/bin/env bash
# Install, build the index if there is none, and serve the chat page.
source "$(dirname "$0")/_env.sh"
ensure_env requirements.txt
cd "$ROOT"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False
"$VENV/bin/python" -m ingest build-if-missing
exec "$VENV/bin/python" -m streamlit run app.py \
  --server.address "${WIJZER_HOST:-127.0.0.1}" --server.port "${WIJZER_PORT:-8501}"
