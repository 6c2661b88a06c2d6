"""Induced profiles on disk: ``<data dir>/<site>/profiles/induced-<key>.toml``."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ..exceptions import ProfileError
from .learn import InducedProfile

__all__ = ["load_induced", "profiles_dir", "save_induced"]

logger = logging.getLogger(__name__)


def profiles_dir(site_dir: Path) -> Path:
    return Path(site_dir) / "profiles"


def save_induced(site_dir: Path, induced: InducedProfile) -> Path:
    """Write (replace) the profile of one template; a reader never sees half a file."""
    folder = profiles_dir(site_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"induced-{induced.key}.toml"
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(induced.to_toml(), encoding="utf-8")
    os.replace(tmp, path)
    return path


def load_induced(site_dir: Path) -> list[InducedProfile]:
    """Every readable induced profile of a site; a damaged file is logged and skipped."""
    out = []
    for path in sorted(profiles_dir(site_dir).glob("induced-*.toml")):
        try:
            out.append(InducedProfile.from_toml(path.read_text(encoding="utf-8"), where=str(path)))
        except (OSError, UnicodeDecodeError, ProfileError) as exc:
            logger.warning("induced profile skipped: %s", exc)
    return out
