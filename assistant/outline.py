"""What a line at the end of a passage announces: the sections that follow it.

"Deze afspraken maak je op 2 niveaus:" is the last line of its passage; the levels are the
next sections of the page ("Organisatieniveau", "Toepassingsniveau"), each a passage of its
own. Quoted alone, the line names none of them, and the answer ends on a colon. The answer
lists those sections' headings, each cited to its first passage. When the section goes on
in the next passage instead, the list's items open that passage (`next_in_section`), and
the best passage's section is read on into it as well (`read_on`).

The sections a line announces are the ones after its own, under the same parent heading,
up to the first of:
- the number the line states ("2 niveaus", "drie stappen");
- a heading of the page template, one found on many documents ("Risico", "Bronnen",
  "Help ons deze pagina te verbeteren"): the steps of a measure end where its template
  resumes;
- a heading of the same form as the announcing section's own (both open with a date, or
  with the same word): "2 augustus 2027: …" after "2 augustus 2026: …" starts the next
  part of a timeline, it is not one of the requirements announced;
- a section that opens otherwise than the first one listed (with a list item or a
  sentence): after "Aanbieder" and "Gebruiksverantwoordelijke", each a list of
  requirements, "Uitzondering" opens with a sentence and is no third list;
- MAX_SECTIONS.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer_types import MONTHS
from wijzer.index.snapshot import Snapshot
from wijzer.segments import Segment, segments
from wijzer.text import normalize
from wijzer.types import Chunk, Hit

MAX_SECTIONS = 5
# A heading on this many documents belongs to the page template (as BOILERPLATE_DOCUMENTS
# for sentences): "Risico" and "Bronnen" close every measure of the Algoritmekader.
TEMPLATE_DOCUMENTS = 8
_NUMBERS = {"twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10}
# "op 2 niveaus", "in drie stappen"; not a date ("vóór 2 augustus 2030")
_STATED = re.compile(r"\b(\d{1,2}|" + "|".join(_NUMBERS) + r")\s+(?!(?:" + MONTHS + r")\b)[^\W\d_]",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Section:
    """A section a line announces: its heading, its first passage and that passage's first
    segment (what the citation quotes)."""

    heading: str
    chunk: Chunk
    opening: Segment


class Outline:
    """The reading order of an index version's documents (its snapshot's), and the headings
    of its page template."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        documents: dict[str, set[str]] = {}
        for c in snapshot.chunks:
            if c.section:
                documents.setdefault(normalize(c.section[-1]), set()).add(c.document_id)
        self.template = frozenset(h for h, docs in documents.items() if len(docs) >= TEMPLATE_DOCUMENTS)

    def next_in_section(self, chunk: Chunk) -> Chunk | None:
        """The passage after `chunk` when it continues the same section (a list whose lead-in
        ends one passage and whose items open the next)."""
        after = self._after(chunk)
        return after[0] if after and after[0].section == chunk.section else None

    def announced(self, chunk: Chunk, line: str) -> list[Section]:
        """The sections `line`, the last line of `chunk`, announces ([] when it is none)."""
        if not chunk.section:
            return []
        parent, own = chunk.section[:-1], chunk.section[-1]
        limit = min(stated_number(line) or MAX_SECTIONS, MAX_SECTIONS)
        out: list[Section] = []
        for c in self._after(chunk):
            if len(c.section) <= len(parent) or c.section[:len(parent)] != parent:
                break  # the parent section has ended
            heading = c.section[len(parent)]
            if heading == own and not out:
                return []  # the same section goes on: what it announces is in its text
            if out and heading == out[-1].heading:
                continue  # a further passage of a section already listed
            if normalize(heading) in self.template or _same_form(heading, own) or len(out) >= limit:
                break
            segs = segments(c.text)
            if not segs or (out and segs[0].kind != out[0].opening.kind):
                break  # no text, or it opens otherwise than the first one listed
            out.append(Section(heading.strip().rstrip(":").strip(), c, segs[0]))
        return out

    def _after(self, chunk: Chunk) -> list[Chunk]:
        """The passages after `chunk` in its document ([] when it is not in this version)."""
        chunks = self._snapshot.document_chunks(chunk.document_id)
        at = next((i for i, c in enumerate(chunks) if c.id == chunk.id), None)
        return [] if at is None else chunks[at + 1:]


def stated_number(line: str) -> int | None:
    """The count a line states ("op 2 niveaus", "in drie stappen"), if any."""
    m = _STATED.search(line)
    if m is None:
        return None
    word = m.group(1).lower()
    n = int(word) if word.isdigit() else _NUMBERS[word]
    return n if n > 1 else None


def _same_form(heading: str, own: str) -> bool:
    a, b = heading.split(), own.split()
    if not a or not b:
        return False
    return (a[0][0].isdigit() and b[0][0].isdigit()) or normalize(a[0]) == normalize(b[0])


def read_on(hits: Sequence[Hit], outline: Outline | None) -> list[Hit]:
    """The passages to answer from (quoted, or given to the model): the retrieved ones and,
    last, the rest of the best one's section when a passage boundary cut it (the next
    passage of its section). "Zorg na publicatie dat de informatie in het Algoritmeregister
    up-to-date blijft" ends the measure's "Toelichting" one passage after the one
    retrieved. Last, it gets the lowest rank weight: it is quoted for what it says, not for
    where it stands. Dev: 150 -> 154 of 260 useful, none lost; the next passage of the best
    two, or any next passage of the best, gained as much but lost one or two others."""
    out = list(hits)
    nxt = outline.next_in_section(out[0].chunk) if outline is not None and out else None
    if nxt is not None and all(h.chunk.id != nxt.id for h in out):
        out.append(Hit(chunk=nxt, score=0.0))
    return out
