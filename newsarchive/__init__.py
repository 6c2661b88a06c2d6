"""newsarchive: scrape, extract and archive regional news portals."""

from __future__ import annotations

from typing import Any

from ._version import __version__
from .extract import Article, extract

__all__ = ["Article", "__version__", "extract", "open_dataset"]


def open_dataset(path: Any, **kwargs: Any) -> Any:
    """Open a data dir, site folder or .jsonl file as a lazily read dataset."""
    from .dataset import open_dataset as _open

    return _open(path, **kwargs)
