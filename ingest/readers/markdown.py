"""Markdown (including MkDocs pages such as the Algoritmekader): front matter to metadata,
headings kept, links reduced to their text, HTML and comments stripped, admonitions
("!!! tip", "??? expander "Vraag"") turned into plain text with their title."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from wijzer.errors import SourceError
from wijzer.types import Page

from ingest.cleaning import resolve_conflict_markers
from ingest.readers.text import decode_utf8

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*\n?", re.S | re.M)
_ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)[ \t]*([\w-]+)?(?:[ \t]+"([^"]*)")?[ \t]*$')
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ATTR_LIST = re.compile(r"[ \t]*\{\s*(?:[.#:]|data-)[^}\n]*\}")  # MkDocs "{ .button }"
# Site furniture under its own heading on every page of a MkDocs site: noise for answers.
NOISE_SECTIONS = ("help ons deze pagina te verbeteren",)


def split_front_matter(path: Path, text: str) -> tuple[dict[str, str], str]:
    """YAML front matter as string metadata (lists joined with ", "), and the body."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    import yaml

    try:
        data: Any = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        raise SourceError(f"{path.name}: de front matter (het blok tussen --- bovenaan) is geen geldige YAML "
                          f"({str(exc).splitlines()[0]}). Herstel het blok.") from None
    meta = {}
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                meta[str(key)] = str(value).strip()
            elif isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
                meta[str(key)] = ", ".join(str(v) for v in value)
    return meta, text[m.end():]


def markdown_to_text(body: str) -> str:
    """Reduce Markdown to readable text that keeps `#` headings and `- ` list items."""
    text = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    text = re.sub(r"\{[{%].*?[%}]\}", "", text, flags=re.S)  # template tags
    text = _ATTR_LIST.sub("", text)
    text = _admonitions(text)
    text = re.sub(r"^([ \t]*)(?:>[ \t]?)+", r"\1", text, flags=re.M)  # blockquote markers: the text is a quote
    text = re.sub(r"<h([1-6])[^>]*>(.*?)</h\1>", lambda m: "\n" + "#" * int(m.group(1)) + " " + m.group(2) + "\n", text, flags=re.S | re.I)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"</?[a-zA-Z][^>\n]*>", "", text)  # other HTML tags: keep their text
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)  # images -> alt text
    # links; an address may hold spaces ("documenten/AIG self-assessment v4.xlsx") or a title
    text = re.sub(r"\[([^\]]+)\]\((?:[^()\n]|\([^()\n]*\))*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", text)  # reference links
    text = re.sub(r"^\s*\[[^\]]+\]:\s+\S+.*$", "", text, flags=re.M)  # link definitions
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"\[/?[ib]\]", "", text)  # stray BBCode
    text = re.sub(r"^(\s*)[*+][ \t]+", r"\1- ", text, flags=re.M)  # bullets
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)  # bold
    text = re.sub(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])", r"\2", text)  # italics
    text = html.unescape(text)
    return _tidy(_drop_noise_sections(text))


def _drop_noise_sections(text: str) -> str:
    out: list[str] = []
    dropping = 0  # level of the heading being dropped, 0: keeping
    for line in text.split("\n"):
        m = _HEADING.match(line)
        if m and dropping and len(m.group(1)) <= dropping:
            dropping = 0
        if m and m.group(2).strip().lower() in NOISE_SECTIONS:
            dropping = len(m.group(1))
        if not dropping:
            out.append(line)
    return "\n".join(out)


def _admonitions(text: str) -> str:
    out: list[str] = []
    inside = False
    for line in text.split("\n"):
        m = _ADMONITION.match(line)
        if m:
            kind, title = (m.group(1) or "").strip(), (m.group(2) or "").strip()
            if title and title.lower() != kind.lower():
                out.append(f"{'#' * _next_level(out)} {title}")
            else:
                out.append(f"{(title or kind).capitalize()}:")
            inside = True
            continue
        if inside and (line.startswith("    ") or not line.strip()):
            out.append(line[4:])
            continue
        inside = False
        out.append(line)
    return "\n".join(out)


def _next_level(lines: list[str]) -> int:
    for line in reversed(lines):
        m = _HEADING.match(line)
        if m:
            return min(6, len(m.group(1)) + 1)
    return 2


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t]+", " ", l).strip() for l in text.split("\n")]
    text = "\n".join(l if re.search(r"\w", l) or l.startswith("|") else "" for l in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def first_heading(text: str) -> str:
    for line in text.split("\n"):
        m = _HEADING.match(line)
        if m:
            return m.group(2).strip()
    return ""


def read(path: Path, data: bytes) -> tuple[list[Page], dict[str, str]]:
    text = resolve_conflict_markers(decode_utf8(path, data).replace("\r\n", "\n"))
    meta, body = split_front_matter(path, text)
    cleaned = markdown_to_text(body)
    if "title" not in meta and (heading := first_heading(cleaned)):
        meta["title"] = heading
    return [Page(number=None, text=cleaned)], meta
