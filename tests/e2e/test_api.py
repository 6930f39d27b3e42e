"""The HTTP API through FastAPI's test client (the real app, in process): audiences, staff
authentication, limits, CORS, errors, documents, streaming, feedback and retention."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient
from helpers import SHARED, fuzz_queries, make_settings, manifest, rows

from assistant.settings import Settings
from assistant.store.answer_log import AnswerLog
from assistant.web.app import create_app

pytestmark = pytest.mark.shared

KEY = "tajny-klic"
ORIGIN = "https://www.kraj-lbc.cz"


@pytest.fixture(scope="module")
def settings(shared_settings: Settings) -> Settings:
    return make_settings(
        shared_settings.storage.data_dir,
        staff_api_keys=[KEY],
        cors_origins=[ORIGIN],
        rate_limit_per_minute=100_000,
        staff_user_header="X-Remote-User",
        trusted_proxies=["10.0.0.1"],
        sso_proxies=["10.0.0.1"],
    )


@pytest.fixture(scope="module")
def client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings))


STAFF = {"Authorization": f"Bearer {KEY}"}


def chat(client: TestClient, question: str, path: str = "/api/chat", **extra) -> dict:
    response = client.post(path, json={"question": question, "stream": False}, **extra)
    assert response.status_code == 200, response.text
    return response.json()


def test_public_chat_never_returns_internal_documents(
    client: TestClient, settings: Settings
) -> None:
    dev = [json.loads(line)["question"] for line in (SHARED / "eval/dev.jsonl").open()]
    queries = dev + fuzz_queries(settings)
    for query in queries:
        answer = chat(client, query)
        assert all(c["source"].startswith("public/") for c in answer["citations"]), query
        assert "480 000" not in answer["answer"] and "190 000" not in answer["answer"]
        hits = client.post("/api/search", json={"question": query, "k": 20}).json()["hits"]
        assert all(h["source"].startswith("public/") for h in hits), query


def test_audience_cannot_be_chosen_by_the_client(client: TestClient) -> None:
    response = client.post(
        "/api/chat", json={"question": "Kolik?", "audience": "staff", "stream": False}
    )
    assert response.status_code == 422 and "nepovolené pole" in response.json()["detail"]


def test_chat_json_matches_the_cli_contract(client: TestClient) -> None:
    response = client.post(
        "/api/chat", json={"question": "Jaký základní kapitál má Energie Ralsko?", "stream": False}
    )
    answer = response.json()
    assert list(answer) == [
        "question",
        "answer",
        "abstained",
        "abstain_reason",
        "mode",
        "confidence",
        "citations",
        "related",
    ]
    assert "200 000" in answer["answer"] and len(response.headers["x-answer-id"]) == 32
    assert list(answer["citations"][0]) == ["n", "source", "title", "page", "url", "quote", "ocr"]
    assert answer["citations"][0]["url"].startswith("/api/documents/")


def test_chat_streams_server_sent_events(client: TestClient) -> None:
    with client.stream(
        "POST", "/api/chat", json={"question": "Jaký základní kapitál má Energie Ralsko?"}
    ) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        body = "".join(r.iter_text())
    events = [block for block in body.split("\n\n") if block.strip()]
    names = [e.splitlines()[0].removeprefix("event: ") for e in events]
    assert names[-1] == "done" and names.count("token") > 3
    tokens = "".join(
        json.loads(e.splitlines()[1][6:])["text"] for e in events if e.startswith("event: token")
    )
    done = json.loads(events[-1].splitlines()[1][6:])
    assert tokens == done["answer"] and len(done["answer_id"]) == 32 and done["citations"]


def test_staff_endpoints_refuse_without_a_key(client: TestClient) -> None:
    question = {"question": "proškolených uživatelů pilotního nástroje", "stream": False}
    for path in ("/api/staff/chat", "/api/staff/search"):
        refused = client.post(path, json=question)
        assert refused.status_code == 401 and "klíč" in refused.json()["detail"]
        assert refused.headers["www-authenticate"] == "Bearer"
        wrong = client.post(path, json=question, headers={"Authorization": "Bearer spatny"})
        assert wrong.status_code == 401
    answer = chat(
        client,
        "Kolik uživatelů používá pilotní nástroj pro rešerše?",
        "/api/staff/chat",
        headers=STAFF,
    )
    assert "14" in answer["answer"] and answer["citations"][0]["source"].startswith("internal/")


def test_sso_header_counts_only_from_a_trusted_proxy(settings: Settings) -> None:
    question = {"question": "pilotní nástroj rešerše", "k": 3}
    direct = TestClient(create_app(settings))
    assert (
        direct.post(
            "/api/staff/search", json=question, headers={"X-Remote-User": "novak"}
        ).status_code
        == 401
    )
    proxied = TestClient(create_app(settings), client=("10.0.0.1", 443))
    assert (
        proxied.post(
            "/api/staff/search", json=question, headers={"X-Remote-User": "novak"}
        ).status_code
        == 200
    )


def test_rate_limit_answers_429_with_retry_after(settings: Settings) -> None:
    limited = TestClient(create_app(settings.replace(rate_limit_per_minute=3)))
    codes = [
        limited.post("/api/search", json={"question": "rozpočet"}).status_code for _ in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]
    refused = limited.post("/api/search", json={"question": "rozpočet"})
    assert (
        int(refused.headers["retry-after"]) >= 1
        and "Příliš mnoho dotazů" in refused.json()["detail"]
    )
    assert (
        limited.post("/api/staff/search", json={"question": "rozpočet"}, headers=STAFF).status_code
        == 200
    )


def test_rate_limit_tells_clients_behind_a_trusted_proxy_apart(settings: Settings) -> None:
    app = create_app(settings.replace(rate_limit_per_minute=2))
    proxy = TestClient(app, client=("10.0.0.1", 443))

    def search(address: str) -> int:
        headers = {"X-Forwarded-For": f"{address}, 10.0.0.1"}
        return proxy.post("/api/search", json={"question": "rozpočet"}, headers=headers).status_code

    assert [search("203.0.113.5") for _ in range(3)] == [200, 200, 429]
    assert search("203.0.113.6") == 200


def test_cors_allows_the_configured_site_only(client: TestClient) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    allowed = client.options("/api/chat", headers={"Origin": ORIGIN, **preflight})
    assert allowed.status_code == 204 and allowed.headers["access-control-allow-origin"] == ORIGIN
    denied = client.options("/api/chat", headers={"Origin": "https://zly-web.example", **preflight})
    assert denied.status_code == 403 and "access-control-allow-origin" not in denied.headers
    assert "nemá povolen" in denied.json()["detail"]
    simple = client.post(
        "/api/search", json={"question": "rozpočet"}, headers={"Origin": "https://zly-web.example"}
    )
    assert "access-control-allow-origin" not in simple.headers
    staff = client.options("/api/staff/chat", headers={"Origin": ORIGIN, **preflight})
    assert staff.status_code == 403


def test_limits_and_czech_errors(client: TestClient, settings: Settings) -> None:
    big = client.post("/api/chat", content=b'{"question": "' + b"a" * 40_000 + b'"}',
                      headers={"Content-Type": "application/json"})  # fmt: skip
    assert big.status_code == 413 and "příliš velký" in big.json()["detail"]
    long = client.post("/api/chat", json={"question": "slovo " * 300, "stream": False})
    assert long.status_code == 422 and "příliš dlouhá" in long.json()["detail"]
    empty = client.post("/api/chat", json={"question": "   ", "stream": False})
    assert empty.status_code == 422 and "prázdná" in empty.json()["detail"]
    broken = client.post(
        "/api/chat", content=b"{nejde o json", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 422 and broken.json()["detail"].startswith("Neplatný požadavek")
    assert client.get("/api/neexistuje").json()["detail"] == "Stránka nebo dokument neexistuje."
    assert client.get("/api/chat").status_code == 405


def test_security_headers(client: TestClient) -> None:
    api = client.get("/healthz")
    assert api.headers["x-content-type-options"] == "nosniff"
    assert api.headers["content-security-policy"].startswith("default-src 'none'")
    page = client.get("/research")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    widget = client.get("/widget.js")
    assert widget.headers["content-type"].startswith("text/javascript")
    assert widget.headers["cross-origin-resource-policy"] == "cross-origin"


def test_documents_respect_the_audience(client: TestClient, settings: Settings) -> None:
    ids = {r["source"]: r["doc_id"] for r in rows(settings, "SELECT source, doc_id FROM documents")}
    public = ids["public/zastupitelstvo/usneseni-zk-2024-05-28.pdf"]
    internal = ids["internal/zapis-ps-ai-2024-12-02.docx"]
    meta = client.get(f"/api/documents/{public}").json()
    assert meta["title"].startswith("Usnesení z 5. zasedání") and meta["pages"] == 1
    pdf = client.get(f"/api/documents/{public}/file")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    page = client.get(f"/api/documents/{public}/pages/1")
    assert page.headers["content-type"] == "image/png" and page.content.startswith(b"\x89PNG")
    assert client.get(f"/api/documents/{public}/pages/9").status_code == 404
    for path in (f"/api/documents/{internal}", f"/api/documents/{internal}/file"):
        assert client.get(path).status_code == 404
    assert client.get(f"/api/staff/documents/{internal}", headers=STAFF).status_code == 200
    assert client.get(f"/api/staff/documents/{internal}/file", headers=STAFF).content.startswith(
        b"PK"
    )
    for path in (
        "/static/..%2F..%2Fapi.py",
        "/static/../api.py",
        "/api/documents/..%2F..%2Fetc%2Fpasswd/file",
    ):
        assert client.get(path).status_code == 404


def test_the_staff_login_cookie_opens_originals_and_nothing_else(settings: Settings) -> None:
    """The research page's links carry no key: the staff login sets a signed, HttpOnly,
    SameSite=Strict cookie that lets a browser read (GET) under /api/staff/ and nothing more;
    forged, expired or keyless cookies count for nothing."""
    from assistant.web.auth import SESSION_COOKIE, session_token

    ids = {r["source"]: r["doc_id"] for r in rows(settings, "SELECT source, doc_id FROM documents")}
    original = f"/api/staff/documents/{ids['internal/zapis-ps-ai-2024-12-02.docx']}/file"
    browser = TestClient(create_app(settings))
    assert browser.get(original).status_code == 401
    assert browser.post("/api/staff/session").status_code == 401
    login = browser.post("/api/staff/session", headers=STAFF)
    assert login.status_code == 204
    cookie = login.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/api/staff" in cookie
    assert browser.get(original).content.startswith(b"PK")
    asked = browser.post("/api/staff/chat", json={"question": "Kolik stojí chatbot?"})
    assert asked.status_code == 401, "a cookie never authorises a request that is not a read"
    expires, _, signature = browser.cookies[SESSION_COOKIE].partition(".")
    expired = session_token(settings.service, time.time() - 9 * 3600)[0]
    for forged in (f"{int(expires) + 9999}.{signature}", expired, "x.y"):
        other = TestClient(create_app(settings), cookies={SESSION_COOKIE: forged})
        assert other.get(original).status_code == 401, forged


def test_feedback_is_stored_scrubbed_and_tied_to_an_answer(
    client: TestClient, settings: Settings
) -> None:
    answer_id = client.post(
        "/api/chat", json={"question": "Co je eLpass? Pište na jan@example.cz", "stream": False}
    ).headers["x-answer-id"]
    body = {
        "answer_id": answer_id,
        "rating": "down",
        "reason": "Neúplná",
        "comment": "Volejte 602 123 456",
    }
    stored = client.post("/api/feedback", json=body)
    assert stored.status_code == 201
    unknown = client.post("/api/feedback", json={"answer_id": "0" * 32, "rating": "up"})
    assert unknown.status_code == 404
    stored = AnswerLog(settings.storage.answer_log_path, 30).feedback()
    mine = next(r for r in stored if r["answer_id"] == answer_id)
    assert (mine["rating"], mine["reason"], mine["comment"]) == (
        "down",
        "Neúplná",
        "Volejte [telefon]",
    )
    assert "jan@example.cz" not in mine["question"] and "[e-mail]" in mine["question"]


def test_health_readiness_metrics_and_docs(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    public = [row for row in manifest() if row["access"] == "public"]
    assert ready["status"] == "ready" and ready["documents"] == len(public)
    client.post("/api/search", json={"question": "rozpočet"})
    assert client.get("/metrics").status_code == 401
    metrics = client.get("/metrics", headers=STAFF).text
    assert 'assistant_requests_total{route="/api/search",status="200"}' in metrics
    assert client.get("/openapi.json").json()["info"]["title"] == "Asistent Libereckého kraje"
    assert client.get("/docs").status_code == 200


def test_empty_index_is_not_ready(tmp_path) -> None:
    empty = TestClient(create_app(make_settings(tmp_path)))
    assert empty.get("/readyz").status_code == 503
    assert empty.post("/api/chat", json={"question": "Cokoliv?", "stream": False}).json()[
        "abstained"
    ]


def test_dates_are_real_days_in_ascii_digits(client: TestClient) -> None:
    """R2: a day that does not exist or is written in other digits is a Czech 422, not a new
    history cached per distinct string."""
    for day in ("2025-13-45", "2025-02-30", "٢٠٢٥-٠١-٠١", "20250101"):
        response = client.get("/api/resolutions/1893/24/RK", params={"as_of": day})
        assert response.status_code == 422 and "skutečný den" in response.text, day
        body = {"topic": "chatbot", "as_of": day}
        staff = client.post("/api/staff/research/topic", json=body, headers=STAFF)
        assert staff.status_code == 422 and "skutečný den" in staff.text, day
    valid = client.get("/api/resolutions/1893/24/RK", params={"as_of": "2025-01-31"})
    assert valid.status_code in (200, 404)


def test_heavy_staff_requests_are_limited_per_key(settings: Settings) -> None:
    """Topic research and exports cost seconds each: a key (even a leaked one) gets a few a
    minute, searches are not counted, and a wrong key spends nothing."""
    other = "druhy-klic"
    app = create_app(settings.replace(staff_heavy_per_minute=2, staff_api_keys=[KEY, other]))
    client = TestClient(app)
    body = {"topic": "chatbot"}
    codes = [client.post("/api/staff/research/topic", json=body, headers=STAFF).status_code
             for _ in range(3)]  # fmt: skip
    assert codes == [200, 200, 429]
    refused = client.post("/api/staff/research/topic", json=body, headers=STAFF)
    assert "Příliš mnoho rešerší" in refused.json()["detail"] and refused.headers["retry-after"]
    second = {"Authorization": f"Bearer {other}"}
    assert client.post("/api/staff/research/topic", json=body, headers=second).status_code == 200
    search = client.post("/api/staff/search", json={"question": "chatbot"}, headers=STAFF)
    assert search.status_code == 200
