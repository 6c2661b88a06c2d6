"""Links: URL canonicalisation and classification, list-page discovery and pager rules.

Used by the spider and the WARC middleware; the extraction engine never needs it.
"""
from .discover import *
from .discover import __all__  # noqa: F401
