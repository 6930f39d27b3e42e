"""Learn the answer confidence (`assistant/answer/calibration.json`) on the tuning sets.

    .venv/bin/python -m eval.calibrate [--shared ../shared]

Every tuning set is answered with the operating point off; each answer's signals and whether it
was right (every asked fact, nothing forbidden, and the question answerable at all) train a
logistic regression (scikit-learn, in the `dev` extra; the service only multiplies the stored
weights). The risk–coverage curve stored with it is measured out of fold, so choosing the
operating point does not read the answers the weights were fitted on. The test halves and
heldout-1 are never read here.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np

from assistant.answer.confidence import CALIBRATION, SIGNALS, Calibration
from assistant.service import Service
from assistant.settings import Settings
from eval.datasets import load_dataset
from eval.metrics import risk_coverage
from eval.run import evaluate
from ingest.pipeline import ingest

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "assistant/answer" / CALIBRATION
MIN_GAIN = 0.005  # of out-of-fold AUC, for a signal to join


def tuning_sets(shared: Path) -> list[tuple[str, Path, Path]]:
    return [
        ("shared-tune", ROOT / "eval/gold/shared-tune.jsonl", shared / "corpus"),
        ("samples-tune", ROOT / "eval/gold/samples-tune.jsonl", ROOT / "samples/corpus"),
        ("more-shared-tune", ROOT / "eval/gold/more-shared-tune.jsonl", shared / "corpus"),
        ("more-samples-tune", ROOT / "eval/gold/more-samples-tune.jsonl", ROOT / "samples/corpus"),
        ("dev", shared / "eval/dev.jsonl", shared / "corpus"),
    ]


def answered_rows(dataset: Path, corpus: Path) -> list[dict]:
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(env_file=None, data_dir=Path(data), max_wrong_rate=1.0)
        ingest([corpus], settings, progress=False)
        report = evaluate(load_dataset(dataset), Service.open(settings).assistant, progress=True)
        return report["items"]


def _out_of_fold(z: np.ndarray, y: np.ndarray, seed: int) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    folds = StratifiedKFold(5, shuffle=True, random_state=seed)
    model = LogisticRegression(C=0.5, max_iter=1000)
    return cross_val_predict(model, z, y, cv=folds, method="predict_proba")[:, 1]


def _auc(z: np.ndarray, y: np.ndarray) -> float:
    """Out-of-fold AUC, averaged over five shuffles of the folds."""
    from sklearn.metrics import roc_auc_score

    return float(np.mean([roc_auc_score(y, _out_of_fold(z, y, 20261207 + s)) for s in range(5)]))


def select_signals(z: np.ndarray, y: np.ndarray, names: tuple[str, ...]) -> list[int]:
    """Forward selection by out-of-fold AUC: a signal joins only if it separates right from
    wrong answers beyond those already in (a hundred-odd answers do not carry eight weights;
    the e5 similarities, for one, add nothing: README)."""
    chosen: list[int] = []
    best = 0.5
    while len(chosen) < len(names):
        scored = [(_auc(z[:, [*chosen, i]], y), i) for i in range(len(names)) if i not in chosen]
        auc, i = max(scored)
        if auc < best + MIN_GAIN:
            break
        chosen.append(i)
        best = auc
    return chosen


def fit(rows: list[dict], trained_on: str) -> Calibration:
    from sklearn.linear_model import LogisticRegression

    usable = [r for r in rows if r.get("candidate_right") is not None
              and all(n in (r.get("signals") or {}) for n in SIGNALS)]  # fmt: skip
    x = np.array([[r["signals"][n] for n in SIGNALS] for r in usable])
    y = np.array([bool(r["candidate_right"]) for r in usable])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    chosen = select_signals(z, y, SIGNALS)
    z = z[:, chosen]
    auc = _auc(z, y)
    out_of_fold = _out_of_fold(z, y, 20261207)
    by_row = {id(r): p for r, p in zip(usable, out_of_fold, strict=True)}
    curve = risk_coverage(rows, lambda r: by_row.get(id(r)))
    model = LogisticRegression(C=0.5, max_iter=1000).fit(z, y)
    return Calibration(
        names=tuple(SIGNALS[i] for i in chosen), mean=tuple(mean[chosen].round(6)),
        scale=tuple(scale[chosen].round(6)), weights=tuple(model.coef_[0].round(6)),
        bias=round(float(model.intercept_[0]), 6),
        curve=tuple(p for p in curve if p[0] is not None),
        trained_on=f"{trained_on}; {len(usable)} answers, AUC out of fold {auc:.3f}",
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument(
        "--rows", type=Path, help="keep the answered rows in this JSON file and reuse them"
    )
    args = parser.parse_args()
    if args.rows and args.rows.exists():
        saved = json.loads(args.rows.read_text(encoding="utf-8"))
        rows, names = saved["rows"], saved["names"]
    else:
        rows, names = [], []
        for name, dataset, corpus in tuning_sets(args.shared):
            found = answered_rows(dataset, corpus)
            rows += found
            names.append(f"{name} ({len(found)})")
        if args.rows:
            args.rows.write_text(json.dumps({"rows": rows, "names": names}), encoding="utf-8")
    calibration = fit(rows, " + ".join(names))
    calibration.save(TARGET)
    print(f"{TARGET.relative_to(ROOT)}: {calibration.trained_on}")
    for rate in (0.1, 0.15, 0.2, 0.25, 0.3):
        threshold = calibration.threshold(rate)
        point = next((p for p in calibration.curve if p[0] == threshold), None)
        shown = f"answered {point[1]:.2f}, wrong {point[2]:.2f}" if point else "answers nothing"
        print(f"  MAX_WRONG_RATE {rate:.2f}: threshold {threshold:.3f}, {shown} (out of fold)")


if __name__ == "__main__":
    main()
