"""Evaluation harness: gold questions in, deterministic quality figures out."""
