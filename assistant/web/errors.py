"""Every error the API returns is Czech JSON `{"detail": …}`."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

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
        problems.append(f"{where or 'tělo'}: {CZECH_ERRORS.get(error['type'], 'neplatná hodnota')}")
    return JSONResponse({"detail": "Neplatný požadavek. " + "; ".join(problems)}, 422)


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)


async def not_found(request: Request, exc: Exception) -> JSONResponse:
    detail = getattr(exc, "detail", None)
    if not isinstance(detail, str) or detail == "Not Found":
        detail = "Stránka nebo dokument neexistuje."
    return JSONResponse({"detail": detail}, 404)


async def not_allowed(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": "Tato metoda zde není povolena."}, 405)


def register(api: FastAPI) -> None:
    api.add_exception_handler(RequestValidationError, invalid)
    api.add_exception_handler(HTTPException, http_error)
    api.add_exception_handler(404, not_found)
    api.add_exception_handler(405, not_allowed)
