"""The package version; ``extractor_version`` in every record is ``newsarchive/<this>``."""

__version__ = "0.2.3"
