"""The text layer: Czech analysis, facts, numbers, dates, spelling, translation, privacy and
the fixed messages."""
