"""Per-portal extraction overrides, read from a site profile's [extract] table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from lxml import etree

from ..exceptions import ProfileError
from .dates import resolve_zone
from .decode import normalize_encoding
from .xpath_policy import check_xpath_functions

__all__ = ["ExtractionProfile"]


@dataclass(frozen=True)
class ExtractionProfile:
    """XPath lists tried before the generic rules; the first that matches wins.

    ``drop`` removes matching elements before the body is searched. ``encoding`` names the
    charset of the site's pages (see :func:`~newsarchive.extract.decode.decode_html`'s
    ``template_encoding``).
    """

    title: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    editor: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    section: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    timezone: str | None = None
    encoding: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, where: str = "profile") -> ExtractionProfile:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ProfileError(
                f"{where}: unknown [extract] keys {sorted(unknown)}; known: {sorted(known)}"
            )
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key == "timezone":
                if value is not None and not isinstance(value, str):
                    raise ProfileError(f"{where}: extract.timezone must be a string, got {value!r}")
                if value:
                    try:
                        resolve_zone(value)  # every page would fail on it: say so once, here
                    except ValueError as exc:
                        raise ProfileError(f"{where}: extract.timezone: {exc}") from None
                values[key] = value
                continue
            if key == "encoding":
                values[key] = _codec(value, where)
                continue
            items = (value,) if isinstance(value, str) else tuple(value or ())
            for xp in items:
                if not isinstance(xp, str):
                    raise ProfileError(f"{where}: extract.{key} holds a non-string {xp!r}")
                try:
                    etree.XPath(xp)
                except etree.XPathSyntaxError as exc:
                    raise ProfileError(f"{where}: extract.{key} xpath={xp!r} error={exc}") from exc
                problem = check_xpath_functions(xp)  # no php:function(), document(), EXSLT ...
                if problem:
                    raise ProfileError(f"{where}: extract.{key} xpath={xp!r} error={problem}")
            values[key] = items
        return cls(**values)


def _codec(value: Any, where: str) -> str | None:
    """The codec an ``encoding`` key names, normalised as the decoder normalises labels."""
    if value is None or value == "":
        return None
    codec = normalize_encoding(value) if isinstance(value, str) else None
    if codec is None:
        raise ProfileError(f"{where}: extract.encoding names no known charset: {value!r}")
    return codec
