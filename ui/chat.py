"""The conversation: question in, streamed answer out, then notices, sources and feedback.

The conversation lives in `st.session_state` (one per browser session) as a list of turns
`{"id": str, "answer": Answer}`; earlier turns go to the assistant as history so
follow-up questions work. What is shown after streaming is always the final `Answer`
(its text may differ from the stream when citations were dropped or a fallback was used).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from typing import Any

import streamlit as st

from assistant.refusal import REFUSAL
from assistant.service import Assistant
from ui import cards, coverage, labels, resources, texts
from ui import feedback as feedback_log
from ui.export import conversation_markdown
from ui.safe import escape_inline, escape_markdown
from wijzer.errors import WijzerError
from wijzer.settings import Settings
from wijzer.types import Answer

log = logging.getLogger(__name__)
TURNS = "turns"
_REPHRASE = re.compile(r"anders te (formuleren|stellen)|herformul", re.IGNORECASE)
# An escaped citation marker in the answer text: [1] or [1, 2] (after escape_markdown).
_CITE = re.compile(r"\\\[(\d+(?:\\[,;]\s*\d+)*)\\\]")
SHOWN_QUESTION_CHARS = 600  # a pasted 10,000-character text is not echoed in full


def turns() -> list[dict[str, Any]]:
    return st.session_state.setdefault(TURNS, [])


def answer_markdown(text: str, key: str | None = None, numbers: Iterable[int] = ()) -> str:
    """Answer text as safe Markdown, each [n] in bold; a number in `numbers` links to its
    card ([1, 2] becomes [1] [2], each its own link)."""
    linked = set(numbers)

    def marker(m: re.Match[str]) -> str:
        out = []
        for n in (int(x) for x in re.findall(r"\d+", m.group(1))):
            label = f"\\[{n}\\]"
            out.append(f"**[{label}](#{cards.anchor(key, n)})**" if key and n in linked
                       else f"**{label}**")
        return " ".join(out)

    return _CITE.sub(marker, escape_markdown(text)).replace("****", "** **")


def question_markdown(question: str) -> str:
    """The user's question as shown in the chat (cut off when very long; the log and the
    export keep it whole)."""
    if len(question) <= SHOWN_QUESTION_CHARS:
        return escape_markdown(question)
    shown = escape_markdown(question[:SHOWN_QUESTION_CHARS].rstrip())
    return f"{shown}…\n\n*{texts.QUESTION_CUT.format(n=labels.number(len(question)))}*"


def read_as(answer: Answer) -> str | None:
    """How a follow-up was understood, in words a user can check; None when not rewritten.

    The offline heuristic puts search words from the conversation before the question
    ("chatgpt brief inwoner: En geldt dat ...?"); shown raw that reads as a garbled
    question, so it is shown as the words added.
    """
    standalone = answer.standalone_question
    if not standalone or standalone == answer.question:
        return None
    words, sep, rest = standalone.partition(": ")
    if sep and rest.strip() == answer.question.strip() and words.strip():
        return texts.READ_AS_FOLLOW_UP.format(words=", ".join(words.split()))
    return texts.READ_AS.format(question=standalone)


def input_problem(answer: Answer) -> bool:
    """A refusal about the question itself (too long, not Dutch, empty): nothing was
    searched, so there are no closest passages and "rephrase" hints would mislead."""
    return answer.refused and not answer.closest and REFUSAL not in answer.text


def render(s: Settings) -> None:
    """The whole chat page."""
    st.title(texts.APP_TITLE)
    st.caption(texts.TAGLINE)
    library = _library(s)
    coverage.banner(s)
    conversation = turns()
    question = st.chat_input(texts.CHAT_PLACEHOLDER)  # pinned to the bottom wherever called
    if not conversation and not question:
        st.info(texts.EMPTY_CHAT)
    for turn in conversation:
        _show_turn(turn, s, library)
    if question:
        _ask(question, s, library)
    _toolbar(conversation)  # after the new answer, so the export already includes it


def _library(s: Settings) -> cards.Library:
    """Titles and footnotes the cards look up, read from the current index version."""
    try:
        titles = {d.id: d.title for d in resources.assistant_status(s).index.documents}
    except Exception as exc:  # titles only improve "vervangen door"; never block the chat
        log.warning("document titles not available: %s: %s", type(exc).__name__, exc)
        titles = {}

    def chunks_of(document_id: str) -> list:
        return resources.index(s).snapshot().document_chunks(document_id)

    return cards.Library(titles=titles, chunks_of=chunks_of)


def _toolbar(conversation: list[dict[str, Any]]) -> None:
    if not conversation:
        return
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            texts.EXPORT_LABEL,
            data=conversation_markdown([t["answer"] for t in conversation]),
            file_name=texts.EXPORT_FILENAME,
            mime="text/markdown",
            icon=":material/download:",
            on_click="ignore",
            key="export",
        )
        st.button(texts.NEW_CONVERSATION, on_click=conversation.clear, key="new-chat")


def _show_turn(turn: Mapping[str, Any], s: Settings, library: cards.Library) -> None:
    answer: Answer = turn["answer"]
    with st.chat_message("user"):
        st.markdown(question_markdown(answer.question))
    with st.chat_message("assistant"):
        render_answer(turn, s, library)


def _ask(question: str, s: Settings, library: cards.Library) -> None:
    with st.chat_message("user"):
        st.markdown(question_markdown(question))
    with st.chat_message("assistant"):
        history = [(t["answer"].question, t["answer"].text) for t in turns()]
        started = time.perf_counter()
        slot = st.empty()
        try:
            answer = _stream(resources.assistant(s), question, history, slot)
        except WijzerError as exc:
            slot.error(texts.ANSWER_FAILED.format(message=exc))
            return
        except Exception as exc:  # the assistant should not raise; never show a traceback
            log.exception("answering failed")
            slot.error(texts.ANSWER_FAILED.format(message=type(exc).__name__))
            return
        resources.clock().record(time.perf_counter() - started)
        turn = {"id": uuid.uuid4().hex[:12], "answer": answer}
        turns().append(turn)
        render_answer(turn, s, library, text_slot=slot)


def _stream(assistant: Assistant, question: str, history: list[tuple[str, str]],
            slot: Any) -> Answer:
    """Retrieval under a spinner, then the text deltas as they arrive; the final Answer."""
    items: Iterator[str | Answer] = iter(assistant.stream(question, history=history))
    with st.spinner(texts.SPINNER_SEARCH):
        first = next(items, None)
    final: list[Answer] = []

    def deltas() -> Iterator[str]:
        for item in chain([first], items):
            if isinstance(item, Answer):
                final.append(item)
            elif item:
                yield escape_inline(item)

    slot.write_stream(deltas())
    if not final:
        raise WijzerError("de assistent gaf geen antwoord terug. Probeer het opnieuw.")
    return final[-1]


def render_answer(turn: Mapping[str, Any], s: Settings, library: cards.Library,
                  text_slot: Any = None) -> None:
    """Notices, text (its [n] link to the cards), source cards (or closest passages),
    disclaimer, feedback."""
    answer: Answer = turn["answer"]
    key = turn["id"]
    numbers = [c.n for c in answer.citations]
    (text_slot or st.empty()).markdown(answer_markdown(answer.text, key, numbers))
    for notice in answer.notices:
        st.warning(escape_inline(notice), icon=":material/info:")
    understood = read_as(answer)
    if understood:
        st.caption(escape_inline(understood))
    known = labels.known_note(answer)
    if known:
        st.caption(escape_inline(known))
    if input_problem(answer):
        pass  # the answer text already says what to do; there is nothing to show under it
    elif answer.refused:
        if not _REPHRASE.search(answer.text):  # the answerer may already suggest it
            st.info(texts.REFUSED_HINT)
        st.markdown(f"**{texts.CLOSEST_HEADER}**")
        cards.closest_cards(answer.closest, key, library)
    else:
        st.caption(texts.LLM_LABEL if answer.mode == "llm" else texts.EXTRACTIVE_LABEL)
        if answer.citations:
            st.markdown(f"**{texts.SOURCES_HEADER}**")
            cards.citation_cards(answer.citations, key, library, answer.text)
    st.caption(texts.DISCLAIMER)
    _feedback(turn, s)


# --- feedback --------------------------------------------------------------------------
def _on_rate(turn: Mapping[str, Any], s: Settings) -> None:
    if st.session_state.get(f"fb-{turn['id']}") is None:
        return
    _write(turn, s, done=texts.FEEDBACK_THANKS)


def _on_comment(turn: Mapping[str, Any], s: Settings) -> None:
    comment = (st.session_state.get(f"fbc-text-{turn['id']}") or "").strip()
    if not comment:
        return
    st.session_state.setdefault(f"fb-comments-{turn['id']}", []).append(comment)
    _write(turn, s, done=texts.FEEDBACK_COMMENT_THANKS)


def _write(turn: Mapping[str, Any], s: Settings, done: str) -> None:
    """Log the answer's whole feedback so far (rating and comments) as one record; the
    newest record of an answer is its row on the audit page."""
    key = turn["id"]
    value = st.session_state.get(f"fb-{key}")
    helpful = None if value is None else bool(value)
    comment = "\n".join(st.session_state.get(f"fb-comments-{key}", []))
    answer: Answer = turn["answer"]
    record = feedback_log.make_record(answer, key, helpful, comment,
                                      made_by=feedback_log.produced_by(s, answer))
    try:
        feedback_log.append(s.feedback_path, record, retention_days=s.feedback_retention_days)
        st.session_state[f"fb-msg-{key}"] = ("success", done)
    except OSError as exc:
        log.warning("feedback not written: %s", exc)
        st.session_state[f"fb-msg-{key}"] = (
            "error", texts.FEEDBACK_FAILED.format(message=exc.strerror or exc))


def _feedback(turn: Mapping[str, Any], s: Settings) -> None:
    key = turn["id"]
    st.caption(texts.FEEDBACK_QUESTION)
    st.feedback("thumbs", key=f"fb-{key}", on_change=_on_rate, args=(turn, s))
    with st.form(key=f"fbc-{key}", clear_on_submit=True, border=False):
        st.text_input(texts.FEEDBACK_COMMENT, key=f"fbc-text-{key}", max_chars=2000)
        st.form_submit_button(texts.FEEDBACK_SEND_COMMENT, on_click=_on_comment, args=(turn, s))
    message = st.session_state.get(f"fb-msg-{key}")
    if message:
        kind, text = message
        (st.success if kind == "success" else st.error)(text)
