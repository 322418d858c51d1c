"""The offline answerer: the segments of the top passages that answer the question best.

No language model is needed. The segments (sentences, list items with their lead-in,
table rows; wijzer/segments.py) of the top passages are ranked by:

- meaning: cosine of the question and the segment (segment vectors come from ingest);
- words: idf-weighted share of the question's words in the segment and its context
  (glossary synonyms count half);
- the passage's rank, and how well its heading path matches the question;
- answer-type cues (assistant/answer_types.py): "mag ik" favours segments that state a
  rule, "wanneer" dates, "hoeveel" numbers, "wie" named bodies, "geldt dat ook voor X"
  segments that say it applies to X or a wider group; bare definitions are held back
  unless the question asks "wat is", and segments that state no scope when it asks that;
  a sentence addressed to researchers unless the question names research.

The passages ranked are the retrieved ones and, when a passage boundary cut the best one's
section, the next passage of that section (assistant/outline.py).

The answer leads with the single best segment, with its document, heading path and the
context it leans on (a list's lead-in line, the sentence a "Dit…" refers to), followed by
at most two more segments: the next one of the same passage when it continues the lead
(the conditions of a rule; shown in the lead's quote), and otherwise the best of the rest
that does not repeat what is chosen (maximal marginal relevance on shared words). A quote
that is incomplete alone, a question or a label, is completed by what follows it. A quote
that ends its passage by announcing the sections after it is followed by their headings,
and a list that runs on into the next passage brings its further items
(assistant/outline.py). Every quote is shown literally and carries its citation [n]; each
citation records the exact segments quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Sequence

import numpy as np

from assistant import answer_types as at
from assistant.outline import Outline, Section, read_on
from wijzer.known_questions import Match
from wijzer.segments import Segment, SegmentVectors, row_text
from wijzer.text import HEADING_LINE, normalize, separable, split_verb_in, stem, terms, words as text_words
from wijzer.types import Chunk, Citation, Hit

MAX_QUOTES = 3
MAX_WORDS = 0  # a further quote is added only while the quoted words stay within this (0: no cap)
PASSAGES = 6  # the top passages whose segments are ranked
W_DENSE, W_WORDS, W_RANK, W_HEADING, W_TYPE = 2.0, 1.0, 0.35, 0.2, 0.6  # tuned on dev
DEFINITION_PENALTY = 0.35
REFERENCE_PENALTY = 0.3  # a line of a "Bronnen" list names a document; it states nothing
QUESTION_PENALTY = 1.0  # a question sentence states nothing; it is shown as the context of its answer
REFERENCE_SECTIONS = frozenset({"bronnen", "bron", "literatuur", "referenties"})
# The "Risico" section of a measure says what goes wrong without it ("Niet voldoen aan …
# kan leiden tot …"): an answer to "waarom" or "welke risico's", not to what to do. On dev,
# 12% of such passages among the top six held a fact asked, against 49% of "Toelichting".
RISK_SECTIONS = frozenset({"risico"})
RISK_PENALTY = 0.6  # tuned on dev: 0.4 +1 useful answer, 0.6 +2, 1.0 +1 (one lost again)
# A sentence addressed to researchers ("Onderzoekers … gebruiken in beginsel geen …"), or
# one that leans on such a sentence ("Daarover kunnen …"), is the RKI-kader's rule for
# research: it ranks lower unless the question (or its conversation) names research. Dev:
# no useful answer changes at 0.6 or 1.0 (older and fresh questions); "Is het toegestaan om
# een brief voor een burger met ChatGPT te schrijven?" then leads with the rule for everyone
# instead of the rule for researchers. At 0.6 "Is Gemini toegestaan voor ambtenaren?" still
# led with it (its lead-in shares "toegestaan", its meaning is the closest); 0.8, 1.0 and 1.5
# each gain one dev answer and lose none (tenth session). At 1.0 "Is het toegestaan om
# ChatGPT te gebruiken voor het schrijven van een brief aan een burger?" led with the rule
# for researchers again (its passage ranked first, its meaning the closest); 1.5 and 2.0
# change no dev answer (385 with nuggets, twelfth session).
AUDIENCE_PENALTY = 1.5
EXTRA_WEIGHT = 0.5  # a glossary synonym of a question word counts half
MIN_RELATIVE = 0.4  # a further quote scores at least this share of the lead's score
FOLLOW_RELATIVE = 0.32  # the next segment of the lead's passage joins it from this share of its score (tuned on dev)
DIVERSITY = 1.0  # a further quote's score minus this x its word overlap with the chosen (tuned on dev)
# A segment holding a phrase of a known question close in meaning (retrieval's `known`) gets
# this x the match's weight (0-1). Dev / validation useful (assistant/retrieval.py's
# KNOWN_WEIGHT at 0.4): 1.0 303 / 117, 1.5 307 / 121, 2.0 307 / 122; without known
# questions 277 / 93.
W_KNOWN = 1.5
# ... but only for a match of at least this weight (cosine 0.92): a looser one may bring its
# passages forward, not choose the sentence. "Welke instanties gaven advies voor het
# voorlopige standpunt?" is within 0.903 of "waarom is het voorlopige standpunt … herzien?"
# and led with why it was revised. Dev 340 -> 341 of 557, validation 121 -> 121 (0.4: 338 / 119).
MIN_KNOWN_WEIGHT = 0.2
LIST_ITEMS, LIST_WORDS = 5, 60  # a quote in a list, or announcing one, brings its items, up to these
# A quote that is incomplete alone is completed by the next segment(s) of its passage, at
# most WIDEN_STEPS: a question by its answer ("Welke fouten zijn erger om te maken?" - "De
# foutmarge is afhankelijk van welke schade …"), a label (a short line without closing
# punctuation) by what it labels ("Human in the loop" - "Bij dit model speelt de mens een
# actieve rol …"); a list item only by the sentences on its own line, the item an answer
# leads with by all of them (dev with dev l: 201 -> 203 of 321). Dev: 156 -> 160 of
# 260 with the joined quotes (widen()), none lost, words p50 89 -> 89. Completing a full
# sentence as well (by a next one that leans on it, "Hiervan is sprake wanneer …", or gives
# its examples, or after one under 6 words) gained 2 more dev answers (162) and none held
# out (pooled 99 of 234 either way, unseen k 25 of 45), and put 17 words on unseen k's
# median answer (95 -> 112, above the top-1 passage's 106.5).
WIDEN_STEPS = 2
LABEL_WORDS = 6  # a line without closing punctuation and fewer words is a label, not a cut-off sentence
_CLOSED = re.compile(r"[.!?:;\u2026)\"\u201d\u2019']$")
SHORT_WORDS, LONG_WORDS = 5, 80
_FOOTNOTE = re.compile(r"(?<=[^\s\[])\[\d{1,3}\](?=[\s.,;:]|$)")
# A PDF's footnote number, a superscript that the text layer glues to a closing quote or
# bracket ("(hierna: “Standpunt”)3 en", "‘onder consumentenvoorwaarden’,9 en;"): a number
# written there without a space is no part of the sentence.
_GLUED_FOOTNOTE = re.compile(r"(?<=\S[\u201d\u2019)])(,?)\d{1,2}(?=[\s;:.]|$)")  # not "de jaren ’90"
_LINK = re.compile(r"(?:https?://|www\.)\S+")
_HEADING_TEXT = re.compile(r"^\s*(?:[-*+]\s+)?#{1,6}\s+\S")  # also a card's "- ## Fase 1: …"
_WORD = re.compile(r"[^\W\d_]{2,}")  # a word of two letters or more
IDF = Callable[[str], float]
_SHORT_NAME = re.compile(r"[\u201c\u201e\"]([^\u201c\u201d\"]{2,40})[\u201d\"]\s*$")


@dataclass(frozen=True)
class Candidate:
    """One segment of one retrieved passage, with its score and why."""

    hit_pos: int
    hit: Hit
    segment: Segment
    index: int  # position of the segment in its chunk
    score: float
    parts: dict[str, float] = field(default_factory=dict, compare=False)
    then: tuple[Segment, ...] = field(default=(), compare=False)  # what completes it (see widen())

    @property
    def texts(self) -> list[str]:
        """What this quote shows of its passage, as plain text: the segment (with its
        context) and the segments that complete it."""
        return [self.segment.embed_text, *(s.text for s in self.then)]


def rank_segments(
    question: str, query_vector: Sequence[float] | None, hits: Sequence[Hit],
    vectors: SegmentVectors | None, expansions: Iterable[str] = (), idf: IDF | None = None,
    passages: int = PASSAGES, own: str | None = None, kinds: frozenset[str] | None = None,
    known: Sequence[Match] = (),
) -> list[Candidate]:
    """Every segment of the top passages, best first (duplicates of a better one removed).

    `own` is the user's own words when `question` is a follow-up rewritten with terms of
    the conversation: those terms then count like synonyms, so "En geldt dat ook voor
    gemeenten?" is answered about gemeenten, not by the previous answer again."""
    focus = own or question
    kinds = at.asked(focus) if kinds is None else kinds
    why = at.asks_consequence(focus)
    research = at.asks_about_research(question) or at.asks_about_research(focus)
    context = [question] if own else []
    words = _WordMatcher(focus, [*context, *expansions], idf,
                         wider=expansions if at.SCOPE in kinds else ())
    q = np.asarray(query_vector, np.float32) if query_vector is not None else None
    raw: list[tuple[int, Hit, Segment, int, float, float, float]] = []
    for pos, hit in enumerate(hits[:passages]):
        segs, matrix = vectors.get(hit.chunk) if vectors is not None else (_plain(hit), None)
        heading = words.share(" ".join((*hit.chunk.section, hit.chunk.title)))
        cos = (matrix @ q) if (q is not None and matrix is not None and len(segs) and
                               matrix.shape[1] == q.shape[0]) else np.zeros(len(segs))
        for i, seg in enumerate(segs):
            if _is_boilerplate(seg, vectors):
                continue
            raw.append((pos, hit, seg, i, float(cos[i]), words.share(seg.embed_text), heading))
    pinned = [(m.weight, m.phrases) for m in known if m.weight >= MIN_KNOWN_WEIGHT]
    if not raw:
        return []
    dense = np.array([r[4] for r in raw])
    lo, hi = float(dense.min()), float(dense.max())
    out: list[Candidate] = []
    for (pos, hit, seg, i, _cos, lex, heading), d in zip(raw, dense):
        parts = {
            "dense": W_DENSE * ((d - lo) / (hi - lo) if hi > lo else 0.0),
            "words": W_WORDS * lex,
            "rank": W_RANK / (pos + 1),
            "heading": W_HEADING * heading,
            "type": W_TYPE * _type_cue(kinds, seg, words),
            "form": _form_penalty(kinds, seg, at.is_definition_heading(hit.chunk.section))
            - _section_penalty(section_name(hit, seg), why)
            - (AUDIENCE_PENALTY if not research and at.for_researchers(seg.embed_text) else 0.0),
        }
        if pinned:
            parts["known"] = W_KNOWN * _pinned(seg, pinned)
        if not _says_nothing(seg):  # scaled with the rest: leaving it out moves no other score
            out.append(Candidate(pos, hit, seg, i, sum(parts.values()), parts))
    out.sort(key=lambda c: (-c.score, c.hit_pos, c.index))
    return _unique(out)


def choose(ranked: Sequence[Candidate], max_quotes: int = MAX_QUOTES) -> list[Candidate]:
    """The lead, then the segment that continues it in its passage (when it scores well or
    the lead announces it), then the best of the rest; at most `max_quotes`.

    "The best of the rest" is a maximal-marginal-relevance choice: its score minus its word
    overlap with what is already chosen, so a question with several facets ("wat zet ik in
    een aanbesteding?") gets another facet rather than the same point again. A further quote
    that announces a list brings its items, as the lead does: the line "Het onderzoekskader is
    ingedeeld in 4 thema's:" alone names none of them."""
    if not ranked:
        return []
    # a line of a "Bronnen" list names a document and states nothing: it may follow, not lead
    lead = next((c for c in ranked if not _in_reference_list(c.hit, c.segment)), ranked[0])
    chosen = [lead]
    floor = MIN_RELATIVE * lead.score
    members = list_members(lead, ranked)
    if members:  # the list is one quote and counts for two
        chosen += members
        quotes = 2
    else:
        quotes = 1
        follow = next((c for c in ranked if c.hit_pos == lead.hit_pos and c.index == lead.index + 1), None)
        if follow is not None and (follow.score >= FOLLOW_RELATIVE * lead.score or _announces_list(lead.segment)):
            chosen.append(follow)
            if _announces_list(follow.segment):  # "Dit zijn AI-systemen die:" alone names none
                chosen += [m for m in list_members(follow, ranked) if m not in chosen]
            quotes += 1
    stems: dict[int, set[str]] = {}
    while quotes < max_quotes:
        best, value = None, float("-inf")
        for c in ranked:
            if c in chosen or c.score < floor or _covered(c, chosen):
                continue
            if MAX_WORDS and _words(chosen) + _words([c]) > MAX_WORDS:
                continue
            v = c.score - DIVERSITY * max(_overlap(c, o, stems) for o in chosen)
            if v > value:
                best, value = c, v
        if best is None:
            break
        chosen.append(best)
        if _announces_list(best.segment):  # "… ingedeeld in 4 thema's:" alone says nothing
            chosen += [m for m in list_members(best, ranked) if m not in chosen]
        quotes += 1
    return chosen


def widen(chosen: Sequence[Candidate], vectors: SegmentVectors | None = None) -> list[Candidate]:
    """Each chosen sentence or item with the segments of its passage that complete it (see
    WIDEN_STEPS): "Welke fouten zijn erger om te maken?" is answered only by the line after
    it, "De foutmarge is afhankelijk van welke schade …", which its own words do not rank
    high. A chosen sentence that directly follows another chosen one of its passage (the
    lead and the sentence that continues it) is shown in the same quote. A segment is
    never repeated, and a quote never runs into a heading, boilerplate or a line that
    announces a list."""
    order = {(c.hit_pos, c.index): k for k, c in enumerate(chosen)}
    taken = set(order)
    joined: set[tuple[int, int]] = set()
    out = []
    for k, c in enumerate(chosen):
        if (c.hit_pos, c.index) in joined:
            continue
        then: list[Segment] = []
        while c.segment.kind == "sentence":
            key = (c.hit_pos, c.index + len(then) + 1)
            nxt = chosen[order[key]] if order.get(key, -1) > k else None
            last = then[-1] if then else c.segment
            if (nxt is None or nxt.segment.kind != "sentence"
                    or HEADING_LINE.search(c.hit.chunk.text, last.end, nxt.segment.start)):
                break
            then.append(nxt.segment)
            joined.add(key)
        then += _completion(c, taken, len(then), vectors, whole_item=k == 0)
        taken.update((c.hit_pos, c.index + n + 1) for n in range(len(then)))
        out.append(replace(c, then=tuple(then)) if then else c)
    return out


def _completion(c: Candidate, taken: set[tuple[int, int]], skip: int = 0,
                vectors: SegmentVectors | None = None, whole_item: bool = False) -> tuple[Segment, ...]:
    """The segments after `c` (and the `skip` shown with it already) that complete it; a
    list item only by sentences on its own line ("- gebruikt kan worden om emoties … af te
    leiden? (Dit is niet van toepassing als …)"). The item an answer leads with
    (`whole_item`) is shown whole: its bullet is the point that answers the question, and
    "- Niet alle taalmodellen kunnen even goed omgaan met de Nederlandse taal." names the
    models that can only in the bullet's next sentence."""
    if c.segment.kind not in ("sentence", "item"):
        return ()
    text = c.hit.chunk.text
    segs = vectors.get(c.hit.chunk)[0] if vectors is not None else _plain_chunk(c.hit.chunk)
    start = c.index + skip
    if start >= len(segs) or segs[c.index].start != c.segment.start:
        return ()
    then: list[Segment] = []
    last = segs[start]
    for j in range(start + 1, min(start + 1 + WIDEN_STEPS, len(segs))):
        nxt = segs[j]
        if ((c.hit_pos, j) in taken or _says_nothing(nxt) or _announces_list(nxt) or _is_boilerplate(nxt, vectors)
                or HEADING_LINE.search(text, last.end, nxt.start)
                or (c.segment.kind == "item" and (nxt.kind != "sentence" or "\n" in text[last.end:nxt.start]))):
            break
        if not (_incomplete(last) or (whole_item and c.segment.kind == "item")):
            break
        then.append(nxt)
        last = nxt
    return tuple(then)


def _incomplete(seg: Segment) -> bool:
    """A question, or a label (a short line without closing punctuation): quoted alone it
    says nothing. A longer line without it is a list item or a sentence the PDF cut, which
    says what it says."""
    text = seg.text.rstrip()
    return text.endswith("?") or (len(text.split()) < LABEL_WORDS and not _CLOSED.search(text))


def _overlap(a: Candidate, b: Candidate, stems: dict[int, set[str]]) -> float:
    """Share of word stems two segments have in common (Jaccard): a further quote that says
    what is already shown in other words adds little."""
    sa, sb = (_stems(c, stems) for c in (a, b))
    return len(sa & sb) / len(sa | sb) if sa or sb else 0.0


def _stems(c: Candidate, cache: dict[int, set[str]]) -> set[str]:
    """A segment's word stems, computed once per choice (terms() is the costly part)."""
    found = cache.get(id(c))
    if found is None:
        found = cache[id(c)] = {stem(w) for w in terms(c.segment.embed_text)}
    return found


def list_members(lead: Candidate, ranked: Sequence[Candidate]) -> list[Candidate]:
    """The other items of the list a quote is an item of (or the lead-in of), within
    LIST_ITEMS and LIST_WORDS, shown in document order: "wat moet erin staan?" is answered by
    the list, not by one of its items. A longer list shows the items that answer best (the
    ranking's order), not its first ones: "Dat de output van het algoritme kritisch
    geëvalueerd wordt door natuurlijke personen" answers "wat vraagt het
    zorgvuldigheidsbeginsel…?" from the end of a list."""
    key = _list_key(lead.segment)
    if key is None:
        return []
    out: list[Candidate] = []
    words = 0
    for c in ranked:  # best first
        if c is lead or not _in_list(c, lead.hit_pos, key):
            continue
        n = len(c.segment.shown.split())
        if len(out) >= LIST_ITEMS:
            break
        if words + n > LIST_WORDS:  # too long for what is left: a shorter one may fit
            continue
        out.append(c)
        words += n
    return sorted(out, key=lambda c: c.index)


def _list_key(seg: Segment) -> str | None:
    """The lead-in line that names the list a segment is an item of, or announces."""
    if seg.kind == "item" and seg.context:
        return seg.context
    return seg.text if _announces_list(seg) else None


def _announces_list(seg: Segment) -> bool:
    return seg.text.rstrip().endswith(":")


def _in_list(c: Candidate, hit_pos: int, key: str) -> bool:
    return c.hit_pos == hit_pos and c.segment.kind == "item" and c.segment.context == key


def _words(chosen: Sequence[Candidate]) -> int:
    return sum(len(c.segment.embed_text.split()) for c in chosen)


def _pinned(seg: Segment, pinned: Sequence[tuple[float, Sequence[str]]]) -> float:
    """The weight of the best known question one of whose phrases this segment holds."""
    plain = normalize(seg.embed_text)
    return max((w for w, phrases in pinned if any(p in plain for p in phrases)), default=0.0)


def extractive_answer(
    question: str, hits: Sequence[Hit], max_sentences: int = MAX_QUOTES,
    extra_terms: Iterable[str] = (), *, query_vector: Sequence[float] | None = None,
    vectors: SegmentVectors | None = None, idf: IDF | None = None, own: str | None = None,
    outline: Outline | None = None, kinds: frozenset[str] | None = None,
    known: Sequence[Match] = (),
) -> tuple[str, tuple[Citation, ...], list[Candidate]]:
    """The quotation answer, its citations (numbered in order of appearance) and the
    chosen segments. With the index's `outline`, the best passage's section is read on into
    its next passage, a list that runs to the end of its passage brings its further items
    from there, and a line that announces the next sections of its page ("Deze afspraken
    maak je op 2 niveaus:" at the end of its passage) is followed by their headings, each
    cited to its own passage."""
    hits = read_on(hits[:PASSAGES], outline)
    ranked = rank_segments(question, query_vector, hits, vectors, extra_terms, idf, own=own,
                           passages=len(hits), kinds=kinds, known=known)
    chosen = widen(choose(ranked, min(max_sentences, MAX_QUOTES)), vectors)
    if not chosen:
        return "", (), []
    numbers: dict[str, int] = {}  # chunk id -> citation number
    chunks: dict[str, Chunk] = {}
    quoted: dict[str, list[str]] = {}

    def cite(chunk: Chunk, parts: Iterable[str]) -> int:
        n = numbers.setdefault(chunk.id, len(numbers) + 1)
        chunks[chunk.id] = chunk
        have = quoted.setdefault(chunk.id, [])
        have.extend(p for p in parts if p not in have)
        return n

    lines: list[str] = []
    before: list[Candidate] = []  # what earlier quotes showed
    for k, group in enumerate(_quotes(chosen)):
        c = group[0]
        n = cite(c.hit.chunk, [p for member in group for p in _quoted_parts(member, before)])
        if k == 0:
            lines.append(f"{_where(c)}:")
        close = f"\u201d [{n}]"
        if _continues_list(group, before) and lines[-1] == "" and lines[-2].endswith(close):
            # "… Het gaat om de volgende zaken:" ended the last quote: its items go on from there
            lines.pop()
            lines[-1] = f"{lines[-1][: -len(close)]} {_shown_list(group, lead_in=False)}{close}"
        else:
            lines.append(f"\u201e{_shown_list(group) if len(group) > 1 else _shown(c, before)}\u201d [{n}]")
        for section in _announced_sections(group, outline):
            lines.append(f"- {section.heading} [{cite(section.chunk, [section.opening.text])}]")
        following = _items_after(group, outline)
        if following is not None:
            chunk, items = following
            shown = " \u2026 ".join(_clean(i.shown) for i in items)
            lines.append(f"\u201e{shown}\u201d [{cite(chunk, [i.text for i in items])}]")
        lines.append("")
        before += group
    citations = tuple(
        Citation(n=n, chunk=chunks[cid], quote=quoted[cid][0], quotes=tuple(quoted[cid]))
        for cid, n in numbers.items()
    )
    return "\n".join(lines).strip(), citations, chosen


def _announced_sections(group: Sequence[Candidate], outline: Outline | None) -> list[Section]:
    """The sections a quote announces when it is the last line of its passage and brings
    no items of its own (see assistant.outline)."""
    if outline is None or not _ends_announcing(group):
        return []
    return outline.announced(group[-1].hit.chunk, group[-1].segment.text)


def _items_after(group: Sequence[Candidate], outline: Outline | None) -> tuple[Chunk, list[Segment]] | None:
    """The items of a list that runs on into the next passage of the same section: its
    lead-in ends the quote's passage ("Belangrijke begrippen in dit verbod zijn:" alone names
    none of them), or its items run to the end of it (the Standpunt's five conditions, two in
    one passage of the RKI-kader and four in the next, one repeated). The passages overlap,
    so the lead-in or an item may be repeated there; the list stays within LIST_ITEMS and
    LIST_WORDS."""
    if outline is None:
        return None
    last = max(group, key=lambda c: c.segment.end)
    if last.hit.chunk.text[last.segment.end:].strip():
        return None  # the quote does not reach the end of its passage
    if _ends_announcing(group):
        key = last.segment.text
    elif last.segment.kind == "item" and all(c.segment.kind == "item" or _announces_list(c.segment) for c in group):
        key = last.segment.context
    else:
        return None
    nxt = outline.next_in_section(last.hit.chunk)
    if nxt is None:
        return None
    segs = _plain_chunk(nxt)
    repeated = next((i for i, s in enumerate(segs) if key and s.text == key), None)
    if repeated is not None:
        items = [s for s in segs[repeated + 1:] if s.kind == "item" and s.context == key]
    else:
        items = []
        for s in segs:
            if s.kind == "item":
                items.append(s)
            elif not (items and s.kind == "sentence" and "\n" not in nxt.text[items[-1].end:s.start]):
                break  # not the rest of an item's line ("- Beveiliging. De verwerker treft …")
    have = {normalize(c.segment.shown) for c in group if c.segment.kind == "item"}
    shown: list[Segment] = []
    words = sum(len(t.split()) for t in have)
    for s in items:
        if normalize(s.shown) in have:
            continue  # the item the passages share
        words += len(s.shown.split())
        if len(have) + len(shown) >= LIST_ITEMS or words > LIST_WORDS:
            break
        shown.append(s)
    return (nxt, shown) if shown else None


def _ends_announcing(group: Sequence[Candidate]) -> bool:
    """A quote of one line that announces a list and is the last line of its passage."""
    c = group[-1]
    return len(group) == 1 and _announces_list(c.segment) and not c.hit.chunk.text[c.segment.end:].strip()


# --- scoring parts ------------------------------------------------------------------------

class _WordMatcher:
    """Idf-weighted share of the question's words found in a text (synonyms count half)."""

    def __init__(self, question: str, expansions: Iterable[str], idf: IDF | None,
                 wider: Iterable[str] = ()) -> None:
        self.query = {stem(w): w for w in terms(question)}
        extra = {stem(w): w for t in expansions for w in terms(t)}
        self.extra = {k: v for k, v in extra.items() if k not in self.query}
        # a scope question's glossary terms ("gemeenten" -> "overheidsorganisaties") count in
        # full: "geldt voor alle overheidsorganisaties" answers "geldt dat ook voor gemeenten?"
        self.wider = {stem(w) for t in wider for w in terms(t)} - set(self.query)
        self.group = frozenset(self.query) | frozenset(self.wider)  # whom a scope question asks about
        weight = idf or (lambda _w: 1.0)
        self.weights = {k: max(weight(w), 0.1) for k, w in {**self.query, **self.extra}.items()}
        self.total = sum(self.weights[k] for k in self.query) or 1.0
        self.separable = {k: w for k, w in {**self.query, **self.extra}.items() if separable(w)}

    def share(self, text: str) -> float:
        if not self.query:
            return 0.0
        found = {stem(w) for w in terms(text)}
        if any(k not in found for k in self.separable):
            written = text_words(text)  # "stelden … vast" for "vastgesteld"
            found |= {k for k, w in self.separable.items() if k not in found and split_verb_in(w, written)}
        own = sum(self.weights[k] for k in self.query if k in found)
        syn = EXTRA_WEIGHT * sum(self.weights[k] for k in self.extra if k in found)
        share = (own + min(syn, 0.5 * self.total)) / self.total
        if self.wider:
            wider = max((self.weights[k] for k in self.wider if k in found), default=0.0)
            share = max(share, (own + wider) / self.total)
        return min(1.0, share)


def _type_cue(kinds: frozenset[str], seg: Segment, words: _WordMatcher | None = None) -> float:
    text = seg.embed_text
    group = words.group if words is not None else frozenset()
    wanted = [k for k in kinds if k != at.DEFINITION]
    if not wanted:
        return 0.0
    return sum(_listed(seg) if k == at.LIST else _scope(seg.text, group) if k == at.SCOPE
               else 0.0 if k == at.RULE and _leans_only(seg, words)
               else at.strength(k, text) for k in wanted) / len(wanted)


def _leans_only(seg: Segment, words: _WordMatcher | None) -> bool:
    """A sentence quoted with the sentences it leans on, whose own words name nothing the
    question asks about: its "moeten" is about what the context is about ("Deze handleiding
    … zal aangepast moeten worden", after a sentence on Utrecht's ChatGPT handbook), not a
    rule on what was asked."""
    return words is not None and seg.kind == "sentence" and bool(seg.context) and words.share(seg.text) == 0


def _scope(text: str, group: frozenset[str]) -> float:
    """Whether a segment says the asked group is covered: 1 when "geldt voor …" names it or a
    wider one ("geldt voor alle overheidsorganisaties"), 0 when it names another ("gelden
    … ook voor hen"), -1 when it states no scope at all: held back, as bare definitions are."""
    found = at.scope_object(text)
    if found is None:
        return -1.0
    return 1.0 if any(stem(w) in group for w in terms(found)) else 0.0


def _listed(seg: Segment) -> float:
    """How much a segment is (part of) an enumeration: a list item or a lead-in line 1, a
    sentence that enumerates (two commas or more) 0.5."""
    if seg.kind in ("item", "row") or _announces_list(seg):
        return 1.0
    return 0.5 if seg.text.count(",") >= 2 else 0.0


def _form_penalty(kinds: frozenset[str], seg: Segment, defining_section: bool = False) -> float:
    """Bare definitions (unless asked), fragments, questions and very long segments rank
    lower; every sentence under a "Wat is …?" heading counts as a definition. A question
    ("Zijn er risico's te voorzien met betrekking tot reproduceerbaarheid?") answers nothing:
    it is quoted as the context of the sentence after it ("Is je organisatie van plan … ?
    Dan is je organisatie verplicht …"), nor does a form's prompt ("Geef aan welke generatieve
    AI-toepassing(en) gaat/gaan worden gebruikt."). A list item that asks is a point to check
    ("Technisch: Doet het nog waarvoor het is ontworpen?") and keeps its place."""
    penalty = 0.0
    n = len(seg.text.split())
    if n < SHORT_WORDS and seg.kind != "row":
        penalty -= 0.3
    if seg.kind == "sentence" and (seg.text.rstrip().endswith("?") or at.asks_in_form(seg.text)):
        penalty -= QUESTION_PENALTY
    if n > LONG_WORDS:
        penalty -= 0.15
    if defining_section or at.is_definition(seg.text):
        penalty += 0.15 if at.DEFINITION in kinds else -DEFINITION_PENALTY
    return penalty


def _is_boilerplate(seg: Segment, vectors: SegmentVectors | None) -> bool:
    """Boilerplate found on many pages ("Heb je een ander voorbeeld of best practice, laat
    het ons weten via …", disclaimers) is never quoted: it says nothing about the question.
    (Footnotes stay: "[voetnoot 24] … RKI's gebruiken hiervoor de Model DPIA Rijksdienst,
    te raadplegen via https://…" answers a question on dev.)"""
    return vectors is not None and normalize(seg.text) in vectors.boilerplate


def _says_nothing(seg: Segment) -> bool:
    """A footnote that is only an address ("[voetnoot 1] https://open.overheid.nl/…") says
    nothing to a reader; one that says something and links ("… te raadplegen via https://…")
    does. Nor does a heading inside a passage, also one on a card of an overview page
    ("- ## Fase 1: Probleemanalyse"): it names a section, and states nothing."""
    if _HEADING_TEXT.match(seg.text):
        return True
    bare = _LINK.sub(" ", at.FOOTNOTE_LABEL.sub(" ", seg.text, count=1))
    return bare != seg.text and not _WORD.search(bare)


def _in_reference_list(hit: Hit, seg: Segment | None = None) -> bool:
    """A line under a "Bronnen" heading: titles of documents, not statements."""
    return section_name(hit, seg) in REFERENCE_SECTIONS


def _section_penalty(section: str, why: bool) -> float:
    """A line of a "Bronnen" list names a document; a sentence of a measure's "Risico"
    section answers only a question about risks or reasons (`why`)."""
    if section in REFERENCE_SECTIONS:
        return REFERENCE_PENALTY
    return RISK_PENALTY if section in RISK_SECTIONS and not why else 0.0


def section_name(hit: Hit, seg: Segment | None) -> str:
    """The heading a segment stands under, lower case: the passage's section, or one inside
    the passage above the segment (small sections, "Risico" and "Bronnen", are merged into
    one passage, which keeps the first one's name)."""
    inner = _heading_above(hit, seg) if seg is not None else None
    name = inner if inner is not None else (hit.chunk.section[-1] if hit.chunk.section else "")
    return name.strip().lower()


def _heading_above(hit: Hit, seg: Segment) -> str | None:
    """The last heading inside the passage before the segment, if the passage holds one."""
    found = [m.group(2) for m in HEADING_LINE.finditer(hit.chunk.text, 0, seg.start)]
    return found[-1] if found else None


def _unique(ranked: list[Candidate]) -> list[Candidate]:
    """Drop a segment whose text repeats a better one (overlapping chunks repeat sentences)."""
    seen: set[str] = set()
    out = []
    for c in ranked:
        key = normalize(c.segment.text)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


def _covered(c: Candidate, chosen: Sequence[Candidate]) -> bool:
    """Already shown: the same text, part of a chosen segment or its context, or holding one."""
    text = normalize(c.segment.text)
    return any(text in normalize(o.segment.text) or normalize(o.segment.text) in text
               or (o.segment.shows_context and text in normalize(o.segment.context)) for o in chosen)


def _plain(hit: Hit) -> list[Segment]:
    return _plain_chunk(hit.chunk)


def _plain_chunk(chunk: Chunk) -> list[Segment]:
    from wijzer.segments import segments

    return segments(chunk.text)


# --- presentation -------------------------------------------------------------------------

def _where(c: Candidate) -> str:
    """The lead's document and heading path: 'Generatieve AI › Wat zegt het standpunt'.

    A title that ends with its short name in quotes ("Kader voor … planbureaus “RKI-kader”",
    20 words) is shown by that name: the reader wants the answer first, and the citation
    card gives the full title. A heading that repeats the title or that name ("“RKI-kader”")
    is left out, and a heading's own colon is dropped. When small sections were merged into
    one passage, the heading inside it above the segment names the section ("Toelichting",
    not the passage's first section "Maatregel")."""
    chunk = c.hit.chunk
    short = _SHORT_NAME.search(chunk.title)
    title = short.group(1) if short else chunk.title
    inner = _heading_above(c.hit, c.segment)
    section = (*chunk.section[:-1], inner) if inner is not None else chunk.section
    path = [p.strip().rstrip(":").rstrip() for p in section
            if normalize(p.strip("\u201c\u201d\"' ")) not in (normalize(chunk.title), normalize(title))]
    label = " \u203a ".join([title, *path[-2:]])
    return f"Volgens {label}"


def _clean(text: str) -> str:
    """A segment on one line, without the source's footnote markers (shown, not cited: the
    citation keeps the exact text)."""
    return _GLUED_FOOTNOTE.sub(r"\1", _FOOTNOTE.sub("", " ".join(text.split())))


def _context_shown(c: Candidate, before: Sequence[Candidate]) -> bool:
    """Whether a quote shows its context: not when it is hidden (an unannounced lead-in), nor
    when an earlier quote already showed a sentence of it ("Daarover kunnen …" right after
    the sentence it leans on reads as its continuation)."""
    seg = c.segment
    if not seg.shows_context or seg.context_start is None:
        return seg.shows_context
    end = seg.context_start + len(seg.context)
    return not any(o.hit_pos == c.hit_pos and seg.context_start <= o.segment.start < end for o in before)


def _shown(c: Candidate, before: Sequence[Candidate] = ()) -> str:
    seg = c.segment
    if seg.kind == "row":
        return _clean(row_text(seg))
    body = _shown_with_completion(c)
    if _context_shown(c, before):
        ctx = _clean(seg.shown_context)
        joiner = " " if seg.kind == "sentence" else " \u2026 "
        return f"{ctx}{joiner}{body}"
    return body


def _shown_with_completion(c: Candidate) -> str:
    body = _clean(c.segment.shown)
    for prev, nxt in zip((c.segment, *c.then), c.then):
        body += _joint(prev, nxt) + _clean(nxt.shown)
    return body


def _joint(prev: Segment, nxt: Segment) -> str:
    """How a completing segment follows the one before it in a quote: a list item as the
    items of a list are shown, a line without closing punctuation ("Human in the loop") as
    the label of what follows."""
    if nxt.kind == "item":
        return " \u2026 "
    return " " if _CLOSED.search(_clean(prev.text).rstrip()) else ": "  # "zekerheid.[55]" is closed


def _quotes(chosen: Sequence[Candidate]) -> list[list[Candidate]]:
    """The chosen segments as quotes: a segment with the chosen items of its list is one quote
    (also a list without a lead-in line in the passage: items of one list read as one)."""
    out: list[list[Candidate]] = []
    rest = list(chosen)
    while rest:
        head = rest.pop(0)
        key = head.segment.context if head.segment.kind == "item" else _list_key(head.segment)
        members = [c for c in rest if key is not None and _in_list(c, head.hit_pos, key)]
        rest = [c for c in rest if c not in members]
        out.append(sorted([head, *members], key=lambda c: c.index))
    return out


def _continues_list(group: Sequence[Candidate], before: Sequence[Candidate]) -> bool:
    """Items of a list whose lead-in the quote before them ended with (the lead-in completed
    the sentence that leads: "Met een verwerkersovereenkomst … Het gaat om de volgende
    zaken:"), so the lead-in is not shown twice."""
    first = group[0]
    if first.segment.kind != "item" or first.segment.context_start is None or not before:
        return False
    last = before[-1]
    shown = (last.then[-1] if last.then else last.segment) if last.hit_pos == first.hit_pos else None
    return shown is not None and shown.start == first.segment.context_start


def _shown_list(group: Sequence[Candidate], lead_in: bool = True) -> str:
    """A list as one quote: its lead-in, then the items in document order."""
    first = group[0].segment
    if not lead_in:
        return " \u2026 ".join(_shown_with_completion(c) for c in group if c.segment.kind == "item")
    lead_in_text = (_clean(first.shown_context) if first.shows_context else "") if first.kind == "item" else _clean(first.shown)
    items = [_shown_with_completion(c) for c in group if c.segment.kind == "item"]
    return f"{lead_in_text} " + " \u2026 ".join(items) if lead_in_text else " \u2026 ".join(items)


def _quoted_parts(c: Candidate, before: Sequence[Candidate] = ()) -> list[str]:
    """The exact substrings of the chunk that this quote shows (context first)."""
    text = c.hit.chunk.text
    parts = []
    seg = c.segment
    if _context_shown(c, before) and seg.context_start is not None:
        parts.append(text[seg.context_start:seg.context_start + len(seg.context)])
    parts.append(text[seg.start:seg.end])
    parts.extend(text[s.start:s.end] for s in c.then)
    return parts
