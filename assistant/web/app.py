"""The HTTP service (FastAPI): public search and chat for the website widget, the same under
/api/staff/ for officials, documents, feedback, health and metrics, and the static pages."""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI

from assistant.settings import Settings
from assistant.web import errors
from assistant.web.middleware import BodyLimit, Guard
from assistant.web.routes import operations, pages, public, review, staff
from assistant.web.routes.audience import audience_routes
from assistant.web.state import State


def _threads(settings: Settings) -> int:
    """Requests answered at once per worker. Extractive work is CPU-bound Python, so more
    threads only fight over the GIL and stretch the latency tail (2 measured best with
    bench/load.py); an LLM answer mostly waits on the network."""
    return 32 if settings.llm.llm_base_url else 2


ROUTES = (  # the route table: every router of the service, in the order they are matched
    audience_routes("public"),
    public.router,
    audience_routes("staff"),
    staff.router,
    review.router,
    operations.router,
    pages.router,
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(api: FastAPI):
        anyio.to_thread.current_default_thread_limiter().total_tokens = _threads(settings)
        stop = threading.Event()
        if settings.storage.database_url:  # a shared store: this host follows it
            follower = state.service.follower()
            every = settings.storage.follow_every_s
            threading.Thread(target=follower.run, args=(stop, every), daemon=True).start()
        yield
        stop.set()

    api = FastAPI(
        title="Asistent Libereckého kraje",
        description="Vyhledávání a odpovědi s citacemi z dokumentů Libereckého kraje.",
        version="0.1.0",
        lifespan=lifespan,
    )
    state = State(settings)
    api.state.app = state
    errors.register(api)
    service = settings.service
    api.add_middleware(
        BodyLimit, limit=service.max_request_kb * 1024, seconds=service.body_timeout_s
    )
    api.add_middleware(Guard, state=state)
    for router in ROUTES:
        api.include_router(router)
    return api
