"""`python -m assistant ask "vraag"`: the answer and its sources, or one JSON object.

Errors (no index, bad settings, LLM misconfiguration) are printed as one Dutch line on
stderr with the error family's exit code (and as {"error": ...} with --json); never a
traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from wijzer.cli import run_command
from wijzer.logs import configure_logging
from wijzer.types import Answer


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assistant", description="Stel een vraag aan GenAI-wijzer."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="Stel een vraag; toont het antwoord met bronnen.")
    ask.add_argument("question", help="De vraag, in het Nederlands (tussen aanhalingstekens).")
    ask.add_argument("--mode", choices=("extractive", "llm"), default=None,
                     help="extractive: letterlijke citaten; llm: taalmodel (standaard: volgens instellingen).")
    ask.add_argument("--kind", action="append", default=None, metavar="SOORT",
                     help="Alleen bronnen van deze soort (herhaalbaar), bijv. position, guidance.")
    ask.add_argument("--json", action="store_true", help="Druk het antwoord af als één JSON-object.")
    status = sub.add_parser("status", help="Toon de index en het ingestelde taalmodel.")
    status.add_argument("--json", action="store_true")
    return parser


def render(answer: Answer, title_of=lambda doc_id: None) -> str:
    """The answer as readable text: answer, notices, numbered sources (or closest passages)."""
    lines = [answer.text, ""]
    if answer.standalone_question:
        lines.insert(0, f"(Gezocht als: {answer.standalone_question})\n")
    lines += [f"Let op: {n}" for n in answer.notices]
    if answer.citations:
        lines += ["", "Bronnen:"]
    for c in answer.citations:
        lines.append(f"[{c.n}] {c.chunk.title} - {c.chunk.location}".rstrip(" -"))
        if c.chunk.superseded_by:
            newer = title_of(c.chunk.superseded_by) or c.chunk.superseded_by
            lines.append(f"    (vervangen door {newer})")
        lines.append(f"    \u201e{' '.join(c.quote.split())}\u201d")
        if c.url:
            lines.append(f"    {c.url}")
    if answer.refused and answer.closest:
        lines += ["", "Passages die er het dichtst bij komen:"]
        for i, h in enumerate(answer.closest, 1):
            snippet = " ".join(h.chunk.text.split())[:200]
            lines.append(f"{i}. {h.chunk.title} - {h.chunk.location}: {snippet}...")
    return "\n".join(lines).strip()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run_command(lambda: _run(args), as_json=args.json, prefix="")


def _run(args: argparse.Namespace) -> int:
    from assistant.service import Assistant
    from wijzer.settings import load_settings

    settings = load_settings()
    configure_logging(settings)
    assistant = Assistant.from_settings(settings)
    if args.command == "status":
        status = assistant.status()
        if args.json:
            print(json.dumps({"index": status.index.to_dict(), "mode": status.mode,
                              "llm": status.llm_label, "llm_ok": status.llm_ok}, ensure_ascii=False))
        else:
            print(f"Index: versie {status.index.version or '-'}, {status.index.chunk_count} passages, "
                  f"{len(status.index.documents)} documenten\nModus: {status.mode}\n"
                  f"Taalmodel: {status.llm_label} ({_ok(status.llm_ok)})")
        return 0
    answer = assistant.ask(args.question, mode=args.mode, kinds=args.kind)
    print(answer.to_json() if args.json else render(answer, assistant.document_title))
    return 0


def _ok(value: bool | None) -> str:
    return {None: "niet ingesteld", True: "bereikbaar", False: "niet bereikbaar"}[value]


if __name__ == "__main__":
    sys.exit(main())
