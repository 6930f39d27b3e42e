"""The static pages: the widget script, the demo, the research workspace and the working
group's review page.

(No `from __future__ import annotations`: FastAPI reads the annotations.)
"""

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

STATIC = files("assistant").joinpath("static")


router = APIRouter(include_in_schema=False)


def _static(name: str, media: str, cache: str = "no-cache") -> Response:
    resource = STATIC.joinpath(name)
    if not resource.is_file():
        raise HTTPException(404, "Soubor neexistuje.")
    return Response(resource.read_bytes(), media_type=media, headers={"Cache-Control": cache})


@router.get("/widget.js")
def widget() -> Response:
    return _static("widget.js", "text/javascript", cache="public, max-age=300")


@router.get("/demo")
def demo() -> Response:
    return _static("demo.html", "text/html; charset=utf-8")


@router.get("/research")
def research() -> Response:
    return _static("research.html", "text/html; charset=utf-8")


@router.get("/review")
def review() -> Response:
    return _static("review.html", "text/html; charset=utf-8")


@router.get("/static/{name}")
def static(name: str) -> Response:
    kinds = {".js": "text/javascript", ".css": "text/css"}
    suffix = Path(name).suffix
    if suffix not in kinds or "/" in name or name.startswith("."):
        raise HTTPException(404, "Soubor neexistuje.")
    return _static(name, kinds[suffix])
