"""Dates as the documents write them (`18. 3. 2025`) and as the records keep them (ISO)."""

from __future__ import annotations

import re
from datetime import date as Date


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
