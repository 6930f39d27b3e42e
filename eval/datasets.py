"""Gold datasets in three shapes, normalised to one item type and validated line by line.

* gold JSONL (`../shared/eval/dev.jsonl`): evidence phrases, answer_must, must_not…
* question + relevant files (`wiki-nlp-cs/questions.jsonl`)
* BEIR-style queries with relevant ids (`ctkfacts/queries.jsonl`)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


class DatasetError(ValueError):
    """A dataset that cannot be run; the message lists the bad lines."""


@dataclass
class Item:
    id: str
    question: str
    audience: str = "public"
    answerable: bool = True
    evidence: list[str] = field(default_factory=list)
    answer_must: list[list[str]] = field(default_factory=list)
    must_not: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    relevant_ids: list[str] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    @property
    def judges_answers(self) -> bool:
        """Whether the item says anything about answers (benchmarks only judge retrieval)."""
        return bool(self.answer_must or self.must_not or not self.answerable or self.evidence)


def _strings(value, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ValueError(f"pole '{name}' musí být seznam řetězců")
    return value


def parse_item(record: object) -> Item:
    if not isinstance(record, dict):
        raise ValueError("řádek není objekt JSON")
    question = record.get("question")
    if not isinstance(question, str) or not question.strip():
        raise ValueError("chybí neprázdné pole 'question'")
    if not isinstance(record.get("id"), str) or not record["id"]:
        raise ValueError("chybí pole 'id'")
    audience = record.get("audience", "public")
    if audience not in ("public", "staff"):
        raise ValueError("pole 'audience' musí být 'public' nebo 'staff'")
    answerable = record.get("answerable", True)
    if not isinstance(answerable, bool):
        raise ValueError("pole 'answerable' musí být true/false")
    must = record.get("answer_must", [])
    if not isinstance(must, list) or not all(
        isinstance(g, list) and g and all(isinstance(x, str) for x in g) for g in must
    ):
        raise ValueError("pole 'answer_must' musí být seznam neprázdných seznamů řetězců")
    history = record.get("history", [])
    if not isinstance(history, list):
        raise ValueError("pole 'history' musí být seznam")
    item = Item(
        id=record["id"],
        question=question,
        audience=audience,
        answerable=answerable,
        evidence=_strings(record.get("evidence", []), "evidence"),
        answer_must=must,
        must_not=_strings(record.get("must_not", []), "must_not"),
        sources=_strings(record.get("sources", record.get("relevant_files", [])), "sources"),
        relevant_ids=_strings(record.get("relevant_ids", []), "relevant_ids"),
        history=history,
        tags=_strings(record.get("tags", []), "tags"),
    )
    if item.answerable and not (item.evidence or item.sources or item.relevant_ids):
        raise ValueError("zodpověditelná otázka nemá 'evidence', 'sources' ani 'relevant_ids'")
    return item


def load_dataset(path: Path) -> list[Item]:
    """All items, or a DatasetError naming every bad line."""
    items, problems, ids = [], [], set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: soubor není v UTF-8 ({exc})") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = parse_item(json.loads(line))
            if item.id in ids:
                raise ValueError(f"opakované id '{item.id}'")
            ids.add(item.id)
            items.append(item)
        except json.JSONDecodeError as exc:
            problems.append(f"řádek {number}: neplatný JSON ({exc.msg})")
        except ValueError as exc:
            problems.append(f"řádek {number}: {exc}")
    if problems:
        raise DatasetError(f"{path}: chybné řádky:\n" + "\n".join(problems))
    if not items:
        raise DatasetError(f"{path}: datová sada je prázdná")
    return items
