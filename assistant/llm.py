"""The LangChain side: chat models (Ollama, OpenAI-compatible), the source block, calls.

Every failure of the model (down, slow, HTTP error, empty reply) surfaces as one
`LLMError` that keeps the original exception as its cause; the service logs that cause
at WARNING and turns it into the extractive fallback. Timeouts are short and
retries off, so a dead server costs at most `llm_timeout_s`.
"""

from __future__ import annotations

import logging
import time
from typing import Callable, Iterator, Sequence

import httpx
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import BaseMessage

from assistant.prompting import answer_prompt, attribute, condense_prompt, neutralise
from wijzer.errors import LLMError
from wijzer.settings import Settings
from wijzer.types import Chunk

log = logging.getLogger(__name__)

DUMMY_KEY = "geen-sleutel"  # OpenAI-compatible servers without auth still want a key


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None when llm_provider is 'none'. Connects lazily."""
    if settings.llm_provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=settings.llm_model, base_url=settings.llm_base_url or "http://127.0.0.1:11434",
            temperature=settings.llm_temperature,
            client_kwargs={"timeout": settings.llm_timeout_s},
        )
    if settings.llm_provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=settings.llm_model, base_url=settings.llm_base_url,
            api_key=settings.llm_api_key or DUMMY_KEY, timeout=settings.llm_timeout_s,
            max_retries=0, temperature=settings.llm_temperature,
        )
    return None


def llm_label(settings: Settings) -> str:
    if not settings.llm_enabled:
        return "geen (extractief)"
    return f"{settings.llm_provider}: {settings.llm_model} @ {settings.llm_base_url or 'standaard'}"


def llm_reachable(settings: Settings, timeout: float = 2.0) -> bool | None:
    """A cheap check that the LLM server answers (None: no LLM configured)."""
    if not settings.llm_enabled:
        return None
    base = (settings.llm_base_url or "http://127.0.0.1:11434").rstrip("/")
    if settings.llm_provider == "ollama":
        url, headers = f"{base}/api/tags", {}
    else:
        url = f"{base}/models"
        headers = {"Authorization": f"Bearer {settings.llm_api_key or DUMMY_KEY}"}
    try:
        response = httpx.get(url, headers=headers, timeout=min(timeout, settings.llm_timeout_s))
    except httpx.HTTPError as exc:
        log.warning("LLM server %s not reachable: %s: %s", base, type(exc).__name__, exc)
        return False
    if not response.is_success:
        log.warning("LLM server %s answered %s to %s", base, response.status_code, url)
    return response.is_success


def format_sources(chunks: Sequence[Chunk], title_of: Callable[[str], str | None] = lambda d: None) -> str:
    """The numbered, delimited source block. Untrusted text is neutralised first."""
    blocks = []
    for n, c in enumerate(chunks, start=1):
        attrs = f'n="{n}" titel="{attribute(c.title)}" locatie="{attribute(c.location)}"'
        if c.superseded_by:
            newer = title_of(c.superseded_by) or c.superseded_by
            attrs += f' vervangen_door="{attribute(newer)}"'
        blocks.append(f"<bron {attrs}>\n{neutralise(c.text.strip())}\n</bron>")
    return "\n\n".join(blocks)


def answer_messages(
    question: str, chunks: Sequence[Chunk], title_of: Callable[[str], str | None] = lambda d: None,
) -> list[BaseMessage]:
    """The full prompt: system rules, then the sources and the (neutralised) question."""
    return answer_prompt().format_messages(
        bronnen=format_sources(chunks, title_of), vraag=neutralise(question.strip())
    )


def stream_text(llm: BaseChatModel, messages: list[BaseMessage], timeout_s: float) -> Iterator[str]:
    """Text deltas from the model; raises LLMError on any failure or past the deadline."""
    deadline = time.monotonic() + timeout_s
    got = False
    try:
        for chunk in llm.stream(messages):
            text = _content(chunk)
            if text:
                got = True
                yield text
            if time.monotonic() > deadline:
                raise LLMError("Het taalmodel deed er te lang over.")
    except LLMError:
        raise
    except Exception as exc:  # connection refused, timeout, HTTP 5xx, bad JSON...
        raise LLMError(f"Het taalmodel gaf een fout ({exc.__class__.__name__}).") from exc
    if not got:
        raise LLMError("Het taalmodel gaf een leeg antwoord.")


def invoke_text(llm: BaseChatModel, messages: list[BaseMessage]) -> str:
    """One non-streamed reply; raises LLMError on any failure or an empty reply."""
    try:
        text = _content(llm.invoke(messages)).strip()
    except Exception as exc:
        raise LLMError(f"Het taalmodel gaf een fout ({exc.__class__.__name__}).") from exc
    if not text:
        raise LLMError("Het taalmodel gaf een leeg antwoord.")
    return text


def condense(llm: BaseChatModel, question: str, history: Sequence[tuple[str, str]]) -> str:
    """A follow-up rewritten into a standalone question by the model (raises LLMError)."""
    conversation = "\n".join(
        f"Gebruiker: {neutralise(q)}\nAssistent: {neutralise(a)[:600]}" for q, a in history[-3:]
    )
    messages = condense_prompt().format_messages(gesprek=conversation, vraag=neutralise(question))
    text = invoke_text(llm, messages).splitlines()[0].strip().strip('"').strip()
    return text


def _content(message) -> str:
    content = getattr(message, "content", message)
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return str(content or "")
