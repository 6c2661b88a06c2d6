"""Which XPath a site profile may give: XPath 1.0 core functions only, no variables.

lxml evaluates XPath with libxml2, which knows more than XPath 1.0 (EXSLT's ``re:``,
``str:``, ``date:`` ... once a namespace is mapped) and a profile's ``php:function()`` or
``document()`` is at best a crash at crawl time; a profile is data, so it gets none of them.
"""

from __future__ import annotations

import re

__all__ = ["XPATH10_FUNCTIONS", "check_xpath_functions"]

# XPath 1.0's core function library (and the node tests that look like calls). Anything else is an
# extension: php:function(), document(), EXSLT's re:/str:/date:, lxml's own; a profile gets none of them.
XPATH10_FUNCTIONS = frozenset(
    (
        "last",
        "position",
        "count",
        "id",
        "local-name",
        "namespace-uri",
        "name",
        "string",
        "concat",
        "starts-with",
        "contains",
        "substring-before",
        "substring-after",
        "substring",
        "string-length",
        "normalize-space",
        "translate",
        "boolean",
        "not",
        "true",
        "false",
        "lang",
        "number",
        "sum",
        "floor",
        "ceiling",
        "round",
        "node",
        "text",
        "comment",
        "processing-instruction",
        "and",
        "or",
        "div",
        "mod",  # operators before a parenthesis: `a and (b)`
    )
)
_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"")
_CALL = re.compile(r"(?<![\w.\-$@])([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)\s*\(")
_VARIABLE = re.compile(r"\$[A-Za-z_]")


def check_xpath_functions(xpath: str) -> str | None:
    """Why ``xpath`` is refused (a function outside XPath 1.0's core, a variable), or None."""
    bare = _LITERAL.sub("''", xpath)
    for match in _CALL.finditer(bare):
        name = match.group(1)
        if name not in XPATH10_FUNCTIONS:
            return f"function {name}() is not an XPath 1.0 core function"
    if _VARIABLE.search(bare):
        return "XPath variables are not allowed"
    return None
