"""The one settings object; every field can be set as an ASSISTANT_* environment variable."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

CommaList = Annotated[list[str], NoDecode]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Index, database and vector store.")

    chunk_size: int = Field(1000, ge=200, le=8000, description="Target chunk length (chars).")
    max_file_mb: float = Field(100, gt=0, description="Larger files are reported and skipped.")
    ocr_lang: str = Field("ces", description="Tesseract language of scanned pages.")
    ocr_dpi: int = Field(300, ge=100, le=600, description="Rendering resolution for OCR.")
    ocr_workers: int = Field(0, ge=0, description="Parallel OCR pages; 0 = one per CPU core.")
    ingest_workers: int = Field(0, ge=0, description="Files parsed at once; 0 = one per core.")
    file_timeout_s: float = Field(300, gt=0, description="A file taking longer is skipped.")

    weight_terms: float = Field(1.0, ge=0, description="Fusion weight of stemmed BM25.")
    weight_grams: float = Field(1.0, ge=0, description="Fusion weight of character n-gram BM25.")
    weight_titles: float = Field(0.15, ge=0, description="Fusion weight of document-title BM25.")
    weight_dense: float = Field(0.5, ge=0, description="Fusion weight of the dense retriever.")
    weight_sentence: float = Field(0.3, ge=0, description="Weight of best-sentence evidence.")
    rerank_depth: int = Field(30, ge=1, description="Candidates re-scored by sentence evidence.")

    dense_model: str | None = Field(
        None, description="sentence-transformers model name or local path; unset = lexical only."
    )
    dense_query_prefix: str | None = Field(None, description="Default: 'query: ' for e5 models.")
    dense_passage_prefix: str | None = Field(
        None, description="Default: 'passage: ' for e5 models."
    )
    dense_batch_size: int = Field(32, ge=1)
    dense_device: str = Field("cpu", description="torch device for the dense model.")
    chroma_host: str | None = Field(
        None, description="Chroma server (`chroma run`) for several API replicas; unset = local."
    )
    chroma_port: int = Field(8000, ge=1, le=65535)

    llm_base_url: str | None = Field(
        None, description="OpenAI-compatible endpoint (vLLM, Ollama…); unset = extractive."
    )
    llm_model: str | None = Field(None, description="Model name at the endpoint.")
    llm_api_key: SecretStr = Field(SecretStr("not-needed"), description="Endpoint API key.")
    llm_temperature: float = Field(0.0, ge=0, le=2)
    llm_timeout: float = Field(60.0, gt=0, description="Seconds before an LLM call fails.")
    llm_max_tokens: int = Field(600, ge=16)

    answer_passages: int = Field(5, ge=1, le=20, description="Passages an answer may cite.")
    abstain_below: float = Field(
        0.32, ge=0, le=1, description="Abstain when the best passage supports less of the question."
    )

    staff_api_keys: CommaList = Field(
        default_factory=list, description="Comma-separated API keys of the staff endpoints."
    )
    staff_user_header: str | None = Field(
        None, description="Header with the official's login set by the office's SSO proxy."
    )
    trusted_proxies: CommaList = Field(
        ["127.0.0.1", "::1"],
        description="Proxies whose forwarded client address and SSO header count.",
    )
    cors_origins: CommaList = Field(
        default_factory=list,
        description="Web origins that may call the public API; none by default.",
    )
    rate_limit_per_minute: int = Field(
        30, ge=1, description="Public requests per client and minute."
    )
    max_request_kb: int = Field(32, ge=1, description="Largest accepted request body.")
    max_question_chars: int = Field(1000, ge=10, description="Longest accepted question.")
    retention_days: int = Field(30, ge=1, description="Days conversations and feedback are kept.")
    operator: str = Field("Krajský úřad Libereckého kraje", description="Who runs the assistant.")
    privacy_url: str = Field("", description="Page about personal data shown in the widget notice.")

    @field_validator("staff_api_keys", "trusted_proxies", "cors_origins", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        return value

    @property
    def db_path(self) -> Path:
        return self.data_dir / "assistant.sqlite3"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def conversations_path(self) -> Path:
        return self.data_dir / "conversations.sqlite3"
