"""Every exception newsarchive raises on purpose, in one place."""

from __future__ import annotations

__all__ = [
    "CrawlError",
    "DatasetError",
    "DatasetWarning",
    "DecodeError",
    "EmptyDocumentError",
    "ExtractionError",
    "LockHeldError",
    "MissingDependencyError",
    "NewsArchiveError",
    "NotHTMLError",
    "ProfileError",
    "RecordValidationError",
    "UsageError",
]


class NewsArchiveError(Exception):
    """Base class: the CLI maps every subclass to a one-line message and an exit code."""


class ExtractionError(NewsArchiveError):
    """A document could not be turned into a record at all."""


class EmptyDocumentError(ExtractionError):
    """The input holds no bytes (or only whitespace)."""


class NotHTMLError(ExtractionError):
    """The input is binary data or text that is not HTML."""


class DecodeError(ExtractionError):
    """The bytes could not be decoded with any candidate encoding."""


class ProfileError(NewsArchiveError):
    """A site profile file is missing, malformed or names unknown keys."""


class CrawlError(NewsArchiveError):
    """A crawl failed as a whole (nothing fetched, too many errors)."""


class LockHeldError(CrawlError):
    """Another run holds the per-site lock."""


class DatasetError(NewsArchiveError):
    """A dataset path is unusable."""


class RecordValidationError(DatasetError):
    """A record does not match the published schema."""


class DatasetWarning(UserWarning):
    """Bad dataset lines were skipped (count and first locations in the message)."""


class UsageError(NewsArchiveError):
    """A command-line value is wrong (exit 2); the message names the option and a valid example."""


class MissingDependencyError(NewsArchiveError):
    """An optional package is not installed; the message names the extra to install."""
