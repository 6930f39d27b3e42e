"""The one exception a loader raises for a file it cannot index; the message is Czech."""


class IngestError(Exception):
    """A file that is reported and skipped: corrupt, encrypted, empty, mislabelled."""
