"""The search layer: filters, lexical and dense indexes, evidence, retrieval."""
