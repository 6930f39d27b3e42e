"""Who is asking: the client address (for rate limits) and whether it is an official.

The audience is decided here, by the path and the credentials, never by the client.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from fastapi import HTTPException, Request

from assistant.settings import ServiceSettings
from assistant.web.ratelimit import RateLimiter
from assistant.web.state import state


def client_address(request: Request, settings: ServiceSettings) -> str:
    """The client address, believing X-Forwarded-For only from trusted proxies."""
    peer = request.client.host if request.client else "unknown"
    if peer not in settings.trusted_proxies:
        return peer
    chain = [p.strip() for p in request.headers.get("x-forwarded-for", "").split(",") if p.strip()]
    for address in reversed(chain):
        if address not in settings.trusted_proxies:
            return address
    return peer


SESSION_COOKIE = "lk_staff_session"
SESSION_HOURS = 8


def _session_secret(settings: ServiceSettings) -> bytes:
    """Derived from the staff keys: a key rotated ends every session signed with it, and every
    worker signs and checks alike without a secret of its own."""
    keys = "\0".join(sorted(settings.staff_api_keys))
    return hashlib.sha256(b"session\0" + keys.encode()).digest()


def session_token(settings: ServiceSettings, now: float | None = None) -> tuple[str, int]:
    """A signed "expires.signature" for the officials' session cookie, and its lifetime (s)."""
    seconds = SESSION_HOURS * 3600
    expires = str(int((time.time() if now is None else now) + seconds))
    signature = hmac.new(_session_secret(settings), expires.encode(), "sha256").hexdigest()
    return f"{expires}.{signature}", seconds


def _valid_session(token: str, settings: ServiceSettings) -> bool:
    expires, _, signature = token.partition(".")
    if not settings.staff_api_keys or not expires.isdigit() or int(expires) < time.time():
        return False
    expected = hmac.new(_session_secret(settings), expires.encode(), "sha256").hexdigest()
    return hmac.compare_digest(signature.encode(), expected.encode())


def is_staff(request: Request, settings: ServiceSettings) -> bool:
    """A staff key, the SSO proxy's login header, or (for reading only: an original opened
    from a link, which carries no key) the session cookie the staff login set."""
    if request.method in ("GET", "HEAD") and _valid_session(
        request.cookies.get(SESSION_COOKIE, ""), settings
    ):
        return True
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        given = header[7:].strip().encode()
        if any(hmac.compare_digest(given, k.encode()) for k in settings.staff_api_keys):
            return True
    user_header = settings.staff_user_header
    peer = request.client.host if request.client else ""
    return bool(
        user_header
        and request.headers.get(user_header, "").strip()
        and peer in settings.sso_proxies
    )


def _throttled(limiter: RateLimiter, who: str, what: str) -> None:
    """A `429` with `Retry-After` when `who` has used up its bucket."""
    retry = limiter.take(who)
    if retry:
        raise HTTPException(
            429,
            f"Příliš mnoho {what}. Zkuste to prosím za chvíli znovu.",
            headers={"Retry-After": str(retry)},
        )


async def limited(request: Request) -> None:
    """Dependency of the public routes: a token bucket per client."""
    app = state(request)
    _throttled(app.limiter, client_address(request, app.settings), "dotazů za krátkou dobu")


def staff_identity(request: Request, settings: ServiceSettings) -> str:
    """Who a staff request is from, for its rate limit: the key (hashed, never kept as given)
    or the signed-in user."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return "key:" + hashlib.sha256(header[7:].strip().encode()).hexdigest()[:16]
    user_header = settings.staff_user_header
    return "user:" + (request.headers.get(user_header, "").strip() if user_header else "")


async def staff_heavy(request: Request) -> None:
    """Dependency of the heavy staff routes (topic research, exports): a bucket per key."""
    app = state(request)
    _throttled(app.staff_heavy, staff_identity(request, app.settings), "rešerší za krátkou dobu")


async def require_staff(request: Request) -> None:
    """Dependency of every route under /api/staff/ (and /metrics). Wrong keys are counted
    per client, so keys cannot be guessed at the speed of the network."""
    app = state(request)
    if is_staff(request, app.settings):
        return
    _throttled(app.failed_logins, client_address(request, app.settings),
               "neplatných přihlášení")  # fmt: skip
    raise HTTPException(
        401,
        "Přístup jen pro pracovníky úřadu: chybí nebo je neplatný klíč API.",
        headers={"WWW-Authenticate": "Bearer"},
    )
