"""One object per process, like Datasette's `ds`: the CLI, each web worker and the evaluation
reach the store, the index, the assistant and the answer log through it. Each part is opened
on first use, so `status` loads no model and only the web service opens the answer log."""

from __future__ import annotations

from functools import cached_property

from assistant.answer.assistant import Assistant
from assistant.answer.llm import LlmAnswerer
from assistant.council.history import Council
from assistant.model import Audience
from assistant.output.status import status
from assistant.search.embedders import open_embedder
from assistant.search.filters import Filters
from assistant.search.follow import Follower
from assistant.search.retrieve import Retriever
from assistant.search.vectors import VectorStore, published
from assistant.settings import Settings
from assistant.store.answer_log import AnswerLog
from assistant.store.documents import Store
from assistant.text.translation import configured


class Service:
    def __init__(self, settings: Settings):
        self.settings = settings

    @classmethod
    def open(cls, settings: Settings) -> Service:
        return cls(settings)

    @cached_property
    def store(self) -> Store:
        return Store(self.settings.storage.index_database)

    @cached_property
    def retriever(self) -> Retriever:
        s = self.settings
        embedder = open_embedder(s.dense) if s.dense.enabled else None
        return Retriever(self.store, s.storage.index_dir, s.retrieval, embedder)

    @cached_property
    def assistant(self) -> Assistant:
        s = self.settings
        llm = LlmAnswerer(s.llm, secrets=s.service.staff_api_keys) if s.llm.llm_base_url else None
        return Assistant(self.retriever, s.answer, llm, configured(s.answer.en_dictionary))

    @cached_property
    def answer_log(self) -> AnswerLog:
        storage, service = self.settings.storage, self.settings.service
        return AnswerLog(storage.answer_database, service.retention_days)

    def follower(self) -> Follower:
        """What keeps this host's index at the shared store's version."""
        s = self.settings
        embedder = self.retriever.embedder
        vectors = VectorStore(s.storage, embedder) if embedder else None
        return Follower(self.store, s.storage.index_dir, s.ingest.index_memory_mb << 20, vectors)

    def council(self, audience: Audience, as_of: str = "") -> Council:
        """The resolution records the audience may see, with their statuses as of a date."""
        return Council.open(self.store, Filters(audience=audience), as_of)

    def refresh(self) -> Service:
        """Switch to the newest index generation an ingest has published (one small file read;
        newer vectors are read when a search next needs them)."""
        self.retriever.refresh()
        return self

    def warm(self) -> None:
        """Load the index, the analysis caches and the records before the first user waits for
        them; never calls the LLM."""
        self.assistant.warm()
        self.council("public")  # what the public chat's council questions read

    def status(self) -> dict:
        s = self.settings
        return status(s, self.store, published(s.storage.index_dir) if s.dense.enabled else None)
