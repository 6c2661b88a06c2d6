"""The compiled fast path never accepts a record jsonschema rejects, and reasons name the field."""

from __future__ import annotations

import copy
import random
from typing import Any

import jsonschema

from newsarchive.dataset.fastcheck import compile_schema
from newsarchive.dataset.schema import load_schema, record_problem

ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    1.0,
    2.5,
    "",
    "x",
    "标题",
    "2021-03-05",
    "2021-03-05T10:30:00+08:00",
    "sha256:" + "0" * 64,
    [],
    [""],
    ["a"],
    [1],
    {},
    {"url": "u"},
    {"url": "u", "caption": None},
    [{"url": "u", "caption": "c"}],
    [{"url": "u"}],
    {"fetched_at": 1},
    {"http_status": 200},
    "article",
    "day",
    "1",
]


def test_fast_path_is_never_more_lenient(pages, fx) -> None:
    schema = load_schema()
    fast = compile_schema(schema)
    assert fast is not None, "the fast path should understand article-v1.json"
    validator = jsonschema.Draft202012Validator(schema)
    base = fx.record(pages[0])
    assert fast(base) and validator.is_valid(base)
    rng = random.Random(1)
    fields = list(schema["properties"]) + ["unknown"]
    checked = 0
    for _ in range(3000):
        rec = copy.deepcopy(base)
        for _ in range(rng.randint(1, 3)):
            name = rng.choice(fields)
            if rng.random() < 0.15:
                rec.pop(name, None)
            else:
                rec[name] = copy.deepcopy(rng.choice(ODD_VALUES))
        valid = validator.is_valid(rec)
        if fast(rec):
            assert valid, rec
        assert (record_problem(rec) is None) == valid, rec
        checked += 1
    assert checked == 3000


def test_a_schema_the_fast_path_cannot_compile_disables_it() -> None:
    assert compile_schema({"type": "no-such-type"}) is None


def test_reasons_name_field_and_value(pages, fx) -> None:
    rec = fx.record(pages[0])
    assert (
        record_problem(dict(rec, schema_version=1))
        == "field 'schema_version': expected \"2\", got 1"
    )
    assert record_problem(dict(rec, page_type="news")).startswith(
        "field 'page_type': \"news\" is not one of"
    )
    assert record_problem(dict(rec, extra=1)) == "unknown field(s) 'extra'"
    assert (
        record_problem(dict(rec, images=[{"url": "u"}]))
        == "field 'images[0]': missing key 'caption'"
    )
    assert record_problem("text") == "not a JSON object (got string)"
