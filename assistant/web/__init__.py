"""The web shell: FastAPI routes, middleware and auth over the same core as the CLI."""
