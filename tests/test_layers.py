"""Imports between the package's layers: lower layers never import upward, and no module imports itself round.

Read from the source with ``ast`` (every import, also those inside functions and under
``TYPE_CHECKING``): a layer that needs something from above is a design error even when
the import happens to be lazy.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "newsarchive"
ROOT = "<root>"  # newsarchive/__init__.py: the public API

BASE = {"_version", "exceptions", "safejson"}
SCRAPY_FREE = {
    ROOT,
    "_version",
    "exceptions",
    "safejson",
    "jsonl",
    "console",
    "extract",
    "induce",
    "extractpool",
    "sites",
    "links",
    "dataset",
    "archive",
    "samples",
}
SCRAPY = ("scrapy", "twisted", "scrapy_redis", "itemadapter", "parsel")

# What each top-level part of the package may import from the others, lowest layer first.
ALLOWED: dict[str, set[str]] = {
    "_version": set(),
    "exceptions": set(),
    "safejson": set(),  # bounded JSON parsing for untrusted input
    "jsonl": set(),
    "console": set(),
    "extract": BASE,  # pure HTML -> record: nothing above it
    "induce": BASE | {"extract"},  # templates learnt from a site's pages, applied by the engine
    # the engine, induced profiles and link discovery in worker processes
    "extractpool": BASE | {"extract", "induce", "links", "sites"},
    "sites": BASE | {"extract"},  # profiles as data (an extraction profile inside)
    "links": BASE
    | {"extract", "sites"},  # URL rules: the engine's parser and dates, a profile's patterns
    "dataset": BASE
    | {"jsonl", "extract"},  # records on disk (the record shape from extract.record): no Scrapy
    "archive": BASE
    | {
        "jsonl",
        "dataset",
        "extract",
        "induce",
        "sites",
    },  # WARC, state, JSONL, re-extraction, migrate: no Scrapy
    "samples": BASE,
    ROOT: BASE | {"extract", "dataset"},
    # Scrapy components, then the spider, then the commands
    "settings": BASE,
    "runstatus": BASE,  # a run that lost work fails: the reason in the stats
    "addons": BASE | {"settings"},
    "distributed": BASE | {"archive", "induce", "runstatus"},
    "extensions": BASE
    | {
        "jsonl",
        "console",
        "archive",
        "extract",
        "induce",
        "extractpool",
        "distributed",
        "runstatus",
    },
    "downloadermiddlewares": BASE
    | {"extensions", "links", "sites", "extract", "extractpool", "runstatus"},
    "pipelines": BASE | {"extensions", "downloadermiddlewares", "extract", "links", "dataset"},
    "spiders": BASE
    | {"extract", "links", "sites", "extensions", "downloadermiddlewares", "pipelines"},
    "scrapycommands": BASE | {"console", "jsonl", "sites", "spiders", "extensions"},
    "commands": BASE
    | {
        ROOT,
        "jsonl",
        "console",
        "extract",
        "sites",
        "links",
        "dataset",
        "archive",
        "samples",
        "extensions",
        "distributed",
        "spiders",
        "induce",
    },
    "cli": BASE | {ROOT, "console", "commands"},
    "__main__": {"cli"},
}


@dataclass(frozen=True)
class Import:
    source: str  # dotted module name of the importing file
    target: str  # dotted name imported (a module, or a package whose attribute is taken)
    line: int
    top_level: bool  # executed at import time (not in a function, not under TYPE_CHECKING)


def module_name(path: Path) -> str:
    parts = ["newsarchive", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    rel = Path(*name.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").is_file() or (PACKAGE / rel / "__init__.py").is_file()


def imports_of(path: Path) -> Iterator[Import]:
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text("utf-8"))
    runtime = {id(n) for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(name, alias.name, node.lineno, id(node) in runtime)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            for (
                alias
            ) in node.names:  # `from . import rules` imports the module rules, not the package
                sub = f"{base}.{alias.name}"
                target = sub if base.startswith("newsarchive") and is_module(sub) else base
                yield Import(name, target, node.lineno, id(node) in runtime)


ALL = [imp for path in sorted(PACKAGE.rglob("*.py")) for imp in imports_of(path)]


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ROOT


def test_every_part_of_the_package_has_a_layer():
    parts = {layer(module_name(p)) for p in PACKAGE.rglob("*.py")}
    assert parts <= set(ALLOWED), f"add {sorted(parts - set(ALLOWED))} to ALLOWED in {__file__}"


def test_no_upward_or_sideways_import():
    wrong = sorted(
        f"{imp.source}:{imp.line} imports {imp.target}"
        for imp in ALL
        if imp.target.startswith("newsarchive")
        and layer(imp.target) != layer(imp.source)
        and layer(imp.target) not in ALLOWED[layer(imp.source)]
    )
    assert not wrong, "imports against the layering (see ALLOWED):\n" + "\n".join(wrong)


@pytest.mark.parametrize("part", sorted(SCRAPY_FREE))
def test_lower_layers_do_not_import_scrapy(part):
    wrong = [
        f"{imp.source}:{imp.line} imports {imp.target}"
        for imp in ALL
        if layer(imp.source) == part and imp.target.split(".")[0] in SCRAPY
    ]
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle_between_modules():
    graph: dict[str, set[str]] = {}
    for imp in ALL:
        if imp.top_level and imp.target.startswith("newsarchive") and imp.target != imp.source:
            graph.setdefault(imp.source, set()).add(imp.target)
    cycles = [c for c in _strongly_connected(graph) if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (the graph is small, but recursion limits are not a test's business)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                found.append(sorted(component))
    return found


def test_the_checker_sees_a_cycle():
    assert _strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [
        ["a", "b", "c"],
        ["d"],
    ]


def test_reextract_body_limit_is_the_crawls_download_limit() -> None:
    # archive/ may not import the Scrapy settings; the two limits are kept equal here instead
    from newsarchive.archive.payload import MAX_BODY
    from newsarchive.settings import DOWNLOAD_MAXSIZE

    assert MAX_BODY == DOWNLOAD_MAXSIZE
