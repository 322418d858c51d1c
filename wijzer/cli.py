"""The one place where a CLI turns an exception into one Dutch line and an exit code.

Library code raises `WijzerError`s whose message says what to do; the three CLIs
(`python -m ingest`, `python -m assistant`, `python -m eval`) run their body through
`run_command`, so a user never sees a traceback. With `--json` the error is also printed
on stdout as `{"error": "..."}` for scripts. An unexpected exception is a bug: it gets a
one-line message too, and its traceback goes to the log at DEBUG.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable

from wijzer.errors import WijzerError
from wijzer.logs import cause, configure_logging

log = logging.getLogger(__name__)

EXIT_INTERRUPTED = 130
EXIT_UNEXPECTED = 1
UNEXPECTED = ("Onverwachte fout ({cause}). Meld dit aan de beheerder; met WIJZER_LOG_LEVEL=DEBUG "
              "staat de volledige foutmelding in het log.")


def run_command(body: Callable[[], int], *, as_json: bool = False, prefix: str = "Fout: ",
                interrupted: str = "Afgebroken.", error_code: int | None = None) -> int:
    """Run a CLI body; every error becomes one line on stderr (and JSON on stdout).

    `error_code` overrides the error family's exit code (eval: 2 for any failed run)."""
    configure_logging()  # until the body has read the settings (and configures it again)
    try:
        return body()
    except WijzerError as exc:
        log.info("command failed: %s", cause(exc))  # reported to the user below
        return fail(str(exc), error_code or exc.exit_code, as_json, prefix)
    except KeyboardInterrupt:
        return fail(interrupted, EXIT_INTERRUPTED, as_json, prefix)
    except Exception as exc:  # a bug: one line for the user, the traceback in the log
        log.debug("unexpected error", exc_info=True)
        return fail(UNEXPECTED.format(cause=cause(exc)), error_code or EXIT_UNEXPECTED,
                    as_json, prefix)


def fail(message: str, code: int, as_json: bool = False, prefix: str = "Fout: ") -> int:
    """Print the error (one line on stderr; with --json also {"error": ...} on stdout)."""
    line = " ".join(message.split())
    if as_json:
        print(json.dumps({"error": line}, ensure_ascii=False))
    print(f"{prefix}{line}", file=sys.stderr)
    return code
