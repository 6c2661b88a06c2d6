"""The version rises with every change to the engine's output, so ``extractor_version`` names the engine.

A fingerprint of the records the engine makes from every page under tests/extract/fixtures
is stored with the version that made them (engine_fingerprint.json). When the output changes,
the version in newsarchive/_version.py must change too; then record the new fingerprint:

    .venv/bin/python tests/extract/test_engine_version.py --update
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"
STORED = Path(__file__).resolve().parent / "engine_fingerprint.json"
NOW = datetime(
    2026, 12, 1, 12, 0, tzinfo=UTC
)  # relative dates ("3小时前") resolve against a fixed moment
HOW = (
    "to update: bump newsarchive/_version.py, note it in CHANGELOG.md, then run "
    "`.venv/bin/python tests/extract/test_engine_version.py --update` and commit engine_fingerprint.json"
)


def page_records() -> dict[str, str]:
    """Each fixture page's record (as JSON, without ``extractor_version``) hashed, by path under fixtures/."""
    from newsarchive import extract
    from newsarchive.exceptions import ExtractionError

    hashes = {}
    for page in sorted(FIXTURES.rglob("*.htm*")):
        expected = page.with_suffix(".json")
        url = json.loads(expected.read_text("utf-8")).get("url") if expected.is_file() else None
        try:
            record: dict[str, Any] = extract(page.read_bytes(), url, now=NOW).to_dict()
            record.pop("extractor_version", None)
        except ExtractionError as exc:
            record = {"error": type(exc).__name__}
        text = json.dumps(record, ensure_ascii=False, sort_keys=True)
        hashes[page.relative_to(FIXTURES).as_posix()] = hashlib.sha256(text.encode()).hexdigest()[
            :16
        ]
    return hashes


def fingerprint(pages: dict[str, str]) -> str:
    return hashlib.sha256(
        "".join(f"{k}\t{v}\n" for k, v in sorted(pages.items())).encode()
    ).hexdigest()


def test_engine_output_changes_only_with_the_version():
    from newsarchive import __version__

    stored = json.loads(STORED.read_text("utf-8"))
    pages = page_records()
    if fingerprint(pages) == stored["fingerprint"]:
        return
    changed = sorted(
        k for k in pages.keys() | stored["pages"].keys() if pages.get(k) != stored["pages"].get(k)
    )
    listed = ", ".join(changed[:12]) + (
        f" and {len(changed) - 12} more" if len(changed) > 12 else ""
    )
    if __version__ == stored["version"]:
        raise AssertionError(
            f"the engine's records changed on {len(changed)} fixture page(s) ({listed}) but "
            f"the version is still {__version__}; {HOW}"
        )
    raise AssertionError(
        f"version {__version__} (was {stored['version']}) changes {len(changed)} fixture "
        f"page(s) ({listed}): record its fingerprint; {HOW}"
    )


def update() -> int:
    from newsarchive import __version__

    pages = page_records()
    stored = json.loads(STORED.read_text("utf-8")) if STORED.exists() else None
    if stored and stored["version"] == __version__ and stored["fingerprint"] != fingerprint(pages):
        print(
            f"the records changed but the version is still {__version__}: bump newsarchive/_version.py first",
            file=sys.stderr,
        )
        return 1
    data = {"version": __version__, "fingerprint": fingerprint(pages), "pages": pages}
    STORED.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{STORED.name}: version {__version__}, {len(pages)} pages")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit(f"usage: {sys.argv[0]} --update")
    sys.exit(update())
