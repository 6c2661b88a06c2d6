"""Fixtures every test folder may use: a generated portal served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsarchive.samples import PortalInfo, PortalServer, build_portal

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
CORPUS_DEV_HTML = SHARED / "corpus" / "dev" / "html"
CORPUS_LISTS = SHARED / "corpus" / "lists"


@dataclass
class Portal:
    info: PortalInfo
    server: PortalServer

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def root(self) -> Path:
        return self.info.root

    def abs(self, path: str) -> str:
        return self.server.url + path


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[Portal]:
    """A small portal (24 articles, all the awkward cases, script-drawn lists), served on a free port.

    Real pages from ../shared/corpus/dev/html are added as articles when that folder exists.
    """
    info = build_portal(
        tmp_path / "portal",
        articles=24,
        per_page=6,
        script_lists=True,
        slow_seconds=3.0,
        corpus_dir=CORPUS_DEV_HTML if CORPUS_DEV_HTML.is_dir() else None,
        corpus_pages=4,
    )
    with PortalServer(info.root) as server:
        yield Portal(info, server)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``spy(owner, name)`` wraps ``owner.name`` (a function or a method) so that every call is
    still made and its arguments recorded in the list it returns: a shortcut shows it was taken."""

    def wrap(owner, name: str) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
        calls: list[tuple] = []  # type: ignore[type-arg]
        real = getattr(owner, name)

        def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(args)
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, recorded)
        return calls

    return wrap
