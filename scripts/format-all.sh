#!/usr/bin/env bash
# Format the whole tree once with the pinned ruff (pyproject.toml [tool.ruff.format]), then show that
# the format check and the lint pass. Run it after merging, on a clean tree, and commit the result alone:
#   scripts/format-all.sh && git commit -am "Format the tree with ruff format (no code change)"
set -euo pipefail
cd "$(dirname "$0")/.."
RUFF=${RUFF:-.venv/bin/ruff}
PATHS=(newsarchive tests benchmarks scripts)

if ! git diff --quiet || ! git diff --cached --quiet; then
    echo "format-all: commit or stash your changes first, so the formatting commit holds nothing else" >&2
    exit 2
fi
"$RUFF" --version
"$RUFF" format "${PATHS[@]}"
"$RUFF" format --check "${PATHS[@]}"
# formatting may join or split lines that lint rules look at (implicit concatenation, long lines)
"$RUFF" check newsarchive scripts
git diff --stat | tail -1
