"""The question layer: what a question asks, understood once per request."""
