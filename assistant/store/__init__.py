"""The store layer: SQLite documents and chunks, the answer log."""
