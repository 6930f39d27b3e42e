"""Schemathesis against the OpenAPI schema: generated requests (valid and malformed) to every
operation, public and staff, must never produce a server error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from helpers import SAMPLES, make_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from assistant.web.app import create_app
from ingest.pipeline import ingest

KEY = "fuzz-klic-123456"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(SAMPLES / "corpus", folder / "korpus")
    options = {"staff_api_keys": [KEY], "rate_limit_per_minute": 1_000_000}
    ingest([folder / "korpus"], make_settings(folder / "data"), progress=False)
    return create_app(make_settings(Path(folder / "data"), **options))


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case) -> None:
    headers = {"Authorization": f"Bearer {KEY}"} if "/api/staff/" in case.path else {}
    case.call_and_validate(headers=headers, checks=[not_a_server_error])


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../assistant/web/app.py",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/....//....//etc/passwd",
        "/api/documents/..%2F..%2Fetc%2Fpasswd/file",
        "/api/documents/%00/file",
        "/widget.js/../../etc/passwd",
    ],
)
def test_path_traversal_is_refused(app, path: str) -> None:
    response = TestClient(app).get(path)
    assert response.status_code in (404, 405, 422)
    assert "root:" not in response.text and "import" not in response.text
