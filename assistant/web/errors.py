"""Every error the API returns is Czech JSON `{"detail": …}`, including those FastAPI and
Starlette raise in English (a body that is not JSON, a method that is not allowed)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from assistant.errors import Unavailable

CZECH_ERRORS = {
    "missing": "chybí",
    "extra_forbidden": "nepovolené pole",
    "string_too_short": "je prázdné",
    "string_too_long": "je příliš dlouhé",
    "too_long": "má příliš mnoho položek",
    "literal_error": "nepovolená hodnota",
    "string_pattern_mismatch": "má neplatný tvar",
    "int_parsing": "musí být celé číslo",
    "bool_parsing": "musí být true nebo false",
    "greater_than_equal": "je příliš malé",
    "less_than_equal": "je příliš velké",
    "json_invalid": "není platný JSON",
    "model_attributes_type": "musí být objekt JSON",
    "list_type": "musí být seznam",
    "string_type": "musí být text",
}


async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"] if p != "body")
        # Our own validators say what is wrong in Czech (a day that does not exist …).
        said = str(error.get("ctx", {}).get("error", "")) if error["type"] == "value_error" else ""
        problems.append(
            f"{where or 'tělo'}: {said or CZECH_ERRORS.get(error['type'], 'neplatná hodnota')}"
        )
    return JSONResponse({"detail": "Neplatný požadavek. " + "; ".join(problems)}, 422)


class BodyTooLarge(Exception):
    """The request body grew past the limit while it was being read."""


class BodyTooSlow(Exception):
    """The request body did not arrive within the time limit."""


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    # FastAPI reports any failure to read or decode the body as an English 400; its cause
    # tells a body that was too large or too slow from one that is not JSON.
    if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
        if isinstance(exc.__cause__, BodyTooLarge):
            return too_large(request.app.state.app.settings.max_request_kb)
        if isinstance(exc.__cause__, BodyTooSlow):
            return too_slow()
        detail = "Tělo požadavku nelze přečíst: musí to být platný JSON v UTF-8 rozumné velikosti."
        return JSONResponse({"detail": detail}, 400)
    return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)


def too_large(limit_kb: int) -> JSONResponse:
    return JSONResponse({"detail": f"Požadavek je příliš velký (nejvýše {limit_kb} kB)."}, 413)


def too_slow() -> JSONResponse:
    return JSONResponse(
        {"detail": "Požadavek přicházel příliš pomalu."}, 408, headers={"Connection": "close"}
    )


async def not_found(request: Request, exc: Exception) -> JSONResponse:
    detail = getattr(exc, "detail", None)
    if not isinstance(detail, str) or detail == "Not Found":
        detail = "Stránka nebo dokument neexistuje."
    return JSONResponse({"detail": detail}, 404)


async def not_allowed(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": "Tato metoda zde není povolena."}, 405)


async def unavailable(request: Request, exc: Exception) -> JSONResponse:
    """A store or model away (PostgreSQL restarting): a Czech 503 the client may retry, not a
    500; liveness (/healthz) still holds."""
    return JSONResponse({"detail": str(exc)}, 503, headers={"Retry-After": "5"})


def register(api: FastAPI) -> None:
    api.add_exception_handler(Unavailable, unavailable)
    api.add_exception_handler(RequestValidationError, invalid)
    api.add_exception_handler(HTTPException, http_error)  # Starlette's: FastAPI's and its own
    api.add_exception_handler(404, not_found)
    api.add_exception_handler(405, not_allowed)
