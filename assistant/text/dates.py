"""How a passage is named in prompts, answers and reports: title, resolution, date, page."""

from __future__ import annotations

import re
from datetime import date as Date

from assistant.model import Passage
from assistant.text.messages import message


def czech_date(value: str) -> str:
    """`2025-03-18` as `18. 3. 2025`; anything else unchanged."""
    try:
        d = Date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{d.day}. {d.month}. {d.year}"


def iso_date(value: str) -> str:
    """`30. 6. 2025` as `2025-06-30`; empty when it is no date."""
    numbers = [int(x) for x in re.findall(r"\d+", value)]
    if len(numbers) < 3:
        return ""
    day, month, year = numbers[:3]
    try:
        return Date(year, month, day).isoformat()
    except ValueError:
        return ""


def reference(passage: Passage) -> str:
    document, chunk = passage.document, passage.chunk
    parts = [document.title]
    if chunk.resolution:
        parts.append(f"{message('resolution_label')} {chunk.resolution}")
    if document.date:
        parts.append(czech_date(document.date))
    if chunk.page:
        parts.append(f"{message('page_label')} {chunk.page}")
    return ", ".join(parts)
