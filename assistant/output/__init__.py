"""The output layer: JSON of the CLI and the API, reports, page previews, status."""
