"""What counts as a word, a stop word and a sentence: defined once for the whole project.

Chunking, BM25, the evidence gate, the segment ranking of the extractive answer, the
support check of LLM answers and the follow-up heuristic all use these functions, so
changing what a word is happens here only.

- `fold`: lower case without accents ("Géén" = "geen"): users type both.
- `words`: folded tokens; hyphenated compounds kept whole *and* split
  ("ai-toepassing" -> "ai-toepassing", "ai", "toepassing").
- `STOPWORDS`: bm25s' Dutch list plus question and filler words of this domain
  ("mag", "welke", "gebruiken"), which carry no topic in a question.
- `content_words`: words without stop words and without bare numbers.
- `terms`: content words of at least three letters: the unit of word overlap.
- `sentences`: sentences and list items of a passage by exact offset (a quote is always
  `text[start:end]`), headings left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bm25s.stopwords import STOPWORDS_DUTCH

# Question and filler words that carry no topic in this domain's questions.
_EXTRA_STOPWORDS = """
    mag mogen moet moeten welke welk waar wanneer waarom wij we onze jij jouw jullie zijn hun
    daarbij hierbij daarvan hiervan kun kunt kan wel eigenlijk precies bijvoorbeeld graag
    even iemand volgens staat gaat gaan doe doen ben bent iets ergens
    eens toch nu zelf alle andere binnen geldt heb hebben heeft hoe ja maar meer mij mijn
    niets ons tegen uw veel want wil zal zou zouden
""".split()
STOPWORDS = frozenset(STOPWORDS_DUTCH) | frozenset(_EXTRA_STOPWORDS)

_TOKEN = re.compile(r"\w+(?:[-‐–]\w+)*", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents: 'Géén artificiële' -> 'geen artificiele'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize(text: str) -> str:
    """Folded, with all white space as single spaces: how two texts are compared as strings."""
    return " ".join(fold(text).split())


def words(text: str) -> list[str]:
    """Folded tokens of two or more characters; hyphenated compounds kept whole and split."""
    out: list[str] = []
    for match in _TOKEN.findall(fold(text)):
        match = re.sub(r"[-‐–]", "-", match).strip("_")
        parts = [p for p in match.split("-") if p]
        if len(parts) > 1:
            out.append(match)
        out.extend(p for p in parts if len(p) >= 2)
    return out


def content_words(text: str) -> list[str]:
    """Words without stop words and without bare numbers (BM25's and the gate's unit)."""
    return [w for w in words(text) if w not in STOPWORDS and not w.isdigit()]


def terms(text: str) -> list[str]:
    """Content words of three or more letters: the unit of word overlap between texts."""
    return [w for w in content_words(text) if len(w) > 2]


def stem(word: str) -> str:
    """A crude Dutch prefix stem: 'verwerken'/'verwerking' -> 'verwer' (for overlap only)."""
    return word[:6] if len(word) > 6 else word


def stems(text: str) -> set[str]:
    return {stem(w) for w in terms(text)}


def dutch_list(names: Sequence[str]) -> str:
    """Names as Dutch lists them: ['a', 'b', 'c'] -> 'a, b en c'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


# Particles of Dutch separable verbs: "vastgesteld" is written "stelden ... vast" in a main
# clause, "vastleggen" "Leg ... vast", "inzetten" "zet ... in". Not "voor", "over", "onder",
# "door": their words are mostly nouns or verbs that do not split ("voorwaarden", "overheid").
SEPARABLE_PARTICLES = ("vast", "terug", "samen", "plaats", "bekend", "aan", "af", "bij", "in",
                       "mee", "na", "op", "toe", "uit", "weg", "vrij", "los", "deel")
_VERB_ENDINGS = ("", "t", "d", "dt", "en", "de", "te", "den", "ten")
_VOWELS = "aeiou"


@lru_cache(maxsize=8192)  # asked for each segment an answer ranks
def separable(word: str) -> tuple[str, frozenset[str]] | None:
    """A separable verb form split into its particle and the forms its verb takes when the
    particle stands apart: 'vastgesteld' -> ('vast', {'stel', 'stelt', 'stelden', ...}),
    'opnemen' -> ('op', {'neem', 'neemt', 'nemen', ...}). Only infinitives ('-en') and
    participles ('ge-...-d/t'); None for other words ('informatie', 'aanbieder')."""
    particle = next((p for p in SEPARABLE_PARTICLES if word.startswith(p)), None)
    if particle is None:
        return None
    root = word[len(particle):]
    infinitive = root.endswith("en") and len(root) >= 5 and not root.startswith("ge")
    if root.startswith("ge") and root[-1:] in ("d", "t") and len(root) >= 5:
        base = root[2:-1]  # "gesteld" -> "stel"
        if root[-2:] == "et" and len(base) >= 2:  # "gezet" -> "zet": the t is the verb's own
            base = root[2:]
    elif infinitive:
        base = root[:-2]  # "leggen" -> "legg", "nemen" -> "nem"
    else:
        return None
    bases = {base}
    if len(base) >= 2 and base[-1] == base[-2] and base[-1] not in _VOWELS:
        bases.add(base[:-1])  # "legg" -> "leg"
    if (infinitive and len(base) >= 3 and base[-1] not in _VOWELS and base[-2] in _VOWELS
            and base[-3] not in _VOWELS):
        bases.add(base[:-1] + base[-2] + base[-1])  # "nem" -> "neem", "mak" -> "maak"
    forms = {b + e for b in bases if len(b) >= 3 for e in _VERB_ENDINGS}
    forms |= {b + b[-1] + "en" for b in bases if len(b) >= 3 and b[-1] not in _VOWELS}  # "zetten"
    return (particle, frozenset(forms)) if forms else None


def split_verb_in(word: str, text_words: list[str]) -> bool:
    """Whether a text writes a separable verb apart: a form of its verb, and its particle
    after it ("De RKI-directeuren stelden het RKI-kader vast" for "vastgesteld")."""
    split = separable(word)
    if split is None:
        return False
    particle, forms = split
    verb = next((i for i, w in enumerate(text_words) if w in forms), None)
    return verb is not None and particle in text_words[verb + 1:]


# --- sentences ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Sentence:
    """A sentence or list item of a text by offset: `text[start:end]` is the sentence itself."""

    start: int
    end: int
    text: str


# A sentence ends at . ! ? … (optionally closed by quotes/brackets or a footnote marker)
# before a space and a capital/digit/opening mark; every line break that starts a list
# item, a heading, a table row or a new paragraph ends one too.
_SENTENCE_END = re.compile(
    r"(?<=[.!?\u2026])([\"'\u201d\u2019)\]]*(?:\[\d{1,3}\])?)\s+(?=[\"'\u201c\u2018(\[A-Z0-9\u00c0-\u00dd\u2022\-*])"
    r"|\n\s*\n|\n(?=\s*(?:[-*\u2022]|\d+[.)]|#|\|))"
)
_HEADING = re.compile(r"^#{1,6}\s")
# A Markdown heading line as the readers write it: (level marks, text). Chunk texts keep the
# headings of small sections merged into one passage, so the answer reads them too.
HEADING_LINE = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)
_ABBREVIATIONS = frozenset(
    "bijv bv dhr mevr nr art lid o.a e.d d.w.z m.b.t t.a.v i.v.m ca etc enz resp jl zgn evt "
    "incl excl max min blz p pag vgl mr dr ir prof".split()
)


_NUMBERED = re.compile(r"\s*\d{1,2}\.")  # the number of a numbered list item
# The next number of a list written on one line (the PDFs: "1. Menselijke controle en
# menselijk toezicht; 2. Technische robuustheid; …"): the list is one sentence, not eight
# fragments that each end in the next one's number.
_INLINE_NUMBER = re.compile(r"[;,]\s*(?:en\s+)?\d{1,2}\.$")
# A list item is kept however short: "- misleiden" is the first of the prohibited AI systems.
_SHORT_ITEM = re.compile(r"^(?:[-*+\u2022]|\d{1,2}[.)])[ \t]+\w")


def sentences(text: str, min_chars: int = 12) -> list[Sentence]:
    """Split a passage into sentences and list items with exact offsets; headings,
    fragments without three letters in a row, and sentences under `min_chars` (list items
    excepted) are left out."""
    out: list[Sentence] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start() + len(m.group(1) or "")
        if m.group(1) is not None and (_ends_in_abbreviation(text, start, m.start())
                                       or _NUMBERED.fullmatch(text, start, m.start())
                                       or _INLINE_NUMBER.search(text, start, m.start())):
            continue  # "1. Hoofdstuk 2 biedt …" is one list item, not "1." and a sentence
        _add(out, text, start, end, min_chars)
        start = m.end()
    _add(out, text, start, len(text), min_chars)
    return out


def _ends_in_abbreviation(text: str, start: int, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[start:dot])
    return bool(word) and word.group(1).lower().rstrip(".") in _ABBREVIATIONS  # type: ignore[union-attr]


def _add(out: list[Sentence], text: str, start: int, end: int, min_chars: int) -> None:
    piece = text[start:end]
    while _HEADING.match(piece.lstrip()):  # a heading line glued to the sentence below it
        cut = piece.find("\n")
        if cut < 0:
            return
        start, piece = start + cut + 1, piece[cut + 1:]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    if (len(piece) < min_chars and not _SHORT_ITEM.match(piece)) or not re.search(r"[A-Za-zÀ-ÿ]{3}", piece):
        return
    s = start + lead
    out.append(Sentence(s, s + len(piece), piece))
