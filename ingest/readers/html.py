"""HTML: the main text through BeautifulSoup (navigation, header, footer, scripts and
styles dropped), headings kept as Markdown `#` lines, list items as `- ` lines."""

from __future__ import annotations

import re
from pathlib import Path

from wijzer.types import Page

from ingest.readers.text import decode_html

_NOISE = ["nav", "header", "footer", "script", "style", "noscript", "aside", "form", "button", "svg", "template", "iframe"]
_BLOCKS = ["p", "div", "section", "article", "table", "tr", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "figure", "main"]


def read(path: Path, data: bytes) -> tuple[list[Page], dict[str, str]]:
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(decode_html(path, data), "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup.find_all(_NOISE):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.find(None, {"role": "main"}) or soup.body or soup
    for node in list(root.find_all(string=True)):
        if node.find_parent("pre") is None:
            node.replace_with(NavigableString(re.sub(r"\s+", " ", str(node))))
    for level in range(1, 7):
        for h in root.find_all(f"h{level}"):
            h.replace_with(NavigableString(f"\n\n{'#' * level} {h.get_text(' ', strip=True)}\n\n"))
    for br in root.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for li in root.find_all("li"):
        li.insert_before(NavigableString("\n- "))
        li.insert_after(NavigableString("\n"))
    for cell in root.find_all(["td", "th"]):
        cell.insert_after(NavigableString(" | "))
    for block in root.find_all(_BLOCKS):
        block.insert_before(NavigableString("\n\n"))
        block.insert_after(NavigableString("\n\n"))
    text = _tidy(root.get_text())
    h1 = re.search(r"^# (.+)$", text, re.M)
    return [Page(number=None, text=text)], {"title": (h1.group(1) if h1 else title).strip()}


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t]+", " ", l).strip() for l in text.split("\n")]
    lines = [re.sub(r"^- +", "- ", l) for l in lines if l != "-"]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
