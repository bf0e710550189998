"""Each notebook's parameter schema: names, types, defaults, allowed values; checked first.

The notebook templates hold the same defaults in their `parameters` cell (a test checks they
agree). `GRID` lists what the book executes: every notebook with its defaults, and the audit
template once per paper.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import ParameterError

PAPER_KEYS = ("mehdiyev2025", "amity2023", "karayel2024", "hajizade2023", "ismayilov2025")


@dataclass(frozen=True)
class Param:
    """One notebook parameter: its type, default, allowed values and a line of help."""

    name: str
    kind: type
    default: Any
    help: str
    choices: tuple | None = None
    minimum: float | None = None
    maximum: float | None = None
    check: Callable[[Any], str | None] | None = None

    def describe(self) -> str:
        """`name (type, default ...): help; allowed: ...` for --list and error messages."""
        allowed = self.allowed()
        return f"{self.name} ({self.type_name()}, default {self.default!r}): {self.help}" + (
            f"; allowed: {allowed}" if allowed else ""
        )

    def type_name(self) -> str:
        return {list: "list of str", str: "str", int: "int", float: "float", bool: "bool"}[
            self.kind
        ]

    def allowed(self) -> str:
        if self.choices:
            return ", ".join(map(str, self.choices))
        if self.minimum is not None or self.maximum is not None:
            return f"{self.minimum} to {self.maximum}"
        return ""


@dataclass(frozen=True)
class Notebook:
    """A notebook template: its parameters and the parameter sets the book executes."""

    name: str
    title: str
    params: tuple[Param, ...] = ()
    grid: tuple[dict, ...] = field(default_factory=lambda: ({},))

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise ParameterError(f"{self.name}: unknown parameter {name!r}; known parameters: {known}")

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}


PAPERS = Param(
    "papers",
    list,
    list(PAPER_KEYS),
    "which papers' claims to show",
    choices=PAPER_KEYS,
)

NOTEBOOKS: dict[str, Notebook] = {
    nb.name: nb
    for nb in [
        Notebook("claims", "Every claim, by paper", (PAPERS,)),
    ]
}


def get(name: str) -> Notebook:
    """The notebook called `name` (a stem such as `trade`, or a path to its template)."""
    stem = re.sub(r"\.ipynb$", "", name.split("/")[-1])
    if stem not in NOTEBOOKS:
        raise ParameterError(
            f"unknown notebook {name!r}; notebooks: {', '.join(sorted(NOTEBOOKS))}"
        )
    return NOTEBOOKS[stem]


def coerce(param: Param, raw: Any) -> Any:
    """A raw value (a CLI string or a Python value) as the parameter's type, or ParameterError."""
    where = f"parameter {param.name!r}"
    value = raw
    if isinstance(raw, str) and param.kind is not str:
        try:
            if param.kind is list:
                value = [v.strip() for v in raw.split(",") if v.strip()]
            elif param.kind is bool:
                if raw.lower() not in ("true", "false"):
                    raise ValueError
                value = raw.lower() == "true"
            else:
                value = param.kind(raw)
        except ValueError:
            raise ParameterError(
                f"{where}: {raw!r} is not a {param.type_name()}; {param.describe()}"
            ) from None
    if param.kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, param.kind) or (param.kind is int and isinstance(value, bool)):
        raise ParameterError(f"{where}: {raw!r} is not a {param.type_name()}; {param.describe()}")
    items = value if param.kind is list else [value]
    if param.choices is not None:
        bad = [v for v in items if v not in param.choices]
        if bad:
            raise ParameterError(f"{where}: {bad[0]!r} is not allowed; allowed: {param.allowed()}")
    if param.kind is list and not items:
        raise ParameterError(f"{where}: the list is empty; allowed: {param.allowed()}")
    for v in items:
        if param.minimum is not None and v < param.minimum:
            raise ParameterError(f"{where}: {v} is below {param.minimum}; {param.describe()}")
        if param.maximum is not None and v > param.maximum:
            raise ParameterError(f"{where}: {v} is above {param.maximum}; {param.describe()}")
    if param.check:
        problem = param.check(value)
        if problem:
            raise ParameterError(f"{where}: {problem}")
    return value


def validate(notebook: Notebook, overrides: dict[str, Any]) -> dict[str, Any]:
    """Defaults updated with checked overrides; the first bad parameter raises ParameterError."""
    values = notebook.defaults()
    for name, raw in overrides.items():
        values[name] = coerce(notebook.param(name), raw)
    return values


def cell_defaults(source: str) -> dict[str, Any]:
    """The `name = literal` assignments of a notebook's parameters cell, as a dict."""
    values = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            values[node.targets[0].id] = ast.literal_eval(node.value)
    return values
