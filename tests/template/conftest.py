"""Fixtures of the template tests; the generated portal itself is in ``sitegen`` (importable from here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(
    0, str(Path(__file__).parent)
)  # --import-mode=importlib: make ``sitegen`` importable

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SITES = SHARED / "corpus" / "sites"


@pytest.fixture
def shared_sites() -> Path:
    if not SITES.is_dir():
        pytest.skip("../shared/corpus/sites is not here")
    return SITES
