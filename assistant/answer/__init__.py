"""The answer layer: the assistant, extractive and LLM answers, the output guard."""
