"""What the routes share: the worker's state, the service on the newest index, the
question check, the prefixes and the staff dependency."""

from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from pydantic import AfterValidator

from assistant.question.validate import InvalidQuestion, checked_question
from assistant.service import Service
from assistant.web.auth import require_staff
from assistant.web.schemas import calendar_day
from assistant.web.state import State, state

App = Annotated[State, Depends(state)]


def fresh(request: Request) -> Service:
    """The service on the newest index generation (an ingest may have published one)."""
    return state(request).service.refresh()


Fresh = Annotated[Service, Depends(fresh)]


def question_of(app: State, question: str) -> str:
    try:
        return checked_question(question, app.service.settings.answer.max_question_chars)
    except InvalidQuestion as exc:
        raise HTTPException(422, str(exc)) from exc


PUBLIC, STAFF = "/api", "/api/staff"
AsOf = Annotated[str, Query(max_length=10, description="RRRR-MM-DD"), AfterValidator(calendar_day)]
OFFICIALS = [Depends(require_staff)]
