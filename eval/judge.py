"""Optional LLM judge (faithfulness, relevance) with a Czech prompt.

Informational only: LLM judges drift between runs and over-score outside English, so the
gate never uses them; they are shown next to the deterministic figures.
"""

from __future__ import annotations

import json
import re

from assistant.answer.llm import LlmUnavailable, chat_model
from assistant.settings import LlmSettings
from assistant.text.messages import template


class Judge:
    def __init__(self, settings: LlmSettings):
        self.chat = chat_model(settings)

    def grade(self, question: str, answer: str, passages: list[str]) -> dict | None:
        """{"faithfulness", "relevance", "reason"} or None when the reply is not usable."""
        from langchain_core.messages import HumanMessage

        prompt = template("judge").format(
            question=question,
            answer=answer,
            passages="\n\n".join(f"[{i}] {p}" for i, p in enumerate(passages, 1)),
        )
        try:
            reply = str(self.chat.invoke([HumanMessage(prompt)]).content)
        except Exception as exc:
            raise LlmUnavailable(f"Hodnoticí model neodpověděl: {exc}") from exc
        try:
            data = json.loads(re.search(r"\{.*\}", reply, re.S).group())
            grades = {"faithfulness": int(data["vernost"]), "relevance": int(data["relevance"])}
        except (AttributeError, KeyError, TypeError, ValueError):
            return None
        if not all(1 <= v <= 5 for v in grades.values()):
            return None
        return {**grades, "reason": str(data.get("zduvodneni", ""))[:300]}


def judge_rows(rows: list[dict], judge: Judge) -> dict:
    """Grade every answered, non-abstained item in place; return the means."""
    graded = []
    for row in rows:
        if row.get("answer") and not row.get("abstained"):
            passages = [f"{c['title']}: {c['quote']}" for c in row["citations"]]
            row["judge"] = judge.grade(row["question"], row["answer"], passages)
            if row["judge"]:
                graded.append(row["judge"])
    if not graded:
        return {"graded": 0}
    return {
        "graded": len(graded),
        "faithfulness": round(sum(g["faithfulness"] for g in graded) / len(graded), 2),
        "relevance": round(sum(g["relevance"] for g in graded) / len(graded), 2),
    }
