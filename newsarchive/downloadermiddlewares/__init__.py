"""Downloader middlewares: WARC archiving of every response, retries with backoff."""
