"""The error every shell turns into its Czech message (the CLI's exit 1, the API's 503)."""

from __future__ import annotations


class Unavailable(RuntimeError):
    """A configured model, endpoint or file cannot be used; the message says why in Czech."""
