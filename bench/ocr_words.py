"""What the OCR repair does to words, on two kinds of OCR text.

1. The scanned wiki-nlp-cs documents (`pdf_images/`, recognised here by tesseract): each has a
   text PDF twin, the reference. Precision is the share of recognised words found, in order,
   in the reference (difflib alignment, case-insensitive; a scan holds only part of its
   document, so recall says little). Good OCR must come out of the repair no worse.
2. The chunks of the shared corpus whose text layer came from poor OCR (f for ř, d for á, lost
   accents). There is no reference; the figure is the share of words the Czech word list or
   the clean documents know, before and after, and every change is written to a file for a
   person to check (`--changes`).
3. What a citizen reads: the OCR quotes of the extractive answers to every gold question over
   the shared corpus (dev, heldout-1, both halves of `eval/gold/shared-*`), and how many of
   their lower-case words neither the word list nor the clean documents know.

Run: `.venv/bin/python bench/ocr_words.py [--shared ../shared] [--changes /tmp/changes.tsv]`.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import tempfile
from pathlib import Path

from tqdm import tqdm

from assistant.answer.assistant import Assistant
from assistant.model import Turn
from assistant.search.filters import Filters
from assistant.service import Service
from assistant.settings import Settings
from assistant.store.writer import StoreWriter
from assistant.text.spelling import WORD as TOKEN
from assistant.text.spelling import Speller, lost_diacritics
from ingest.loaders.ocr import Ocr
from ingest.loaders.pdf import load_pdf
from ingest.pipeline import ingest

ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"[^\W\d_]+")


def text_of(path: Path, ocr: Ocr) -> str:
    return "\n".join(b.text for b in load_pdf(path, ocr).blocks)


def precision(reference: str, recognised: str) -> float:
    ref = [w.lower() for w in WORD.findall(reference)]
    hyp = [w.lower() for w in WORD.findall(recognised)]
    matcher = difflib.SequenceMatcher(None, ref, hyp, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / max(1, len(hyp))


def scans(wiki: Path, speller: Speller) -> None:
    ocr = Ocr()
    if ocr.problem:
        raise SystemExit(ocr.problem)
    rows = []
    for scan in tqdm(sorted((wiki / "pdf_images").glob("*.pdf")), desc="OCR skenů", unit="soubor"):
        try:
            reference = text_of(wiki / "pdf" / scan.name, ocr)
        except Exception as error:  # the benchmark's damaged twins have no reference
            print(f"přeskočeno {scan.name}: text PDF nečitelný ({error})")
            continue
        raw = text_of(scan, ocr)
        repaired = speller.correct(raw, lost_diacritics(raw))
        rows.append((scan.name, precision(reference, raw), precision(reference, repaired)))
    print("\n| scanned document | precision of OCR | after repair |\n|---|---:|---:|")
    for name, before, after in rows:
        print(f"| {name} | {before:.3f} | {after:.3f} |")
    before, after = (sum(r[i] for r in rows) / len(rows) for i in (1, 2))
    print(f"| mean of {len(rows)} | {before:.3f} | {after:.3f} |")


def corpus(folder: Path, changes: Path, questions: list[Path]) -> None:
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(env_file=None, data_dir=Path(data))
        ingest([folder], settings, progress=True)
        store = StoreWriter(settings.storage.index_database)
        chunks = store.ocr_chunks()
        speller = Speller.czech().with_words(store.clean_words())
        quoted(Service.open(settings).assistant, questions, speller)
    words = {"before": [0, 0], "after": [0, 0]}
    changed = []
    for chunk_id, _, _, text, original, _ in chunks:
        for key, version in (("before", original), ("after", text)):
            found = WORD.findall(version)
            words[key][0] += sum(speller.known(w) for w in found)
            words[key][1] += len(found)
        # The repair replaces token for token, so the tokens of both versions pair up.
        pairs = zip(TOKEN.findall(original), TOKEN.findall(text), strict=True)
        changed += [(chunk_id, a, b) for a, b in pairs if a != b]
    changes.write_text("".join(f"{c}\t{a}\t{b}\n" for c, a, b in changed), encoding="utf-8")
    known = {k: v[0] / max(1, v[1]) for k, v in words.items()}
    print(f"\n| shared corpus, {len(chunks)} OCR chunks | known words | ")
    print("|---|---:|")
    print(f"| as OCR gave them | {known['before']:.3f} |")
    print(f"| after repair | {known['after']:.3f} |")
    print(f"{len(changed)} words changed, listed in {changes}")


def quoted(assistant: Assistant, questions: list[Path], speller: Speller) -> None:
    quotes, words, unknown = 0, 0, []
    for path in questions:
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            history = [Turn(t["role"], t["content"]) for t in item.get("history", [])]
            audience = Filters(audience=item.get("audience", "public"))
            reply = assistant.ask(item["question"], audience, history).reply
            for citation in reply.citations:
                if citation.passage.chunk.ocr_text:
                    quotes += 1
                    lower = [w for w in TOKEN.findall(citation.quote) if w[:1].islower()]
                    words += len(lower)
                    unknown += [w for w in lower if not speller.known(w)]
    print(f"\n| OCR quotes in answers to {len(questions)} gold sets | quotes | lower-case"
          " words | unknown |\n|---|---:|---:|---:|")  # fmt: skip
    print(f"| extractive answers | {quotes} | {words} | {len(unknown)} |")
    if unknown:
        print("unknown:", ", ".join(sorted(set(unknown))))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--changes", type=Path, default=Path(tempfile.gettempdir()) / "ocr.tsv")
    args = parser.parse_args()
    scans(args.shared / "benchmarks/wiki-nlp-cs", Speller.czech())
    gold = [args.shared / "eval/dev.jsonl", args.shared / "eval/heldout-1.jsonl",
            *sorted((ROOT / "eval/gold").glob("shared-*.jsonl"))]  # fmt: skip
    corpus(args.shared / "corpus", args.changes, [p for p in gold if p.exists()])


if __name__ == "__main__":
    main()
