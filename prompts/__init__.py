"""Prompt templates and fixed Czech texts, kept as data files to be reviewed without code."""
