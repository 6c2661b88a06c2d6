"""Links: URL canonicalisation and shapes, news lists found from page structure, pagers,
URL shapes learned from a site, and discovery of a page's links.

Used by the spider and the WARC middleware; the extraction engine never needs it.
"""

from .discover import PageLinks, discover_links, url_date
from .learn import UrlPatterns, url_shape
from .structure import find_lists
from .urls import TRACKING_PARAMS, canonicalize_url, classify_url, is_excluded

__all__ = [
    "TRACKING_PARAMS",
    "PageLinks",
    "UrlPatterns",
    "canonicalize_url",
    "classify_url",
    "discover_links",
    "find_lists",
    "is_excluded",
    "url_date",
    "url_shape",
]
