"""`newsarchive profile induce|test`: learn a template's profile offline; check a profile against pages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..exceptions import DatasetError, ExtractionError, NewsArchiveError, ProfileError
from ..jsonl import dumps
from .args import time_zone

if TYPE_CHECKING:
    from ..console import Env
    from ..extract.profile import ExtractionProfile
    from ..induce.learn import InducedProfile

MAX_INPUT_BYTES = 64 * 1024 * 1024
_FIELDS = ("title", "published_at", "source", "editor", "authors", "section", "page_type")


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    ind = sub.add_parser(
        "induce",
        help="induce profiles from a crawl's WARC files or from saved pages",
        description="Group pages by template and print each induced [extract] profile "
        "with its evidence (pages seen, agreement with the generic engine per field).",
    )
    ind.add_argument(
        "inputs", nargs="+", metavar="DATA_DIR|HTML", help="a data dir, or saved HTML files"
    )
    ind.add_argument(
        "--base-url",
        help="saved files: their address is this URL + the file's path below "
        "the files' common folder",
    )
    ind.add_argument(
        "--min-pages", type=int, default=None, help="article pages a template needs (default 20)"
    )
    ind.add_argument(
        "--timezone",
        type=time_zone,
        help="zone for dates given without one (default Asia/Shanghai)",
    )
    ind.add_argument(
        "--save",
        action="store_true",
        help="data dir: write the profiles to <site>/profiles/ (crawls and reextract use them)",
    )
    test = sub.add_parser(
        "test",
        help="the record from a profile beside the generic record, field by field",
        description="Extract pages with a profile (bundled site name, site profile .toml "
        "or induced profile .toml) and with the generic engine; show both "
        "records field by field and the rule that gave each value.",
    )
    test.add_argument("profile", metavar="PROFILE_OR_SITE")
    test.add_argument("pages", nargs="+", metavar="FILE_OR_URL")
    test.add_argument("--url", help="a saved file's address (one file)")
    test.add_argument(
        "--json", action="store_true", help="one JSON object per page instead of a table"
    )


def run(args: argparse.Namespace, env: Env) -> int:
    from ..console import ExitStatus

    try:
        return _induce(args, env) if args.action == "induce" else _test(args, env)
    except (ProfileError, DatasetError) as exc:
        env.error(str(exc))
        return ExitStatus.ERROR


# -- induce --------------------------------------------------------------------------------------------------


def _induce(args: argparse.Namespace, env: Env) -> int:
    from dataclasses import replace

    from ..console import ExitStatus, Progress
    from ..induce import group_pages, induce, prepare
    from ..induce.limits import INDUCE
    from ..induce.store import save_induced
    from ..induce.template import signature_key

    limits = replace(INDUCE, min_pages=args.min_pages) if args.min_pages else INDUCE
    timezone = args.timezone or "Asia/Shanghai"
    found = 0
    progress = Progress(env.stderr, "read")
    for site, pages in _sources(args, env):
        prepared = []
        for n, page in enumerate(pages, 1):
            try:
                prepared.append(prepare(page, timezone=timezone))
            except ExtractionError as exc:
                env.warn(f"{page.name}: {exc}")
            progress.update(n)
        groups = group_pages(prepared)
        keys: set[str] = (
            set()
        )  # two templates under one URL pattern: the second is named by its signature
        env.stdout.write(
            f"# {site}: {len(prepared)} pages, templates of "
            f"{', '.join(str(len(g)) for g in groups) or 'no'} article pages\n"
        )
        for group in groups:
            induced = induce(
                group, limits=limits, timezone=timezone, site=None if site == "files" else site
            )
            if induced is None:
                continue
            if induced.key in keys:
                induced.key = signature_key(induced.url_pattern, induced.signature)
            keys.add(induced.key)
            found += 1
            env.stdout.write("\n" + induced.to_toml())
            if args.save and site and len(args.inputs) == 1 and Path(args.inputs[0]).is_dir():
                path = save_induced(Path(args.inputs[0]) / site, induced)
                env.stdout.write(f"# saved: {path}\n")
    progress.close()
    if not found:
        env.error(
            f"no template had {limits.min_pages} article pages that agree on a title and a body"
        )
        return ExitStatus.ERROR
    return ExitStatus.SUCCESS


def _sources(args: argparse.Namespace, env: Env) -> Iterator[tuple[str, Iterator[Any]]]:
    """(site, pages) per site of a data dir, or one ("files", pages) for saved HTML files."""
    from ..induce import Page

    if len(args.inputs) == 1 and Path(args.inputs[0]).is_dir():
        data_dir = Path(args.inputs[0])
        sites = sorted(p.parent.name for p in data_dir.glob("*/warc") if p.is_dir())
        if not sites:
            raise DatasetError(f"{data_dir}: no <site>/warc/ folders: not a data dir")
        for site in sites:
            yield site, _warc_pages(data_dir, site, env)
        return
    files = [Path(f) for f in args.inputs]
    common = Path(*Path(files[0]).resolve().parent.parts)
    for f in files[1:]:
        while not f.resolve().is_relative_to(common):
            common = common.parent
    base = args.base_url.rstrip("/") + "/" if args.base_url else None

    def pages() -> Iterator[Page]:
        for f in files:
            try:
                data = f.read_bytes()[:MAX_INPUT_BYTES]
            except OSError as exc:
                env.warn(f"{f}: {exc.strerror or exc}")
                continue
            url = base + f.resolve().relative_to(common).as_posix() if base else None
            yield Page(url, data, name=str(f))

    yield "files", pages()


def _warc_pages(data_dir: Path, site: str, env: Env) -> Iterator[Any]:
    from ..archive.reextract import DamagedWarc, _unusable, iter_warc_responses
    from ..induce import Page

    for path in sorted((data_dir / site / "warc").glob("*.warc*")):
        try:
            for resp in iter_warc_responses(data_dir, path):
                if _unusable(resp) is None:
                    now = (
                        datetime.fromisoformat(resp.date.replace("Z", "+00:00"))
                        if resp.date
                        else None
                    )
                    yield Page(
                        resp.url,
                        resp.body,
                        resp.content_type,
                        now,
                        f"{resp.warc_file}@{resp.offset}",
                    )
        except DamagedWarc as exc:
            env.warn(str(exc))


# -- test ----------------------------------------------------------------------------------------------------


def _load_any(name: str) -> tuple[str, ExtractionProfile, InducedProfile | None, Any]:
    """(label, extraction rules, induced profile or None, site profile or None)."""
    from ..induce.learn import InducedProfile
    from ..sites import load_profile

    path = Path(name)
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        if "[template]" in text:
            induced = InducedProfile.from_toml(text, where=str(path))
            return induced.name, induced.to_profile(), induced, None
    site = load_profile(name)
    return f"site:{site.name}", site.extract, None, site


def _test(args: argparse.Namespace, env: Env) -> int:
    from ..console import ExitStatus
    from ..extract import extract_with_rules
    from ..induce.apply import extract_induced

    label, rules, induced, site = _load_any(args.profile)
    timezone = (site.timezone if site else None) or "Asia/Shanghai"
    failures = 0
    for name in args.pages:
        try:
            data, url, ctype = _fetch(name, args.url, site, induced)
            generic, g_rules = extract_with_rules(data, url, content_type=ctype, timezone=timezone)
            if induced is not None:
                got = extract_induced(
                    data,
                    url,
                    profile=rules,
                    crumbs=induced.crumbs,
                    content_type=ctype,
                    timezone=timezone,
                )
            else:
                got = extract_with_rules(
                    data, url, content_type=ctype, profile=rules, timezone=timezone
                )
        except (OSError, NewsArchiveError) as exc:
            failures += 1
            env.error(f"{name}: {exc}")
            continue
        if args.json:
            env.stdout.write(
                dumps(
                    {
                        "page": name,
                        "profile": label,
                        "fits": got is not None,
                        "with_profile": got[0].to_dict() if got else None,
                        "profile_rules": got[1] if got else None,
                        "generic": generic.to_dict(),
                        "generic_rules": g_rules,
                    }
                )
                + "\n"
            )
            continue
        _table(env, name, label, got, (generic, g_rules))
    return ExitStatus.ERROR if failures else ExitStatus.SUCCESS


def _table(env: Env, name: str, label: str, got: Any, generic: Any) -> None:
    w = env.stdout.write
    w(f"== {name}\n")
    if got is None:
        w(
            f"   the page does not fit {label} (its title/body/date rules match nothing): a crawl reads it generically\n"
        )
    for field in (*_FIELDS, "body"):
        values = []
        for result in (got, generic):
            if result is None:
                values.append(("-", ""))
                continue
            article, rules = result
            value = (
                f"{len(article.paragraphs)} paragraphs, {len(article.text)} chars"
                if field == "body"
                else getattr(article, field)
            )
            values.append((_short(value), rules.get(field, "")))
        same = "=" if values[0][0] == values[1][0] else "≠"
        w(f"   {field:<13}{same} profile: {values[0][0]}  [{values[0][1] or '-'}]\n")
        w(f"   {'':<13}  generic: {values[1][0]}  [{values[1][1] or '-'}]\n")


def _short(value: Any) -> str:
    text = dumps(value) if isinstance(value, list) else str(value)
    return text if len(text) <= 70 else text[:67] + "..."


def _fetch(
    name: str, url: str | None, site: Any, induced: Any
) -> tuple[bytes, str | None, str | None]:
    if not name.startswith(("http://", "https://")):
        path = Path(name)
        if path.is_dir():
            raise ExtractionError(f"{name}: is a directory")
        with path.open("rb") as fh:
            return fh.read(MAX_INPUT_BYTES), url, None
    host = urlsplit(name).hostname or ""
    allowed = (
        site.allows(name)
        if site
        else (not induced.url_pattern or induced.url_pattern.split("/")[0].split(":")[0] == host)
    )
    if not allowed:
        raise ProfileError("outside the profile's allowed domains; not fetched")
    from urllib.request import Request, urlopen

    from .. import __version__

    req = Request(name, headers={"User-Agent": f"newsarchive/{__version__} (profile test)"})
    with urlopen(req, timeout=30) as resp:
        return resp.read(MAX_INPUT_BYTES), resp.geturl(), resp.headers.get("Content-Type")


if __name__ == "__main__":  # pragma: no cover
    sys.exit("run as: newsarchive profile ...")
