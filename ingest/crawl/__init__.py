"""The regional website as a source: a polite, incremental crawl mirrored into a folder that the
ordinary ingest indexes (so a page is parsed, chunked, replaced and removed like any file)."""
