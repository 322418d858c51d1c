"""Real HTTP stub servers on 127.0.0.1 for the LLM path: OpenAI-compatible and Ollama.

Each server answers from a queue of canned replies (text + optional delay before the
first byte), records every request body, and stops itself when the `with` block ends
(or after `max_seconds`, whichever comes first). Ports are free ports chosen by the OS.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from conftest import free_port


@dataclass
class Reply:
    text: str
    delay: float = 0.0  # seconds before anything is sent (timeout tests)
    status: int = 200


class _StubServer:
    """Base: a ThreadingHTTPServer in a daemon thread with a reply queue."""

    def __init__(self, replies: list[Reply | str] = (), max_seconds: float = 60.0) -> None:
        self.replies: deque[Reply] = deque(r if isinstance(r, Reply) else Reply(r) for r in replies)
        self.requests: list[dict[str, Any]] = []  # JSON bodies of POST requests
        self.paths: list[str] = []
        self.max_seconds = max_seconds
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                outer.paths.append(self.path)
                outer.handle_get(self)

            def do_POST(self) -> None:
                outer.paths.append(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                outer.requests.append(body)
                reply = outer.replies.popleft() if outer.replies else Reply("Geen antwoord meer.", status=500)
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    outer.handle_post(self, body, reply)
                except (BrokenPipeError, ConnectionResetError):  # client gave up (timeout)
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._timer = threading.Timer(max_seconds, self.stop)
        self._timer.daemon = True

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "_StubServer":
        self._thread.start()
        self._timer.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def stop(self) -> None:
        self._timer.cancel()
        self._server.shutdown()
        self._server.server_close()

    # helpers for subclasses
    @staticmethod
    def send_json(handler: BaseHTTPRequestHandler, data: Any, status: int = 200) -> None:
        raw = json.dumps(data).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(raw)))
        handler.end_headers()
        handler.wfile.write(raw)

    def handle_get(self, handler: BaseHTTPRequestHandler) -> None:
        handler.send_error(404)

    def handle_post(self, handler: BaseHTTPRequestHandler, body: dict, reply: Reply) -> None:
        raise NotImplementedError

    def prompt_text(self, i: int = -1) -> str:
        """All message contents of request i joined (to assert what the model saw)."""
        return "\n".join(str(m.get("content")) for m in self.requests[i].get("messages", []))


def _pieces(text: str, size: int = 7) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]


class OpenAIStub(_StubServer):
    """POST /v1/chat/completions (JSON, or SSE when "stream": true), GET /v1/models."""

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    def handle_get(self, handler: BaseHTTPRequestHandler) -> None:
        if handler.path.rstrip("/") == "/v1/models":
            self.send_json(handler, {"object": "list", "data": [{"id": "stub", "object": "model"}]})
        else:
            handler.send_error(404)

    def handle_post(self, handler: BaseHTTPRequestHandler, body: dict, reply: Reply) -> None:
        if reply.status != 200:
            self.send_json(handler, {"error": {"message": reply.text, "type": "server_error"}}, reply.status)
            return
        base = {"id": "chatcmpl-stub", "created": int(time.time()), "model": body.get("model", "stub")}
        if not body.get("stream"):
            self.send_json(handler, {
                **base, "object": "chat.completion",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": reply.text}}],
                "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
            })
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.end_headers()
        events = [{"role": "assistant", "content": ""}] + [{"content": p} for p in _pieces(reply.text)]
        for delta in events:
            chunk = {**base, "object": "chat.completion.chunk",
                     "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
            handler.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        end = {**base, "object": "chat.completion.chunk",
               "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
        handler.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
        handler.wfile.flush()


class OllamaStub(_StubServer):
    """POST /api/chat (NDJSON stream by default, one JSON when "stream": false), GET /api/tags."""

    def handle_get(self, handler: BaseHTTPRequestHandler) -> None:
        if handler.path == "/api/tags":
            self.send_json(handler, {"models": [{"name": "stub:latest", "model": "stub:latest"}]})
        else:
            handler.send_error(404)

    def handle_post(self, handler: BaseHTTPRequestHandler, body: dict, reply: Reply) -> None:
        if reply.status != 200:
            self.send_json(handler, {"error": reply.text}, reply.status)
            return
        model = body.get("model", "stub")
        stamp = "2025-01-01T00:00:00Z"
        final = {"model": model, "created_at": stamp, "message": {"role": "assistant", "content": ""},
                 "done": True, "done_reason": "stop", "total_duration": 1, "eval_count": 1}
        if body.get("stream") is False:
            final["message"]["content"] = reply.text
            self.send_json(handler, final)
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "application/x-ndjson")
        handler.end_headers()
        for piece in _pieces(reply.text):
            line = {"model": model, "created_at": stamp,
                    "message": {"role": "assistant", "content": piece}, "done": False}
            handler.wfile.write((json.dumps(line) + "\n").encode())
            handler.wfile.flush()
        handler.wfile.write((json.dumps(final) + "\n").encode())
        handler.wfile.flush()


def closed_port_url() -> str:
    """An address on 127.0.0.1 where nothing listens (connection refused)."""
    return f"http://127.0.0.1:{free_port()}"
