"""The answer confidence: a logistic regression over standardised signals, its operating point
read off the risk–coverage curve, and the calibration shipped with the package."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.answer.confidence import SIGNALS, Calibration, bundled

TINY = Calibration(
    names=("strength", "dense_top"),
    mean=(0.5, 0.8),
    scale=(0.2, 0.05),
    weights=(1.0, 2.0),
    bias=0.0,
    curve=((0.9, 0.2, 0.0), (0.7, 0.4, 0.1), (0.5, 0.6, 0.2), (0.3, 0.8, 0.35)),
)


def test_confidence_grows_with_each_signal_by_its_weight() -> None:
    middle = TINY.confidence({"strength": 0.5, "dense_top": 0.8})
    assert middle == pytest.approx(0.5)
    stronger = TINY.confidence({"strength": 0.7, "dense_top": 0.8})
    closer = TINY.confidence({"strength": 0.5, "dense_top": 0.85})
    assert middle < stronger < closer  # one standard deviation of the heavier signal counts more
    assert TINY.confidence({}) == pytest.approx(0.5), "a missing signal counts as its mean"


def test_the_operating_point_answers_most_within_the_risk() -> None:
    assert TINY.threshold(0.25) == 0.5
    assert TINY.threshold(0.1) == 0.7
    assert TINY.threshold(0.0) == 0.9
    assert TINY.threshold(1.0) == 0.0, "1 never withholds"
    assert replace(TINY, curve=((0.9, 0.2, 0.3),)).threshold(0.1) == 1.0, "too risky: none"


def test_a_calibration_survives_a_round_trip(tmp_path: Path) -> None:
    TINY.save(tmp_path / "c.json")
    assert Calibration.load(tmp_path / "c.json") == TINY


def test_the_shipped_calibration_reads_signals_every_answer_has() -> None:
    shipped = bundled()
    assert shipped is not None and shipped.names and set(shipped.names) <= set(SIGNALS)
    assert shipped.curve and all(
        0 <= t <= 1 and 0 < c <= 1 and 0 <= r <= 1 for t, c, r in shipped.curve
    )
    assert 0 < shipped.threshold(0.25) < 1
