"""How a passage is named in prompts and citations: title, resolution, date, page."""

from __future__ import annotations

from assistant.model import Passage
from assistant.text.dates import czech_date
from assistant.text.messages import message


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
