"""A conversation as a Markdown file, with every answer's numbered sources.

Meant for a civil servant who wants to keep or forward what the assistant said: the file
repeats each question, the answer and, per [n], the document, place, date, version, the
quoted passage and the official link, so it can be checked without the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ui import labels, texts
from wijzer.types import Answer, Citation, Hit


def _quote_block(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in text.strip().splitlines())


def _citation(c: Citation) -> str:
    ch = c.chunk
    meta = [m for m in (labels.publication(ch), ch.location,
                        texts.CARD_VERSION.format(version=ch.document_version[:12])) if m]
    lines = [f"**[{c.n}] {ch.title}** — " + ", ".join(meta)]
    if ch.superseded_by:
        lines.append(texts.CARD_SUPERSEDED.format(by=ch.superseded_by))
    lines.append("")
    lines.append(_quote_block(c.quote or ch.text))
    if c.url:
        lines.append("")
        lines.append(f"<{c.url}>")
    return "\n".join(lines)


def _closest(h: Hit) -> str:
    ch = h.chunk
    head = f"- **{ch.title}** — {ch.location}" + (f" <{ch.page_url}>" if ch.page_url else "")
    return head + "\n\n" + _quote_block(ch.text)


def _turn(i: int, answer: Answer) -> str:
    out = [f"## Vraag {i}: {answer.question}", ""]
    if answer.standalone_question and answer.standalone_question != answer.question:
        out += [f"_{texts.READ_AS.format(question=answer.standalone_question)}_", ""]
    out += [answer.text.strip(), ""]
    known = labels.known_note(answer)
    if known:
        out += [f"_{known}_", ""]
    for notice in answer.notices:
        out += [f"> Let op: {notice}", ""]
    if answer.citations:
        out += [f"### {texts.SOURCES_HEADER}", ""]
        out += [_citation(c) + "\n" for c in answer.citations]
    elif answer.refused and answer.closest:
        out += [f"### {texts.CLOSEST_HEADER}", ""]
        out += [_closest(h) + "\n" for h in answer.closest]
    out.append(f"_Werkwijze: {labels.mode(answer.mode)}; indexversie: {answer.index_version}_")
    return "\n".join(out)


def conversation_markdown(answers: Sequence[Answer], now: datetime | None = None) -> str:
    """The whole conversation, oldest question first."""
    when = (now or datetime.now()).strftime("%Y-%m-%d %H:%M")
    head = [f"# {texts.APP_TITLE}: gesprek van {when}", "", f"_{texts.DISCLAIMER}_", ""]
    body = [_turn(i, a) for i, a in enumerate(answers, start=1)]
    return "\n".join(head) + "\n\n".join(body) + "\n"
