"""Split the question files once, by a fixed seed, into `dev` (tune freely) and `test`
(run only to report, at the end of a change).

    python -m eval.split            # writes eval/dev.jsonl and eval/test.jsonl

The new questions (eval/questions_new_*.jsonl, written from the sources before the system
saw them) are split half and half; a follow-up stays with the question it follows. The
older gold set and held-out set, which earlier work was tuned on or reported, join `dev`,
and so do the later dev-only files (eval/questions_dev_*.jsonl): 140 more questions written
from the sources after `test` was fixed, so that tuning sees more than 67 nugget questions,
14 unanswerable follow-ups with their first turns (questions_dev_e), and 79 more written
by a helper from the sources alone (questions_dev_i; run once before it joined dev: 31 of
63 useful, the top-1 passage 29), and 75 more so (questions_dev_l, eleventh session: 41 of
61 useful at its first run, the top-1 passage 32), and 89 more so (questions_dev_q,
sixteenth session: one answerable question for each document no dev question had asked
about, so that known questions cover them), while `test` stays exactly as it was.
Re-running gives the same split; never move a question from test to dev.
eval/questions_unseen_f.jsonl (40 questions written by a helper from the sources alone,
after test was fixed) is outside the split: a third set, run only to report.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from eval.questions import load_questions

EVAL_DIR = Path(__file__).resolve().parent
SEED = 20261129
NEW = ("questions_new_a.jsonl", "questions_new_b.jsonl")
OLD = ("questions.jsonl", "questions_heldout.jsonl")
DEV_ONLY = ("questions_dev_c.jsonl", "questions_dev_d.jsonl", "questions_dev_e.jsonl",
            "questions_dev_i.jsonl", "questions_dev_l.jsonl", "questions_dev_m.jsonl",
            "questions_dev_q.jsonl")
DEV, TEST = EVAL_DIR / "dev.jsonl", EVAL_DIR / "test.jsonl"


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _groups(rows: list[dict]) -> list[list[dict]]:
    """Questions with their follow-ups, as units that are never split."""
    groups: list[list[dict]] = []
    where: dict[str, list[dict]] = {}
    for row in rows:
        group = where.get(row.get("follows") or "")
        if group is None:
            group = []
            groups.append(group)
        group.append(row)
        where[row["id"]] = group
    return groups


def split(eval_dir: Path = EVAL_DIR, seed: int = SEED) -> tuple[list[dict], list[dict]]:
    dev: list[dict] = []
    test: list[dict] = []
    for name in OLD:
        if (eval_dir / name).is_file():
            dev += _lines(eval_dir / name)
    for name in NEW:
        groups = _groups(_lines(eval_dir / name))
        random.Random(f"{seed}:{name}").shuffle(groups)
        half = len(groups) // 2
        for g in groups[:half]:
            test += g
        for g in groups[half:]:
            dev += g
    for name in DEV_ONLY:
        if (eval_dir / name).is_file():
            dev += _lines(eval_dir / name)
    return dev, test


def main() -> int:
    dev, test = split()
    header = "# {name}: written by python -m eval.split (seed {seed}); {use}\n"
    for path, rows, use in ((DEV, dev, "tune on these"), (TEST, test, "run only to report, never tune")):
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        path.write_text(header.format(name=path.name, seed=SEED, use=use) + body, encoding="utf-8")
        load_questions(path)  # validates the result
        print(f"{path.name}: {len(rows)} vragen ({sum(not r['expected_sources'] for r in rows)} onbeantwoordbaar)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
