"""`python -m ingest`: build or refresh the index, show its status.

    python -m ingest [--source DIR]... [--download] [--strict] [--rebuild] [--json]
    (knowledge/ with its built-in folders, such as knowledge/algoritmekader, needs no --source)
    python -m ingest status [--json]
    python -m ingest build-if-missing [--source DIR]...

Exit codes: 0 ok, 1 a source failed (the report is still printed) or the index could not
be written, 2 wrong settings or usage, 3 another refresh of this index is running (try
again later). Errors are one Dutch line, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wijzer.cli import run_command
from wijzer.logs import configure_logging


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m ingest",
        description="Bouw of ververs de index van GenAI-wijzer, of toon wat erin staat.",
    )
    p.add_argument("command", nargs="?", default="refresh",
                   choices=["refresh", "status", "build-if-missing"],
                   help="refresh (standaard): bouwen of verversen; status: inhoud tonen; "
                   "build-if-missing: alleen bouwen als er nog geen index is")
    p.add_argument("--source", action="append", default=[], type=Path, metavar="MAP",
                   help="ook deze map inlezen (herhaalbaar); de map wordt onthouden voor "
                   "volgende verversingen")
    p.add_argument("--drop-source", action="append", default=[], type=Path, metavar="MAP",
                   help="een eerder opgegeven map niet meer inlezen (de documenten verdwijnen)")
    p.add_argument("--download", action="store_true",
                   help="eerst de officiële documenten uit sources.toml downloaden en het "
                   "Algoritmekader verversen uit zijn repository")
    p.add_argument("--strict", action="store_true", help="elke mislukte bron is fataal")
    p.add_argument("--rebuild", action="store_true",
                   help="alles opnieuw inlezen en berekenen (de oude index blijft tot het einde in gebruik)")
    p.add_argument("--json", action="store_true", help="één JSON-object op stdout (voor scripts)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return run_command(lambda: _main(args), as_json=args.json,
                       interrupted="Onderbroken: de vorige versie van de index blijft in gebruik.")


def _main(args: argparse.Namespace) -> int:
    from wijzer.settings import load_settings

    settings = load_settings()
    configure_logging(settings)
    if args.command == "status":
        return _status(settings, args)
    if args.command == "build-if-missing":
        return _build_if_missing(settings, args)
    return _refresh(settings, args)


def _refresh(settings: Any, args: argparse.Namespace, download: bool | None = None,
             archives: bool = True) -> int:
    from ingest.refresh import StrictRefreshError, refresh
    from ingest.summary import TerminalProgress, refresh_summary
    from wijzer.index import Index

    index = Index.open(settings)
    state = index.state()
    before = {d.id: d.title for d in index.status().documents}
    if index.pointer_broken(state):
        print(f"[wijzer] De index verwijst naar versie {state.version if state else '?'}, die niet meer "
              "bestaat (verwijderd op de server?): de index wordt opnieuw opgebouwd uit de bronnen.",
              file=sys.stderr)
    progress = TerminalProgress()
    try:
        report = refresh(
            settings, extra_sources=args.source, download=args.download if download is None else download,
            strict=args.strict, progress=progress, rebuild=args.rebuild,
            drop_sources=args.drop_source, archives=archives,
        )
    except StrictRefreshError as exc:
        progress.close()
        if args.json:
            _print_json({"error": str(exc), "failed": [f.to_dict() for f in exc.failures]})
        else:
            print(f"Fout: {exc}", file=sys.stderr)
            for f in exc.failures:
                print(f"  - {f.id or f.path}: {f.reason}", file=sys.stderr)
        return 1
    finally:
        progress.close()
    status = index.status()
    if args.json:
        _print_json({**report.to_dict(), "location": status.location,
                     "embedding_model": status.embedding_model})
    else:
        titles = {**before, **{d.id: d.title for d in status.documents}}
        print(refresh_summary(report, titles))
    return 0 if report.ok else 1


def _status(settings: Any, args: argparse.Namespace) -> int:
    from ingest.summary import status_table
    from wijzer.index import Index

    status = Index.open(settings).status()
    if args.json:
        _print_json(status.to_dict())
    else:
        print(status_table(status))
    return 0


def _build_if_missing(settings: Any, args: argparse.Namespace) -> int:
    """For the start script: build once (downloading where the network allows), never
    fail the start over a missing source; otherwise one status line."""
    from ingest.summary import status_line
    from wijzer.index import Index

    index = Index.open(settings)
    state = index.state()
    if state is not None and not index.pointer_broken(state):
        print(status_line(index.status()))
        return 0
    if state is not None:  # the pointer names a deleted version: _refresh repairs it, says so
        args.json = False
        _refresh(settings, args)  # a missing source must not stop the start (as below)
        return 0
    print("[wijzer] Nog geen index: eerste opbouw (officiële documenten downloaden waar het netwerk "
          "dat toelaat; het berekenen van de brief en het Algoritmekader duurt op 2 kernen 5 tot 10 "
          "minuten).", file=sys.stderr)
    args.json = False
    report_code = _refresh(settings, args, download=True, archives=False)  # the shipped snapshot
    if report_code:
        print("[wijzer] De chat start met de documenten die er wel zijn. Voeg de ontbrekende toe zoals "
              "hierboven staat en ververs met `python -m ingest` (of met de knop op de pagina).")
    return 0


def _print_json(obj: dict[str, Any]) -> None:
    print(json.dumps(obj, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
