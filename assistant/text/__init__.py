"""The text layer: Czech analysis, facts, numbers, dates, spelling, translation, privacy, messages."""
