"""Check JSON-LD against the part of the schema.org vocabulary it uses
(tests/data/schemaorg-vocabulary.json): every node's type is known, every property is one the
type (or a parent type) defines, and every value has a type the property expects."""

from __future__ import annotations

import json
import re
from pathlib import Path

VOCABULARY = json.loads(
    (Path(__file__).parent / "data" / "schemaorg-vocabulary.json").read_text(encoding="utf-8")
)["types"]
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?$")
URL = re.compile(r"^https?://[^\s]+$")


def ancestors(kind: str) -> list[str]:
    out = []
    while kind:
        out.append(kind)
        kind = VOCABULARY[kind]["parent"]
    return out


def allowed(kind: str) -> dict[str, list[str]]:
    """Every property a type may carry, with its expected value types."""
    props: dict[str, list[str]] = {}
    for k in ancestors(kind):
        for name, expected in VOCABULARY[k]["properties"].items():
            props.setdefault(name, expected)
    return props


def fits(value: object, expected: str) -> bool:
    if isinstance(value, dict):
        return (
            expected in ancestors(value.get("@type", ""))
            if value.get("@type") in VOCABULARY
            else False
        )
    if expected == "Number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if not isinstance(value, str):
        return False
    return {
        "Text": bool(value.strip()),
        "URL": bool(URL.match(value)),
        "Date": bool(DATE.match(value)),
        "DateTime": bool(DATETIME.match(value)),
    }.get(expected, False)


def problems(node: dict, where: str = "$") -> list[str]:
    """Every way the node breaks the vocabulary, as `path: what` lines (empty when it fits)."""
    kind = node.get("@type")
    if kind not in VOCABULARY:
        return [f"{where}: unknown type {kind!r}"]
    props = allowed(kind)
    out = []
    for name, value in node.items():
        if name in ("@type", "@context"):
            continue
        if name not in props:
            out.append(f"{where}.{name}: not a property of {kind}")
            continue
        if not any(fits(value, t) for t in props[name]):
            out.append(f"{where}.{name}: {value!r} is none of {props[name]}")
        if isinstance(value, dict):
            out += problems(value, f"{where}.{name}")
    return out
