"""The Streamlit page of GenAI-wijzer: `app.py` wires it, these modules hold the logic.

- `texts`        every Dutch UI string in one place
- `safe`         document text -> escaped Markdown (never raw HTML), highlights, footnotes
- `resources`    settings, embedder, index, assistant: loaded once per process
- `chat`         the conversation (streaming, notices, not-in-sources, feedback)
- `cards`        numbered source cards under an answer (anchors for the [n] links)
- `labels`       publication names, Dutch dates, modes and numbers
- `coverage`     what the index lacks: the banner and the missing-sources table
- `feedback`     the JSONL feedback log (one complete record per event, masked, pruned)
- `export`       a conversation as Markdown with its sources
- `admin`        sidebar status and the password-guarded refresh
- `sources_page` every document and its chunks in order
- `audit_page`   the feedback log read back
"""
