"""Scrapy commands of the newsarchive project (``COMMANDS_MODULE``): ``crawl`` with truthful exit codes."""
