"""Public endpoints beside search and chat: feedback and the widget's configuration.

(No `from __future__ import annotations`: FastAPI reads the annotations.)
"""

from fastapi import APIRouter, Depends, HTTPException

from assistant.store.answer_log import Feedback
from assistant.web.auth import limited
from assistant.web.routes.common import PUBLIC, App
from assistant.web.schemas import (
    FeedbackBody,
)

router = APIRouter(prefix=PUBLIC, tags=["veřejné"])


@router.post("/feedback", status_code=201, dependencies=[Depends(limited)])
def feedback(body: FeedbackBody, app: App) -> dict:
    """Palec nahoru/dolů k odpovědi (volitelně důvod a komentář)."""
    if not app.service.answer_log.record_feedback(Feedback(**body.model_dump())):
        raise HTTPException(404, "Odpověď neexistuje nebo už byla smazána.")
    app.metrics.feedback.labels(body.rating).inc()
    return {"ok": True}


@router.get("/config")
def widget_config(app: App) -> dict:
    """Texty pro upozornění widgetu: kdo asistenta provozuje a jak dlouho se data uchovávají."""
    return {
        "operator": app.settings.operator,
        "retention_days": app.settings.retention_days,
        "privacy_url": app.settings.privacy_url,
        "mode": app.service.assistant.mode,
    }
