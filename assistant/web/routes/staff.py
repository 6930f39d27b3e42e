"""The officials' research endpoints: facets, exports, topic research, tasks.

(No `from __future__ import annotations`: FastAPI reads the annotations.)
"""

from datetime import date

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from assistant.answer.llm import LlmUnavailable
from assistant.output.json import (
    research_json,
    tasks_json,
)
from assistant.output.outline import Letterhead
from assistant.search.retrieve import SearchRequest
from assistant.text.numbers import doc_type_name
from assistant.web.auth import SESSION_COOKIE, session_token, staff_heavy
from assistant.web.routes.common import OFFICIALS, STAFF, App, AsOf, Fresh, question_of
from assistant.web.schemas import (
    ExportBody,
    TopicBody,
)

router = APIRouter(prefix=STAFF, tags=["úřad"], dependencies=OFFICIALS)
HEAVY = [Depends(staff_heavy)]  # after OFFICIALS: only a valid key spends its budget


@router.post("/session")
def session(request: Request, app: App) -> Response:
    """Přihlášení prohlížeče: cookie na několik hodin, se kterou se otevírají originály
    dokumentů z odkazů (jen ke čtení; dotazy dál posílají klíč)."""
    token, seconds = session_token(app.settings)
    response = Response(status_code=204)
    response.set_cookie(
        SESSION_COOKIE, token, max_age=seconds, path=STAFF, httponly=True, samesite="strict",
        secure=request.url.scheme == "https",
    )  # fmt: skip
    return response


@router.get("/facets")
def facets(service: Fresh) -> dict:
    """Typy dokumentů (s českými názvy) a orgány pro filtry rešerše."""
    found = service.store.facets()
    return found | {"doc_type_names": {t: doc_type_name(t) for t in found["doc_types"]}}


def _letterhead(app: App) -> Letterhead:
    return Letterhead(app.settings.operator, app.settings.report_reference)


def _attachment(content: bytes, media: str, name: str) -> Response:
    return Response(
        content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.post("/research/export", dependencies=HEAVY)
def export(body: ExportBody, app: App, service: Fresh, request: Request) -> Response:
    """Rešerše (otázka, odpověď a každá citovaná pasáž s odkazem) jako DOCX nebo Markdown."""
    from assistant.output.reports import build_report

    question = question_of(app, body.question)
    filters = body.filters.filters("staff")
    try:
        answer = service.assistant.ask(question, filters)
    except LlmUnavailable as exc:
        raise HTTPException(503, str(exc)) from exc
    hits = service.retriever.search(SearchRequest(question, filters, 10))
    documents = str(request.base_url).rstrip("/") + STAFF + "/documents"
    return _attachment(*build_report(question, answer, hits, filters, body.format,
                                     _letterhead(app), documents))  # fmt: skip


@router.post("/research/topic", response_model=None, dependencies=HEAVY)
def topic(body: TopicBody, app: App, service: Fresh) -> dict | Response:
    """Rešerše k tématu: všechna usnesení a materiály k věci chronologicky, se stavem platnosti,
    úkoly a souhrnem; jako JSON, DOCX nebo Markdown."""
    from assistant.council.research import research
    from assistant.output.reports import topic_report

    filters = body.filters.filters("staff")
    data = research_json(research(service.retriever, body.topic, filters, body.as_of))
    if body.format == "json":
        return data
    return _attachment(*topic_report(data, body.format, _letterhead(app)))


@router.get("/tasks")
def council_tasks(service: Fresh, as_of: AsOf = "", overdue: bool = False) -> dict:
    """Úkoly z usnesení s termíny ke dni (jinak dnes): běží, po termínu, bez termínu."""
    on = as_of or date.today().isoformat()
    council = service.council("staff", on)
    return tasks_json(council, on, overdue)
