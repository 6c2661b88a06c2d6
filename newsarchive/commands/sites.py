"""`newsarchive sites [NAME|FILE ...] [--json]`: list the bundled site profiles (or check given ones)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from ..jsonl import dumps
from ..sites import SiteProfile, available_profiles, load_profile

if TYPE_CHECKING:
    from ..console import Env


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "profiles",
        nargs="*",
        metavar="NAME|FILE",
        help="show only these profiles (bundled names or .toml paths; a bad file is an error)",
    )
    p.add_argument(
        "--json", action="store_true", help="one JSON object per profile, with every setting"
    )


def profile_summary(profile: SiteProfile) -> dict[str, Any]:
    return {
        "name": profile.name,
        "title": profile.title,
        "start_urls": list(profile.start_urls),
        "allowed_domains": list(profile.allowed_domains),
        "article_patterns": list(profile.article_patterns),
        "list_patterns": list(profile.list_patterns),
        "deny_patterns": list(profile.deny_patterns),
        "timezone": profile.timezone,
        "max_depth": profile.max_depth,
        "settings": dict(profile.settings),
        "source": profile.source,
    }


def run(args: argparse.Namespace, env: Env) -> int:
    profiles = (
        [load_profile(name) for name in args.profiles] if args.profiles else available_profiles()
    )
    if args.json:
        for profile in profiles:
            env.stdout.write(dumps(profile_summary(profile)) + "\n")
        return 0
    if not profiles:
        env.warn("no site profiles bundled")
        return 0
    width = max(len(p.name) for p in profiles)
    for profile in profiles:
        env.stdout.write(f"{profile.name:<{width}}  {profile.title}\n")
        for url in profile.start_urls:
            env.stdout.write(f"{'':<{width}}    {url}\n")
    env.stdout.flush()
    return 0
