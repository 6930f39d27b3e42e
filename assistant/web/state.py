"""What the routes of one worker process share: the service, the rate limiters and the
metrics."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.requests import Request

from assistant.errors import Unavailable
from assistant.service import Service
from assistant.settings import Settings
from assistant.web.ratelimit import RateLimiter

LOG = logging.getLogger(__name__)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "assistant_requests", "HTTP requests", ["route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "assistant_request_seconds", "Request latency", ["route"], registry=self.registry
        )
        self.answers = Counter(
            "assistant_answers", "Answers given", ["audience", "abstained"], registry=self.registry
        )
        self.feedback = Counter(
            "assistant_feedback", "Feedback received", ["rating"], registry=self.registry
        )


class State:
    def __init__(self, settings: Settings):
        self.settings = settings.service
        self.service = Service.open(settings)
        try:
            self.service.answer_log.purge()
            self.service.warm()
        except Unavailable as exc:  # the shared database not up yet: ready once it is
            LOG.warning("%s", exc)
        self.limiter = RateLimiter(settings.service.rate_limit_per_minute)
        self.failed_logins = RateLimiter(settings.service.failed_logins_per_minute)
        self.staff_heavy = RateLimiter(settings.service.staff_heavy_per_minute)
        self.metrics = Metrics()
        # PDFium renders one page at a time in a thread of its own (see assistant.output.previews).
        self.renderer = ThreadPoolExecutor(1, thread_name_prefix="pdfium")


def state(request: Request) -> State:
    return request.app.state.app
