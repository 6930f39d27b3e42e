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


def tuning_sets(shared: Path) -> list[tuple[str, Path, Path]]:
    return [
        ("shared-tune", ROOT / "eval/gold/shared-tune.jsonl", shared / "corpus"),
        ("samples-tune", ROOT / "eval/gold/samples-tune.jsonl", ROOT / "samples/corpus"),
        ("dev", shared / "eval/dev.jsonl", shared / "corpus"),
    ]


def answered_rows(dataset: Path, corpus: Path) -> list[dict]:
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(env_file=None, data_dir=Path(data), max_wrong_rate=1.0)
        ingest([corpus], settings, progress=False)
        report = evaluate(load_dataset(dataset), Service.open(settings).assistant, progress=True)
        return report["items"]


def fit(rows: list[dict], trained_on: str) -> Calibration:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    usable = [r for r in rows if r.get("candidate_right") is not None
              and all(n in (r.get("signals") or {}) for n in SIGNALS)]  # fmt: skip
    x = np.array([[r["signals"][n] for n in SIGNALS] for r in usable])
    y = np.array([bool(r["candidate_right"]) for r in usable])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    model = LogisticRegression(C=0.5, max_iter=1000)
    folds = StratifiedKFold(5, shuffle=True, random_state=20261207)
    out_of_fold = cross_val_predict(model, z, y, cv=folds, method="predict_proba")[:, 1]
    auc = float(roc_auc_score(y, out_of_fold))
    by_row = {id(r): p for r, p in zip(usable, out_of_fold, strict=True)}
    curve = risk_coverage(rows, lambda r: by_row.get(id(r)))
    model.fit(z, y)
    return Calibration(
        names=SIGNALS, mean=tuple(mean.round(6)), scale=tuple(scale.round(6)),
        weights=tuple(model.coef_[0].round(6)), bias=round(float(model.intercept_[0]), 6),
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
