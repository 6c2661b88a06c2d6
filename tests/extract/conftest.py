"""Shared paths for the extraction tests."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def seed_bytes() -> bytes:
    return (FIXTURES / "henan-seed.gbk.html").read_bytes()
