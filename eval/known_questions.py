"""Write knowledge/bekende-vragen.toml from the dev question set (wijzer/known_questions.py).

    python -m eval.known_questions --temp-index

Only dev questions go in (never test, the validation set or an unseen set: their numbers
would then measure questions the product already knows; a test checks this). A question
goes in when it is answerable, stands alone (no follow-up: "En voor gemeenten?" means
nothing without the question before) and has facts whose phrases occur in its expected
documents; only such phrases are kept, so each one pins a passage the question's answer
cites.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Sequence

from eval.index_setup import dev_script_args, document_names
from eval.questions import Question, load_questions
from eval.runner import resolve_sources
from wijzer.settings import KNOWN_QUESTIONS_FILE
from wijzer.text import normalize

HEADER = """\
# GenAI-wijzer: bekende vragen (known questions)
#
# Vragen waarvan is nagekeken welke zinsdelen uit de bronnen ze beantwoorden. Een nieuwe
# vraag die in betekenis dicht bij een bekende vraag ligt, laat de passages en zinnen met
# die zinsdelen eerder zien. Het antwoord citeert nog steeds alleen de bronnen; dit bestand
# verandert welke passages en zinnen bovenaan komen, nooit wat ze zeggen.
#
# Formaat (TOML), per vraag:
#   [[vraag]]
#   vraag   = "Welke instanties gaven advies voor het voorlopige standpunt?"
#   bronnen = ["kamerbrief-overheidsbreed-standpunt-generatieve-ai"]   # document-id's
#   feiten  = [["landsadvocaat"], ["autoriteit persoonsgegevens", "(ap)"]]
# Elk feit is een lijst van zinsdelen die in een van de bronnen staan (hoofdletters,
# accenten en witruimte tellen niet). Een zinsdeel dat na een verversing niet meer in zijn
# bron staat, doet niets meer.
#
# Geschreven door `python -m eval.known_questions --temp-index` uit eval/dev.jsonl (alleen
# de dev-set: de test- en onbekende sets blijven zo vragen die het product niet kent). Met
# de hand toevoegen mag: een vraag uit het feedbacklog met de zinsdelen die haar beantwoorden.
"""


def entries(questions: Sequence[Question], relevant: dict[str, frozenset[str]],
            texts: dict[str, list[str]]) -> list[dict[str, Any]]:
    """One entry per usable question: its documents and the phrases found in them."""
    out = []
    seen: set[str] = set()
    for q in questions:
        if not q.answerable or not q.expected_nuggets or q.follows or q.id not in relevant:
            continue
        key = normalize(q.question)
        if key in seen:
            continue
        docs = sorted(relevant[q.id])
        plain = [normalize(t) for d in docs for t in texts.get(d, ())]
        facts = [[a for a in nugget if any(normalize(a) in t for t in plain)] for nugget in q.expected_nuggets]
        facts = [f for f in facts if f]
        if facts:
            seen.add(key)
            out.append({"vraag": q.question, "bronnen": docs, "feiten": facts})
    return out


def to_toml(items: Sequence[dict[str, Any]]) -> str:
    """TOML of the entries (JSON strings are valid TOML basic strings)."""

    def s(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [HEADER]
    for item in items:
        facts = ", ".join("[" + ", ".join(s(a) for a in f) + "]" for f in item["feiten"])
        lines += ["[[vraag]]", f"vraag = {s(item['vraag'])}",
                  "bronnen = [" + ", ".join(s(d) for d in item["bronnen"]) + "]",
                  f"feiten = [{facts}]", ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args, assistant = dev_script_args("python -m eval.known_questions", __doc__ or "", argv)
    questions = load_questions(args.questions)
    index = assistant.index
    snapshot = index.snapshot()
    cov = resolve_sources(questions, document_names(index) or {d: [] for d in snapshot.document_ids})
    texts: dict[str, list[str]] = {}
    for chunk in snapshot.chunks:
        texts.setdefault(chunk.document_id, []).append(chunk.text)
    items = entries(cov.questions, cov.relevant, texts)
    out = Path(assistant.settings.knowledge_dir) / KNOWN_QUESTIONS_FILE
    out.write_text(to_toml(items), encoding="utf-8")
    print(f"{len(items)} bekende vragen geschreven naar {out} (uit {len(questions)} vragen van {args.questions})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
