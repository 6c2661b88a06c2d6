"""Scrapy extensions: the crawl's archive (lock, state, WARC, JSONL), run summary, live progress line."""
