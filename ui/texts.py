"""Every Dutch string of the page in one place (plain language, B1 level).

Keeping them here lets a communication advisor review the wording without reading code,
and lets tests assert on the same constants the page shows.
"""

APP_TITLE = "GenAI-wijzer"
APP_ICON = "🧭"
TAGLINE = (
    "Stel een vraag over generatieve AI bij de overheid. Het antwoord komt alleen uit de "
    "ingelezen bronnen (zie Bronnen), met bij elke zin de plek waar het staat."
)
# The banner when the official position or guidance is not in the index (ui/coverage.py).
BANNER = "{what} {verb}; antwoorden komen uit {present}."
MISSING_ONE = "is nog niet ingelezen"
MISSING_MANY = "zijn nog niet ingelezen"
CORE_PHRASES = {"position": "het overheidsbrede standpunt", "guidance": "de handreiking"}
# How the banner names a publication in the index: (one document, {n} documents).
PUBLICATION_PHRASES = {
    "Kamerbrief": ("de Kamerbrief", "{n} Kamerbrieven"),
    "standpunt": ("het standpunt", "{n} standpunten"),
    "handreiking": ("de handreiking", "{n} handreikingen"),
    "advies": ("het advies", "{n} adviezen"),
    "webpagina": ("een webpagina", "{n} webpagina's"),
    "document": ("een los document", "{n} losse documenten"),
    "Algoritmekader": ("het Algoritmekader", "het Algoritmekader"),
}

# --- pages -----------------------------------------------------------------------------
PAGE_CHAT = "Vraag stellen"
PAGE_SOURCES = "Bronnen"
PAGE_AUDIT = "Feedback en controle"

# --- chat ------------------------------------------------------------------------------
CHAT_PLACEHOLDER = "Typ uw vraag, bijvoorbeeld: Mag ik ChatGPT gebruiken voor een brief?"
SPINNER_SEARCH = "Ik zoek in de bronnen…"
DISCLAIMER = (
    "Dit is hulp bij het vinden van de regels, gebaseerd op de getoonde bronnen. "
    "Het is geen juridisch advies. Controleer bij twijfel de bron zelf."
)
EXTRACTIVE_LABEL = "Citaten uit de bronnen (zonder taalmodel samengesteld)."
LLM_LABEL = "Antwoord opgesteld door een taalmodel, alleen op basis van de bronnen."
READ_AS = "Ik heb uw vraag gelezen als: {question}"
READ_AS_FOLLOW_UP = (
    "Ik heb dit gelezen als vervolg op uw vorige vraag en zoek ook op: {words}."
)
KNOWN_QUESTION = (
    "Uw vraag lijkt op de bekende vraag \u201e{question}\u201d: de passages en zinnen die die vraag "
    "beantwoorden, kregen voorrang."
)
QUESTION_CUT = "(ingekort: de vraag telt {n} tekens)"
SOURCES_HEADER = "Bronnen bij dit antwoord"
REFUSED_HINT = (
    "Probeer uw vraag anders te stellen, bijvoorbeeld met andere woorden of iets "
    "concreter. Hieronder staan de passages die het dichtst in de buurt komen."
)
CLOSEST_HEADER = "Passages die het dichtst in de buurt komen"
NO_CLOSEST = "Er zijn geen passages gevonden die in de buurt komen."
EMPTY_CHAT = (
    "Nog geen vragen. Typ hieronder uw vraag. U kunt daarna een vervolgvraag stellen, "
    "bijvoorbeeld: 'En geldt dat ook voor gemeenten?'"
)
ANSWER_FAILED = "Er ging iets mis bij het beantwoorden: {message}"
NEW_CONVERSATION = "Nieuw gesprek"
EXPORT_LABEL = "Gesprek downloaden (Markdown)"
EXPORT_FILENAME = "genai-wijzer-gesprek.md"

# --- source cards ----------------------------------------------------------------------
CARD_VERSION = "versie {version}"
CARD_SUPERSEDED = "Let op: deze bron is vervangen door {by}."
CARD_OPEN = "Officieel document openen"
CARD_FULL_PASSAGE = "Hele passage lezen"
CARD_DETAILS = "Hele passage en details"
CARD_DETAILS_LINE = "Document-id: {id} · versie (hash): {version} · passage {ordinal} van het document"
CARD_NO_LINK = "Geen online versie bekend."
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
# The publication a passage comes from, by kind (wijzer.types.KINDS), when it belongs to no
# named collection.
PUBLICATION_KINDS = {
    "position": "standpunt",
    "guidance": "handreiking",
    "advice": "advies",
    "letter": "Kamerbrief",
    "web": "webpagina",
    "framework": "kader",
    "other": "document",
}
MODES = {"extractive": "citaten", "llm": "taalmodel"}
NO_DATE = "datum onbekend"

# --- feedback --------------------------------------------------------------------------
FEEDBACK_QUESTION = "Had u iets aan dit antwoord?"
FEEDBACK_COMMENT = "Opmerking (niet verplicht)"
FEEDBACK_SEND_COMMENT = "Opmerking versturen"
FEEDBACK_THANKS = "Bedankt, uw beoordeling is opgeslagen."
FEEDBACK_COMMENT_THANKS = "Bedankt, uw opmerking is opgeslagen."
FEEDBACK_FAILED = "Uw feedback kon niet worden opgeslagen: {message}"
HELPFUL = "nuttig"
NOT_HELPFUL = "niet nuttig"

# --- audit page ------------------------------------------------------------------------
AUDIT_INTRO = (
    "Eén regel per beoordeeld antwoord, nieuwste eerst: oordeel en opmerking, de vraag, het "
    "antwoord, de geciteerde documenten (bij een vraag zonder antwoord: de passages die het "
    "dichtst in de buurt kwamen), de werkwijze en waarmee het antwoord tot stand kwam. "
    "BSN-nummers en e-mailadressen zijn onleesbaar gemaakt; regels ouder dan {days} dagen "
    "worden verwijderd."
)
AUDIT_INTRO_FOREVER = (
    "Eén regel per beoordeeld antwoord, nieuwste eerst. BSN-nummers en e-mailadressen zijn "
    "onleesbaar gemaakt. Regels worden niet automatisch verwijderd."
)
AUDIT_EMPTY = "Er is nog geen feedback gegeven."
AUDIT_LOCKED = (
    "Deze pagina bevat vragen van gebruikers. Vul het beheerderswachtwoord in om ze te zien."
)
AUDIT_NO_PASSWORD = (
    "Deze pagina bevat vragen van gebruikers en is daarom afgeschermd. Een beheerder opent "
    "hem door een beheerderswachtwoord in te stellen (instelling WIJZER_ADMIN_PASSWORD) en "
    "GenAI-wijzer opnieuw te starten."
)
AUDIT_UNLOCK = "Openen"
ADMIN_WRONG_PASSWORD_AUDIT = "Het wachtwoord klopt niet."
AUDIT_DOWNLOAD = "Logbestand downloaden (JSONL)"
AUDIT_FILTER = "Toon"
AUDIT_ALL = "alles"
AUDIT_ANSWERED = "beantwoord"
AUDIT_REFUSED = "niet in de bronnen"
AUDIT_COL_TIME = "Tijdstip (UTC)"
AUDIT_COL_RATING = "Oordeel"
AUDIT_COL_COMMENT = "Opmerking"
AUDIT_COL_QUESTION = "Vraag"
AUDIT_COL_ANSWER = "Antwoord"
AUDIT_COL_OUTCOME = "Uitkomst"
AUDIT_COL_SOURCES = "Geciteerde bronnen"
AUDIT_COL_CLOSEST = "Dichtstbijzijnde passages"
AUDIT_COL_MODE = "Werkwijze"
AUDIT_COL_INDEX = "Indexversie"
AUDIT_COL_MODEL = "Zoekmodel"
AUDIT_COL_SETTINGS = "Instellingen (hash)"

# --- sources page ----------------------------------------------------------------------
SOURCES_INTRO = (
    "Dit zijn alle documenten waarop de antwoorden gebaseerd zijn. Kies een document om "
    "de passages op volgorde te lezen, met pagina en hoofdstuk."
)
SOURCES_PICK = "Document lezen"
SOURCES_MISSING = "Nog niet ingelezen"
SOURCES_MISSING_INTRO = (
    "Deze documenten horen bij de kennisbank, maar zijn nog niet ingelezen. De antwoorden "
    "houden er dus nog geen rekening mee."
)
COL_STATUS = "Waarom nog niet"
MISSING_WITH_URL = "nog niet gedownload"
MISSING_NO_URL = "geen openbare vindplaats bekend; een beheerder moet het bestand toevoegen"
SOURCES_CHUNKS = "{n} passages"
SOURCES_ONE_CHUNK = "1 passage"
COL_TITLE = "Titel"
COL_KIND = "Soort"
COL_PUBLISHER = "Uitgever"
COL_DATE = "Datum"
COL_VERSION = "Versie (hash)"
COL_CHUNKS = "Passages"
COL_URL = "Officiële link"
COL_SUPERSEDED = "Vervangen door"
KINDS = {  # the "Soort" column, one label per wijzer.types.KINDS
    "position": "standpunt",
    "guidance": "handreiking",
    "advice": "advies",
    "letter": "Kamerbrief",
    "web": "webpagina",
    "framework": "kader",  # the Algoritmekader: not "handreiking", which is the official guidance
    "other": "overig",
}

# --- empty index / errors --------------------------------------------------------------
EMPTY_INDEX_TITLE = "Er is nog geen kennisbank"
EMPTY_INDEX_BODY = """De bronnen zijn nog niet ingelezen, dus ik kan nog geen vragen beantwoorden.

Een beheerder bouwt de kennisbank zo (in de map van GenAI-wijzer):

```
python -m ingest
```

of start alles in één keer met:

```
bash scripts/start.sh
```

Vernieuw daarna deze pagina."""
SETTINGS_ERROR = "De instellingen kloppen niet: {message}"
LOAD_ERROR = "GenAI-wijzer kon niet starten: {message}"

# --- sidebar: status -------------------------------------------------------------------
STATUS_HEADER = "Status"
STATUS_DOCS = "Documenten"
STATUS_CHUNKS = "Passages"
STATUS_LAST_REFRESH = "Laatst bijgewerkt: {when}"
STATUS_NEVER = "nog nooit"
STATUS_MODEL = "Zoekmodel: {model}"
STATUS_MODE = "Werkwijze: {mode}"
MODE_EXTRACTIVE = "citaten uit de bronnen (geen taalmodel)"
MODE_LLM = "taalmodel ({label})"
LLM_OK = "Het taalmodel reageert."
LLM_DOWN = "Het taalmodel reageert niet: antwoorden worden citaten uit de bronnen."
STATUS_FIRST_ANSWER = "Eerste antwoord na start: {seconds}"
STATUS_LATER_ANSWERS = "Latere antwoorden: mediaan {seconds} ({n}×)"
STATUS_NO_ANSWERS = "Nog geen antwoorden gegeven sinds de start."
STATUS_UNAVAILABLE = "Status niet beschikbaar: {message}"
STATUS_VERSION = "Indexversie: {version}"
STATUS_MISSING = "Ontbrekende bronnen ({n})"
STATUS_MISSING_HELP = ("Deze documenten staan in knowledge/sources.toml maar zijn nog niet ingelezen, "
                       "dus de antwoorden komen zonder deze bronnen tot stand. Zo voegt u ze toe:")
ADMIN_STEP_DOWNLOAD = ("1\\. Documenten met een bekende vindplaats downloadt u door in de map "
                       "van GenAI\\-wijzer deze opdracht uit te voeren:")
ADMIN_STEP_FILE = ("2\\. Of zet het bestand zelf op de plek die hieronder bij het document "
                   "staat\\.")
ADMIN_STEP_REFRESH = ("3\\. Werk daarna de kennisbank bij met de knop Kennisbank bijwerken "
                      "(als die er is) of met deze opdracht:")
ADMIN_MISSING_PLACE = "Plek van het bestand: {path}"
ADMIN_MISSING_NO_URL = ("Er is geen openbare vindplaats bekend. Zet het document op die plek en "
                        "vul in knowledge/sources.toml bij id = \"{id}\" de regel file = \"{file}\" in.")
ADMIN_MISSING_OPEN = "Officiële vindplaats openen"

# --- sidebar: refresh ------------------------------------------------------------------
ADMIN_HEADER = "Beheer"
ADMIN_PASSWORD = "Beheerderswachtwoord"
ADMIN_REFRESH = "Kennisbank bijwerken"
ADMIN_REFRESH_HELP = (
    "Leest de bronnen opnieuw in; alleen gewijzigde documenten worden opnieuw verwerkt. "
    "Vragen stellen blijft intussen gewoon werken."
)
ADMIN_DOWNLOAD_NOTE = "De officiële documenten worden eerst opnieuw gedownload."
ADMIN_WRONG_PASSWORD = "Het wachtwoord klopt niet. De kennisbank is niet bijgewerkt."
ADMIN_BUSY = "Er loopt al een update. Wacht tot die klaar is en probeer het dan opnieuw."
ADMIN_RUNNING = "Bezig met bijwerken…"
ADMIN_DONE = "Klaar: de kennisbank is bijgewerkt naar versie {version} in {seconds} s."
ADMIN_DONE_NOTHING = "Niets gewijzigd (versie {version} blijft in gebruik)."
ADMIN_DONE_WITH_FAILURES = (
    "Let op: {n} bron(nen) niet gelukt. De rest is verwerkt: {outcome}"
)
ADMIN_OUTCOME_CHANGED = "de kennisbank is bijgewerkt naar versie {version}."
ADMIN_OUTCOME_NOTHING = "niets gewijzigd, versie {version} blijft in gebruik."
ADMIN_FAILED = "Bijwerken is mislukt: {message}"
REPORT_ADDED = "Nieuw"
REPORT_UPDATED = "Gewijzigd"
REPORT_REMOVED = "Verwijderd"
REPORT_UNCHANGED = "Ongewijzigd: {n} documenten"
REPORT_CHUNKS = "Passages verwerkt: {n} nieuw of vervangen, {total} in de index."
