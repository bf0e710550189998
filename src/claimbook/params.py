"""The notebook registry: each notebook's parameters (types, defaults, allowed values; checked
before anything runs), the parameter sets the book executes, and the data tables it reads.

The notebook templates hold the same names, types and defaults in their type-annotated
`parameters` cell (a test checks they agree). A notebook reads only the tables it declares
here (the ledger refuses others), and the runner's cache key holds those tables' digests.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import papers
from .errors import ParameterError


@dataclass(frozen=True)
class Param:
    """One notebook parameter: its type, default, allowed values and a line of help."""

    name: str
    kind: type
    default: Any
    help: str
    # Allowed values, or a function giving them (the paper keys are read when first needed).
    choices: tuple | Callable[[], tuple] | None = None
    minimum: float | None = None
    maximum: float | None = None
    check: Callable[[Any], str | None] | None = None
    # A file path: made absolute where it is given, since the kernel runs in notebooks/.
    is_path: bool = False

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

    def options(self) -> tuple | None:
        """The allowed values, or None when any value of the type will do."""
        return self.choices() if callable(self.choices) else self.choices

    def allowed(self) -> str:
        if self.options():
            return ", ".join(map(str, self.options()))
        if self.minimum is not None or self.maximum is not None:
            return f"{self.minimum} to {self.maximum}"
        return ""


@dataclass(frozen=True)
class Notebook:
    """A notebook template: its parameters and the parameter sets the book executes."""

    name: str
    title: str
    # The data package's tables the notebook reads (the ledger adds those their keys name).
    tables: tuple[str, ...]
    params: tuple[Param, ...] = ()
    # The book executes the notebook once per value of this parameter (its allowed values),
    # or once with its defaults.
    per: str | None = None
    check: Callable[[dict[str, Any]], str | None] | None = None

    def page_title(self, values: dict[str, Any]) -> str | None:
        """The title of the page made with these values: for a page per paper, the template's
        title with the paper's short label ("Audit: Karayel 2024"); else the template's own."""
        if self.per != "paper":
            return None
        return f"{self.title}: {papers.short(values['paper'])}"

    def grid(self) -> list[dict[str, Any]]:
        """The parameter overrides of each execution the book makes of this notebook."""
        if self.per is None:
            return [{}]
        return [{self.per: v} for v in self.param(self.per).options()]

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
    [],
    "papers to show (citation keys; empty: all of data/papers.csv)",
    choices=papers.keys,
)
# The audit's tolerances (the audit and consistency notebooks; `claimbook audit` options). The
# defaults are claimbook.audit's, as the methods page states them (a test keeps them in step).
TOLERANCES = (
    Param(
        "about",
        float,
        0.1,
        "relative tolerance of 'about', 'around', 'nearly' (0.1 is ±10 %)",
        minimum=0.0,
        maximum=0.5,
    ),
    Param(
        "sipri_revision",
        float,
        2.0,
        "points a SIPRI share (or a rank's shares) may move between editions",
        minimum=0.0,
        maximum=10.0,
    ),
    Param(
        "rounding",
        str,
        "half",
        "printed numbers: half (±½ last digit), significant, or none (exact)",
        choices=("half", "significant", "none"),
    ),
    Param(
        "pace_factor",
        float,
        2.0,
        "the rest of a year may run at up to this times a part-year's pace",
        minimum=1.0,
        maximum=10.0,
    ),
)
# The timeline's rows (kept in step with claimbook.timeline.RELATIONSHIPS by a test).
RELATIONSHIPS = ("AZ-TR", "AZ-IL", "TR-IL", "AZ-TR-IL", "AZ-AM", "other")


def _window(value: str) -> str | None:
    m = re.fullmatch(r"(\d{4})-(\d{4})", value)
    if not m:
        return f"{value!r} is not a window; write FIRST-LAST years, e.g. 2015-2019"
    first, last = int(m.group(1)), int(m.group(2))
    if first > last:
        return f"the window {value} is reversed; the first year must not be after the last"
    if not 1950 <= first <= 2100 or not 1950 <= last <= 2100:
        return f"the window {value} lies outside 1950-2100"
    return None


def _sipri_country(value: str) -> str | None:
    from . import sipri

    names = sipri.known_countries()
    if value not in names:
        close = [n for n in names if n.lower().startswith(value[:3].lower())][:5]
        hint = f"; did you mean: {', '.join(close)}" if close else ""
        return f"{value!r} is not a country in SIPRI's data (SIPRI spells Türkiye 'Turkiye'){hint}"
    return None


def _register(value: str) -> str | None:
    if not value:
        return None
    from . import sipri
    from .errors import RegisterError

    try:
        sipri.read_register(Path(value))
    except RegisterError as e:
        return str(e)
    return None


def _year_order(values: dict[str, Any]) -> str | None:
    if values["year_from"] > values["year_to"]:
        return (
            f"parameters 'year_from' and 'year_to': the range {values['year_from']}–"
            f"{values['year_to']} is reversed; year_from must not be after year_to"
        )
    return None


# The tables the audit (checks.audit) reads: every page that shows verdicts declares them.
AUDIT = ("claims", "relations", "official_figures", "sipri_tiv", "sipri_measures")

NOTEBOOKS: dict[str, Notebook] = {
    nb.name: nb
    for nb in [
        Notebook("claims", "Every claim, by paper", (*AUDIT, "events"), (PAPERS,)),
        Notebook("trade", "Trade and investment", AUDIT, (PAPERS,)),
        Notebook("energy", "Energy", AUDIT, (PAPERS,)),
        Notebook(
            "arms",
            "Arms",
            AUDIT,
            (
                PAPERS,
                Param(
                    "window",
                    str,
                    "2015-2019",
                    "SIPRI window FIRST-LAST for the recomputed shares and ranks",
                    check=_window,
                ),
                Param(
                    "recipient",
                    str,
                    "Azerbaijan",
                    "importer whose suppliers' shares are recomputed (SIPRI spelling)",
                    check=_sipri_country,
                ),
                Param(
                    "supplier",
                    str,
                    "Israel",
                    "exporter whose shares and customers are recomputed (SIPRI spelling)",
                    check=_sipri_country,
                ),
                Param(
                    "sipri_register",
                    str,
                    "",
                    "a SIPRI trade register to use (empty: the committed aggregates)",
                    check=_register,
                    is_path=True,
                ),
            ),
        ),
        Notebook("students", "Students", AUDIT, (PAPERS,)),
        Notebook(
            "surveys",
            "Surveys",
            AUDIT,
            (
                PAPERS,
                Param(
                    "sample_size",
                    int,
                    1000,
                    "assumed number of respondents (the papers report none)",
                    minimum=10,
                    maximum=1_000_000,
                ),
                Param(
                    "confidence",
                    float,
                    0.95,
                    "confidence level of the intervals",
                    choices=(0.9, 0.95, 0.99),
                ),
            ),
        ),
        Notebook("military", "Military, aid and diplomacy", AUDIT, (PAPERS,)),
        Notebook(
            "consistency",
            "Consistency across papers",
            (
                "claims",
                "relations",
                "event_links",
                "official_figures",
                "sipri_tiv",
                "sipri_measures",
            ),
            (PAPERS, *TOLERANCES),
        ),
        Notebook(
            "timeline",
            "Timeline",
            ("events", "event_links"),
            (
                PAPERS,
                Param("year_from", int, 1900, "first year shown", minimum=1800, maximum=2100),
                Param("year_to", int, 2025, "last year shown", minimum=1800, maximum=2100),
                Param(
                    "relationships",
                    list,
                    [],
                    "relationships to show, rows of the timeline (empty: all)",
                    choices=RELATIONSHIPS,
                ),
            ),
            check=_year_order,
        ),
        Notebook(
            "audit",
            "Audit",
            ("claims", "events", "relations", "official_figures", "sipri_tiv", "sipri_measures"),
            (
                Param("paper", str, "karayel2024", "the paper to audit", choices=papers.keys),
                *TOLERANCES,
            ),
            per="paper",
        ),
    ]
}


def describe_all() -> str:
    """Every notebook with its parameters: type, default and allowed values (for --list)."""
    lines = []
    for nb in NOTEBOOKS.values():
        grid = f"  [the book runs it once per {nb.per}]" if nb.per else ""
        lines.append(f"{nb.name}: {nb.title}{grid}")
        lines += [f"  -p {p.describe()}" for p in nb.params] or ["  (no parameters)"]
    return "\n".join(lines)


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
    if param.options() is not None:
        bad = [v for v in items if v not in param.options()]
        if bad:
            raise ParameterError(f"{where}: {bad[0]!r} is not allowed; allowed: {param.allowed()}")
    for v in items:
        if param.minimum is not None and v < param.minimum:
            raise ParameterError(f"{where}: {v} is below {param.minimum}; {param.describe()}")
        if param.maximum is not None and v > param.maximum:
            raise ParameterError(f"{where}: {v} is above {param.maximum}; {param.describe()}")
    if param.is_path and value:
        value = str(Path(value).resolve())
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
    if notebook.check:
        problem = notebook.check(values)
        if problem:
            raise ParameterError(problem)
    return values


def command(notebook: str, values: dict[str, Any]) -> str:
    """The exact `claimbook run` command that re-makes a notebook with these parameters. The
    parameter the book runs it once per (`per`: an audit page's paper) is always named, even at
    its default, so every page's command names what makes it that page."""
    nb = NOTEBOOKS[notebook]
    defaults = nb.defaults()
    args = []
    for k, v in values.items():
        if v != defaults.get(k) or k == nb.per:
            v = ",".join(map(str, v)) if isinstance(v, list) else v
            args.append(f"-p {k} {v}")
    return " ".join(["claimbook run", notebook, *args])


# How a parameters cell annotates each kind (papermill's --help-notebook shows it).
ANNOTATIONS = {list: "list[str]", str: "str", int: "int", float: "float", bool: "bool"}


def cell_parameters(source: str) -> dict[str, tuple[str, Any]]:
    """The `name: type = literal` lines of a notebook's parameters cell: name -> (type, value);
    the type is '' for a line without an annotation."""
    values = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            values[node.target.id] = (ast.unparse(node.annotation), ast.literal_eval(node.value))
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            values[node.targets[0].id] = ("", ast.literal_eval(node.value))
    return values


def cell_source(notebook: Notebook) -> str:
    """The parameters cell a template should hold: one annotated line per parameter."""
    return "\n".join(
        f"{p.name}: {ANNOTATIONS[p.kind]} = {_literal(p.default)}  # {p.help}"
        for p in notebook.params
    )


def _literal(value: Any) -> str:
    """A default as ruff would format it (double-quoted strings)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(map(_literal, value)) + "]"
    return repr(value)
