"""Health, readiness and metrics.

(No `from __future__ import annotations`: FastAPI reads the annotations.)
"""

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from prometheus_client import generate_latest

from assistant.web.routes.common import OFFICIALS, App, Fresh

router = APIRouter(tags=["provoz"])


@router.get("/healthz")
async def healthz() -> dict:
    """Answered on the event loop: a busy thread pool never makes the service look dead."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(service: Fresh) -> JSONResponse:
    """Ready when an index is loaded; counts public documents only (the endpoint is public)."""
    documents, chunks = service.store.counts(public_only=True)
    ready = chunks > 0 and service.retriever.generation is not None
    body = {
        "status": "ready" if ready else "index je prázdný",
        "documents": documents,
        "chunks": chunks,
    }
    return JSONResponse(body, 200 if ready else 503)


@router.get("/metrics", dependencies=OFFICIALS)
def metrics(app: App) -> Response:
    """Prometheus metrics, for staff keys only: they count staff requests and failed logins."""
    return Response(generate_latest(app.metrics.registry), media_type="text/plain; version=0.0.4")
