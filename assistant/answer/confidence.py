"""How likely an extractive answer is right, and whether to give it.

Every answer gets the same few signals (lexical evidence, the retrieval margin, the e5
similarity of the question to the passages, read from the stored vectors: embedding the quoted
sentences as well would cost more than the whole rest of an answer). A logistic regression
learned on the tuning halves (`python -m eval.calibrate`, cross-validated) turns them into one
confidence; the office picks the operating point with `ASSISTANT_MAX_WRONG_RATE` on the
risk–coverage curve stored with it, and an answer below that point is replaced by the refusal.
No threshold is set by hand per signal.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from assistant.model import Hit, Reply
from assistant.question.asked import Asked
from assistant.search.retrieve import Retriever
from assistant.text.analysis import passage_lines

SIGNALS = (
    "strength",  # how much of the question the best passage supports
    "answer_support",  # how much of the question the answer itself covers
    "margin",  # how far the first passage leads the second
    "dense_top",  # e5: question ↔ the first passage
    "dense_cited",  # e5: question ↔ the passages the answer quotes (best)
    "quoted",  # sentences quoted
    "unknown",  # the question's words no document has and the answer does not match
    "other_language",  # a question not in Czech
)
CALIBRATION = "calibration.json"


def indexed_lines(hit: Hit) -> tuple[str, ...]:
    """What the evidence check reads of a passage: what is indexed of it."""
    p = hit.passage
    return passage_lines(p.document.title, p.chunk.section, p.chunk.text)


def signals(
    asked: Asked, hits: Sequence[Hit], reply: Reply, strength: float, retriever: Retriever
) -> dict[str, float]:
    """The signals of one answer; without vectors the e5 ones are left out (the calibration
    then reads each as its mean: no evidence either way)."""
    scores = [h.score for h in hits]
    margin = (scores[0] - scores[1]) / scores[0] if len(scores) > 1 and scores[0] > 0 else 1.0
    cited = [c.passage.chunk_id for c in reply.citations]
    top = hits[0].passage.chunk_id if hits else ""
    passages = retriever.passage_similarities(asked.query, [top, *cited])
    values = {
        "strength": strength,
        "answer_support": asked.evidence.strength(reply.text),
        "margin": margin,
        "quoted": float(reply.text.count("[")),
        "unknown": asked.evidence.unknown_share(reply.text),
        "other_language": float(asked.language != "cs"),
    }
    if top in passages:
        values["dense_top"] = passages[top]
        values["dense_cited"] = max((passages.get(c, passages[top]) for c in cited),
                                    default=passages[top])  # fmt: skip
    return values


@dataclass(frozen=True)
class Calibration:
    """A logistic regression over standardised signals and its risk–coverage curve
    (threshold, share answered, share of answers wrong), measured out of fold."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    curve: tuple[tuple[float, float, float], ...]
    trained_on: str = ""

    @classmethod
    def load(cls, path: Path) -> Calibration:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["curve"] = tuple(tuple(point) for point in data["curve"])
        for key in ("names", "mean", "scale", "weights"):
            data[key] = tuple(data[key])
        return cls(**data)

    def save(self, path: Path) -> None:
        data = {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}
        data["curve"] = [list(point) for point in self.curve]
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def confidence(self, values: dict[str, float]) -> float:
        x = (np.array([values.get(n, m) for n, m in zip(self.names, self.mean, strict=True)])
             - np.array(self.mean)) / np.array(self.scale)  # fmt: skip
        z = float(np.dot(x, self.weights) + self.bias)
        return 1 / (1 + math.exp(-z))

    def threshold(self, max_wrong_rate: float) -> float:
        """The lowest confidence whose answers were wrong at most this often (answer the most
        questions within the risk); 0 answers everything, 1 nothing."""
        if max_wrong_rate >= 1:
            return 0.0
        within = [t for t, _, risk in self.curve if risk <= max_wrong_rate]
        return min(within) if within else 1.0


@cache
def bundled() -> Calibration | None:
    path = Path(str(files("assistant.answer") / CALIBRATION))
    return Calibration.load(path) if path.exists() else None
