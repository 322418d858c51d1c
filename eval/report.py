"""Screen tables for `python -m eval` (the JSON output carries the same numbers)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence


def _fmt(x: Any, pct: bool = False) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.2f}" if not pct else f"{100 * x:.0f}%"
    return str(x)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain Markdown table (readable on screen, pasteable into the README)."""
    cells = [[str(h) for h in headers]] + [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    return "\n".join([line(cells[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, cells[1:])])


def _kind_cell(cell: Mapping[str, Any] | None) -> str:
    if not cell:
        return "-"
    fmt = lambda x: "-" if x is None else f"{x:.2f}"  # noqa: E731
    return f"{fmt(cell['recall@5'])} / {fmt(cell['mrr@10'])} ({cell['n']})"


def render_table(out: Mapping[str, Any], verbose: bool = False) -> str:
    res = out["results"]
    quality = table(
        ["config", "R@1", "R@3", "R@5", "R@10", "MRR@10", "refuse P", "refuse R", "refuse F1", "false refusals", "n"],
        [[(r["config"] + (" *" if r["default"] else "")), r["recall@1"], r["recall@3"], r["recall@5"], r["recall@10"],
          r["mrr@10"], r["refusal_precision"], r["refusal_recall"], r["refusal_f1"], r["false_refusal_rate"],
          r["n_questions"]] for r in res],
    )
    stages = sorted({s for r in res for s in r["stages_ms"]})
    speed = table(
        ["config", "search p50 ms", "search p95 ms", "answer p50 ms", "answer p95 ms", *[f"{s} p50/p95" for s in stages]],
        [[r["config"], r["latency_ms"]["p50"], r["latency_ms"]["p95"],
          (r["answer_latency_ms"] or {}).get("p50"), (r["answer_latency_ms"] or {}).get("p95"),
          *[_pair(r["stages_ms"].get(s)) for s in stages]] for r in res],
    )
    kinds = sorted({k for r in res for k in r.get("by_kind", {})})
    per_kind = table(
        ["config", *[f"{k} R@5 / MRR@10 (n)" for k in kinds]],
        [[r["config"], *[_kind_cell(r["by_kind"].get(k)) for k in kinds]] for r in res],
    )
    answers = answers_table(res)
    idx = out["index"]
    parts = [
        f"Index: {idx['documents']} documenten, {idx['chunks']} passages, model {idx['embedding_model']}, versie {idx['version']}",
        f"Vragen: {out['n_questions_total']} in {out['questions_file']}; overgeslagen: {len(out['skipped'])}"
        + (f" ({', '.join(s['id'] for s in out['skipped'])})" if out["skipped"] and verbose else ""),
        "", quality, "", per_kind, *(["", answers] if answers else []), "", speed, "", "* = de configuratie die de app gebruikt. R@k = document recall@k (antwoordbare vragen).",
    ]
    for r in res:
        if r["citations"]:  # an invariant, not a score: quotes are slices of their passage
            bad = len(r["invalid_citations"])
            parts.append(f"{r['config']}: citaten letterlijk in hun passage: {r['citations'] - bad} van {r['citations']}"
                         + ("" if not bad else " - FOUT, zie --verbose"))
        if r.get("support_rate") is not None:
            parts.append(f"{r['config']}: support_rate {r['support_rate']:.2f} (zinnen van het taalmodel met [n] die bron n ondersteunt)")
        if r["errors"]:
            parts.append(f"{r['config']}: {len(r['errors'])} fout(en), bijv. {r['errors'][0]}")
        if verbose and r["misses@10"]:
            parts.append(f"{r['config']}: niet in top 10: {', '.join(r['misses@10'])}")
        if verbose and r["invalid_citations"]:
            parts.append(f"{r['config']}: ongeldige citaten: {'; '.join(r['invalid_citations'][:10])}")
    parts += [f"Let op: {n}" for n in out["notes"]]
    return "\n".join(parts)


def _pair(d: Mapping[str, Any] | None) -> str:
    if not d or d.get("p50") is None:
        return "-"
    return f"{d['p50']:.1f}/{d['p95']:.1f}"


ANSWER_HEADERS = ["answer", "nugget recall", "useful", "lead nugget", "words p50", "words p95",
                  "false refusals", "weak", "unanswerable refused/notice", "n"]


def _answer_row(name: str, a: Mapping[str, Any]) -> list[Any]:
    return [name, a["nugget_recall"], a["useful_answer_rate"], a["lead_nugget_rate"], a["words_p50"],
            a["words_p95"], a["false_refusal_rate"], a["weak_rate"], a["unanswerable_refused_or_notice"],
            a["n_nuggets"]]


def answers_table(res: Sequence[Mapping[str, Any]]) -> str:
    """The default answer next to its baselines, overall and per question kind."""
    rows: list[list[Any]] = []
    for r in res:
        if not r.get("answers"):
            continue
        rows.append(_answer_row(f"{r['config']}: assistent", r["answers"]))
        rows += [_answer_row(f"baseline: {n}", b) for n, b in r["baselines"].items()]
        for kind, a in r["answers"]["by_kind"].items():
            rows.append(_answer_row(f"  assistent, {kind}", a))
    return "\n".join([table(ANSWER_HEADERS, rows), *certainty_lines(res)]) if rows else ""


def certainty_lines(res: Sequence[Mapping[str, Any]]) -> list[str]:
    """How sure the answer numbers are: 95% intervals, and the paired split per baseline."""
    out: list[str] = []
    for r in res:
        a = r.get("answers")
        if not a or not a.get("useful_ci95"):
            continue
        lo, hi = a["useful_ci95"]
        line = f"{r['config']}: useful {_fmt(a['useful_answer_rate'])} (95% interval {lo:.2f}-{hi:.2f})"
        if a.get("false_refusal_ci95"):
            flo, fhi = a["false_refusal_ci95"]
            line += f"; false refusals {_fmt(a['false_refusal_rate'])} ({flo:.2f}-{fhi:.2f})"
        out.append(line)
        for name, b in r["baselines"].items():
            pair = b.get("paired")
            if pair:
                out.append(f"  vs {name}: useful for the assistant only {pair['only_assistant']}, "
                           f"for the baseline only {pair['only_baseline']} (McNemar p {pair['p']:.3f})")
    return out
