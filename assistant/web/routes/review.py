"""The AI working group's page: answers citizens rated "Nepomohlo" to mark and turn into gold
questions, the content-gap report, and the latest evaluation reports. Staff only.

(No `from __future__ import annotations`: FastAPI reads the annotations.)
"""

import re
from datetime import UTC, datetime
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import Response

from assistant.output.gaps import gap_topics, gaps_csv, gaps_json
from assistant.output.review_sheet import feedback_sheet
from assistant.web.auth import staff_heavy
from assistant.web.routes.common import OFFICIALS, STAFF, App, Fresh
from assistant.web.schemas import ReviewBody

router = APIRouter(prefix=STAFF + "/review", tags=["pracovní skupina"], dependencies=OFFICIALS)
REPORT = re.compile(r"^[\w.-]{1,100}$")
# An evaluation report is self-contained HTML: its inline style may apply, nothing may run.
REPORT_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _csv(text: str, name: str) -> Response:
    return Response(
        text.encode("utf-8"), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )  # fmt: skip


@router.get("/feedback")
def feedback(app: App) -> dict:
    """Odpovědi, které občané označili „Nepomohlo“, s důvodem a hodnocením skupiny."""
    return {"items": app.service.answer_log.disliked()}


@router.post("/feedback/{answer_id}", status_code=204)
def mark(answer_id: str, body: ReviewBody, app: App) -> None:
    """Označit odpověď jako správnou nebo špatnou (a zapsat správnou odpověď)."""
    if not app.service.answer_log.review(answer_id, body.verdict, body.correct):
        raise HTTPException(404, "Odpověď neexistuje nebo už byla smazána (doba uchování).")


@router.get("/sheet")
def sheet(app: App) -> Response:
    """Označené odpovědi jako tabulka pro `assistant review import --gold`."""
    day = datetime.now(UTC).date().isoformat()
    return _csv(feedback_sheet(app.service.answer_log.disliked()), f"hodnoceni-{day}.csv")


@router.get("/gaps", dependencies=[Depends(staff_heavy)], response_model=None)
def gaps(app: App, service: Fresh, format: Literal["json", "csv"] = "json") -> dict | Response:
    """Mezery v obsahu: nezodpovězené a odmítnuté otázky občanů seskupené do témat."""
    topics, method = gap_topics(
        app.service.answer_log.unanswered(), service.retriever, service.retriever.embedder
    )
    if format == "csv":
        day = datetime.now(UTC).date().isoformat()
        return _csv(gaps_csv(topics), f"mezery-v-obsahu-{day}.csv")
    return gaps_json(topics, method)


@router.get("/reports")
def reports(app: App) -> dict:
    """Poslední zprávy z vyhodnocení (`assistant eval`), nejnovější první."""
    folder = app.service.settings.storage.reports_dir
    found = sorted(folder.glob("*/report.html"), key=lambda p: p.stat().st_mtime, reverse=True)
    return {"reports": [
        {"name": p.parent.name,
         "created": datetime.fromtimestamp(p.stat().st_mtime, UTC).isoformat(timespec="minutes")}
        for p in found[:20]
    ]}  # fmt: skip


@router.get("/reports/{name}")
def report(name: str, app: App) -> Response:
    path = app.service.settings.storage.reports_dir / name / "report.html"
    if not REPORT.match(name) or not path.is_file():
        raise HTTPException(404, "Zpráva z vyhodnocení neexistuje.")
    return Response(path.read_bytes(), media_type="text/html; charset=utf-8",
                    headers={"Content-Security-Policy": REPORT_CSP})  # fmt: skip
