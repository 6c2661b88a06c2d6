"""Scrapy extensions: run summary and log file, live progress line."""
