"""Request bodies of the API. Unknown fields are refused, so a client cannot name its own
audience; text is cleaned of control characters before anything reads it."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from assistant.model import Audience, Turn
from assistant.question.validate import MAX_TURN_CHARS, MAX_TURNS
from assistant.search.filters import Filters
from assistant.text.analysis import without_controls
from assistant.text.numbers import Body

Text = Annotated[str, AfterValidator(without_controls)]


def calendar_day(value: str) -> str:
    """A day of the calendar in ASCII digits, or "" for none: "2025-13-45" or Arabic-Indic
    digits (which `\\d` matches) are refused, not cached as a history of their own."""
    try:
        if value and date.fromisoformat(value).isoformat() != value:
            raise ValueError
    except ValueError:
        raise ValueError("datum musí být skutečný den ve tvaru RRRR-MM-DD") from None
    return value


Day = Annotated[str, Field(max_length=10), AfterValidator(calendar_day)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HistoryTurn(Strict):
    role: Literal["user", "assistant"]
    content: Annotated[Text, Field(max_length=MAX_TURN_CHARS)]


class FilterBody(Strict):
    doc_types: list[Annotated[Text, Field(max_length=50)]] = Field(
        default_factory=list, max_length=20
    )
    bodies: list[Body] = Field(default_factory=list)
    date_from: Day = ""
    date_to: Day = ""

    def filters(self, audience: Audience) -> Filters:
        return Filters(
            audience, tuple(self.doc_types), tuple(self.bodies), self.date_from, self.date_to
        )


class SearchBody(Strict):
    question: Text = Field(min_length=1)
    k: int = Field(5, ge=1, le=20)


class ChatBody(Strict):
    question: Text = Field(min_length=1)
    history: list[HistoryTurn] = Field(default_factory=list, max_length=MAX_TURNS)
    stream: bool = True

    def turns(self) -> list[Turn]:
        return [Turn(t.role, t.content) for t in self.history]


class StaffSearchBody(SearchBody):
    filters: FilterBody = Field(default_factory=FilterBody)


class StaffChatBody(ChatBody):
    filters: FilterBody = Field(default_factory=FilterBody)


class ExportBody(Strict):
    question: Text = Field(min_length=1)
    filters: FilterBody = Field(default_factory=FilterBody)
    format: Literal["docx", "md"] = "docx"


class TopicBody(Strict):
    topic: Text = Field(min_length=1, max_length=300)
    filters: FilterBody = Field(default_factory=FilterBody)
    as_of: Day = ""
    format: Literal["json", "docx", "md"] = "json"


class FeedbackBody(Strict):
    answer_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    rating: Literal["up", "down"]
    reason: Text = Field("", max_length=100)
    comment: Text = Field("", max_length=1000)


class ReviewBody(Strict):
    verdict: Literal["right", "wrong"]
    correct: Text = Field("", max_length=2000)
