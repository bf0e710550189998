"""Load and validate the data package; nothing downstream ever sees an invalid table.

Validation is driven by `data/datapackage.json` and the table schemas it names: the Frictionless
field constraints (type, required, unique, enum, pattern, minimum, maximum, minLength), the
primary and foreign keys, and the row rules a Frictionless schema cannot express, declared in
each schema under `x-claimbook-rules`. Every problem is reported as
`data/claims.csv:17: value: 'abc' is not a number`; all problems are collected before raising.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import paths
from .errors import DataError, UndeclaredTableError

ACTOR_LEAD = ["AZ", "TR", "IL"]


@dataclass
class Table:
    """One validated resource: its rows as strings (as written) and its line numbers."""

    name: str
    path: Path
    schema: dict
    header: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame with schema types (numbers as floats, integers as ints)."""
        df = pd.DataFrame(self.rows, columns=[f["name"] for f in self.schema["fields"]])
        for f in self.schema["fields"]:
            col = f["name"]
            if f["type"] == "number":
                df[col] = pd.to_numeric(df[col].replace("", None)).astype(float)
            elif f["type"] == "integer":
                df[col] = pd.to_numeric(df[col].replace("", None)).astype("Int64")
        return df


def _read_json(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([f"{paths.display(path)}: file not found"]) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise DataError([f"{paths.display(path)}: not valid JSON ({e})"]) from None


def read_csv(path: Path, problems: list[str]) -> tuple[list[str], list[list[str]], list[int]]:
    """Read a CSV strictly: UTF-8 (a BOM is accepted), any line ending, no stray quotes.

    Returns the header, the rows and each row's first line number; problems are appended.
    """
    where = paths.display(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        problems.append(f"{where}: file not found")
        return [], [], []
    if not raw.strip():
        problems.append(f"{where}:1: file is empty (expected a header row)")
        return [], [], []
    if b"\x00" in raw:
        problems.append(f"{where}: not a CSV text file (it contains NUL bytes)")
        return [], [], []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        problems.append(f"{where}:{line}: not UTF-8 text (byte {raw[e.start]:#x})")
        return [], [], []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for row in reader:
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as e:
        problems.append(f"{where}:{start}: malformed CSV ({e}); check for a stray quote character")
        return [], [], []
    if not rows:
        problems.append(f"{where}:1: file is empty (expected a header row)")
        return [], [], []
    return rows[0], rows[1:], lines[1:]


def _check_field(value: str, spec: dict, where: str) -> str | None:
    """Check one cell against its field's type and constraints; return the problem or None."""
    name, kind = spec["name"], spec["type"]
    c = spec.get("constraints", {})
    if value == "":
        return f"{where}: {name}: is required but empty" if c.get("required") else None
    if value != value.strip():
        return f"{where}: {name}: {value!r} has leading or trailing spaces"
    number = None
    if kind in ("number", "integer"):
        try:
            number = float(value) if kind == "number" else int(value)
        except ValueError:
            what = "a number" if kind == "number" else "a whole number"
            return f"{where}: {name}: {value!r} is not {what}"
        if number != number or number in (float("inf"), float("-inf")):
            return f"{where}: {name}: {value!r} is not a finite number"
    if "enum" in c and value not in c["enum"]:
        allowed = ", ".join(c["enum"])
        return f"{where}: {name}: {value!r} is not one of: {allowed}"
    if "pattern" in c and not re.fullmatch(c["pattern"], value):
        return f"{where}: {name}: {value!r} is not well formed (pattern {c['pattern']})"
    if "minLength" in c and len(value) < c["minLength"]:
        return f"{where}: {name}: {value!r} is shorter than {c['minLength']} characters"
    if number is not None and "minimum" in c and number < c["minimum"]:
        return f"{where}: {name}: {value} is below the minimum {c['minimum']}"
    if number is not None and "maximum" in c and number > c["maximum"]:
        return f"{where}: {name}: {value} is above the maximum {c['maximum']}"
    return None


def _parse_date(text: str) -> dt.date | None:
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        return dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return None


def _span_ok(text: str) -> bool:
    if "/" not in text:
        return _parse_date(text) is not None
    start, end = text.split("/")
    a, b = _parse_date(start), _parse_date(end)
    return a is not None and b is not None and a <= b


def _actor_order_ok(text: str) -> bool:
    codes = text.split("-")
    lead = [c for c in codes if c in ACTOR_LEAD]
    rest = [c for c in codes if c not in ACTOR_LEAD]
    expected = sorted(lead, key=ACTOR_LEAD.index) + sorted(rest)
    return codes == expected and len(set(codes)) == len(codes)


def _check_rule(row: dict[str, str], rule: dict, where: str) -> str | None:
    """Check one declared row rule (`x-claimbook-rules`); return the problem or None."""
    when = rule.get("when")
    if when and row.get(when["field"]) not in when["in"]:
        return None
    col = rule["field"]
    value = row.get(col, "")
    why = rule["why"]
    if value == "":
        return f"{where}: {col}: is empty ({why})" if rule.get("required") else None
    if "items" in rule and len(value.split(" ")) != rule["items"]:
        n = len(value.split(" "))
        return f"{where}: {col}: has {n} item(s), not {rule['items']} ({why})"
    if "in" in rule and value not in rule["in"]:
        return f"{where}: {col}: {value!r} breaks a rule: {why}"
    if "minimum" in rule or "maximum" in rule or rule.get("integer"):
        number = float(value)
        if rule.get("integer") and not number.is_integer():
            return f"{where}: {col}: {value} is not a whole number ({why})"
        if "minimum" in rule and number < rule["minimum"]:
            return f"{where}: {col}: {value} is below {rule['minimum']} ({why})"
        if "maximum" in rule and number > rule["maximum"]:
            return f"{where}: {col}: {value} is above {rule['maximum']} ({why})"
    prefix = row.get(rule.get("prefix_field", ""), "") + "-"
    if "prefix_field" in rule and not value.startswith(prefix):
        return f"{where}: {col}: {value!r} does not start with {prefix!r} ({why})"
    if rule.get("ordered_span") and not _span_ok(value):
        return f"{where}: {col}: {value!r} is not a valid period ({why})"
    if rule.get("calendar_date") and _parse_date(value) is None:
        return f"{where}: {col}: {value!r} is not a real date ({why})"
    if "year_of" in rule:
        year = row.get(rule["year_of"], "")[:4]
        if f"-{year}-" not in value:
            return f"{where}: {col}: {value!r} does not carry the year {year} ({why})"
    if rule.get("actor_order") and not _actor_order_ok(value):
        return f"{where}: {col}: {value!r} is not in order ({why})"
    return None


def _validate_table(table: Table, problems: list[str]) -> None:
    where = paths.display(table.path)
    before = len(problems)
    header, rows, lines = read_csv(table.path, problems)
    if len(problems) > before:
        return
    names = [f["name"] for f in table.schema["fields"]]
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    dupes = [h for h, n in Counter(header).items() if n > 1]
    for n in missing:
        problems.append(f"{where}:1: {n}: column is missing from the header")
    for h in extra:
        problems.append(f"{where}:1: {h}: unexpected column (not in the schema)")
    for h in dupes:
        problems.append(f"{where}:1: {h}: column appears more than once")
    if missing or extra or dupes:
        return
    table.header = header
    seen: dict[str, dict[str, int]] = {}
    rules = table.schema.get("x-claimbook-rules", [])
    for line, cells in zip(lines, rows, strict=True):
        if not cells:  # an empty line is harmless: skipped
            continue
        if not any(c.strip() for c in cells):
            problems.append(f"{where}:{line}: row is blank")
            continue
        if len(cells) != len(header):
            problems.append(
                f"{where}:{line}: row has {len(cells)} fields, the header has {len(header)}"
            )
            continue
        row = dict(zip(header, cells, strict=True))
        row_problems = []
        for spec in table.schema["fields"]:
            p = _check_field(row[spec["name"]], spec, f"{where}:{line}")
            if p:
                row_problems.append(p)
            if spec.get("constraints", {}).get("unique") and row[spec["name"]]:
                first = seen.setdefault(spec["name"], {}).setdefault(row[spec["name"]], line)
                if first != line:
                    row_problems.append(
                        f"{where}:{line}: {spec['name']}: {row[spec['name']]!r} is a duplicate "
                        f"(first at line {first})"
                    )
        if not row_problems:
            for rule in rules:
                p = _check_rule(row, rule, f"{where}:{line}")
                if p:
                    row_problems.append(p)
        problems.extend(row_problems)
        table.rows.append({n: row[n] for n in names})
        table.lines.append(line)


def _check_foreign_keys(tables: dict[str, Table], problems: list[str]) -> None:
    for table in tables.values():
        for fk in table.schema.get("foreignKeys", []):
            ref = tables.get(fk["reference"]["resource"])
            if ref is None:
                continue
            src, dst = fk["fields"][0], fk["reference"]["fields"][0]
            known = {r[dst] for r in ref.rows}
            for line, row in zip(table.lines, table.rows, strict=True):
                if row[src] and row[src] not in known:
                    problems.append(
                        f"{paths.display(table.path)}:{line}: {src}: {row[src]!r} does not exist "
                        f"in {paths.display(ref.path)} ({dst})"
                    )


def _check_list_keys(tables: dict[str, Table], problems: list[str]) -> None:
    """Space-separated lists of ids (`x-claimbook-list-keys`): every item must exist."""
    for table in tables.values():
        for key in table.schema.get("x-claimbook-list-keys", []):
            ref = tables.get(key["resource"])
            if ref is None:
                continue
            known = {r[key["reference"]] for r in ref.rows}
            col = key["field"]
            for line, row in zip(table.lines, table.rows, strict=True):
                for item in row[col].split():
                    if item not in known:
                        problems.append(
                            f"{paths.display(table.path)}:{line}: {col}: {item!r} does not exist "
                            f"in {paths.display(ref.path)} ({key['reference']})"
                        )


def _referenced(schema: dict) -> set[str]:
    """The resources a schema's foreign keys and list keys name."""
    named = {fk["reference"]["resource"] for fk in schema.get("foreignKeys", [])}
    return named | {key["resource"] for key in schema.get("x-claimbook-list-keys", [])}


def validate(
    package: Path = paths.DATAPACKAGE,
    only: str | None = None,
    known: dict[str, Table] | None = None,
) -> dict[str, Table]:
    """Validate the data package's resources; raise DataError listing every problem.

    With `only`, that resource and the resources its keys name (and theirs) are validated, and
    only their files read; without, every resource. Tables in `known` (validated already) are
    taken as they are, not read again.
    """
    known = known or {}
    descriptor = _read_json(package)
    base = Path(package).parent
    resources = {r["name"]: r for r in descriptor.get("resources", [])}
    csv_names = [n for n, r in resources.items() if r.get("format", "csv") == "csv"]
    schemas: dict[str, dict] = {}
    wanted = list(csv_names) if only is None else [only]
    while wanted:
        name = wanted.pop()
        if name in schemas or name not in csv_names:
            continue
        schema = known[name].schema if name in known else None
        schemas[name] = schema or _read_json(base / resources[name]["schema"])
        if only is not None:
            wanted += sorted(_referenced(schemas[name]))
    tables: dict[str, Table] = {}
    problems: list[str] = []
    for name in csv_names:
        if name in known and name in schemas:
            tables[name] = known[name]
        elif name in schemas:
            table = Table(name, base / resources[name]["path"], schemas[name])
            _validate_table(table, problems)
            tables[name] = table
    _check_foreign_keys(tables, problems)
    _check_list_keys(tables, problems)
    if problems:
        raise DataError(problems)
    return tables


def decimals(text: str) -> int:
    """Decimal places as printed: '4.10' -> 2, '18.5' -> 1, '7000' -> 0."""
    return len(text.split(".")[1]) if "." in text else 0


class Ledger:
    """The validated data package as DataFrames: papers, claims (with printed precision), events
    and every resource by name in `tables`.

    A table is validated (with the tables its keys name) when it is first used, unless the whole
    package was validated when the ledger was loaded: either way nothing invalid is ever seen.
    """

    def __init__(
        self,
        package: Path,
        validated: dict[str, Table] | None = None,
        tables: Collection[str] | None = None,
        reader: str = "",
    ) -> None:
        self.package = Path(package)
        self.descriptor = _read_json(self.package)
        # What the reading notebook may read: its declared tables and those their keys name.
        self.allowed = None if tables is None else set(closure(self.package, tables))
        self.reader = reader
        self._validated: dict[str, Table] = dict(validated or {})
        self._frames: dict[str, pd.DataFrame] = {}
        self.tables = Tables(self)

    def frame(self, name: str) -> pd.DataFrame:
        """The resource `name` as a DataFrame, validated on first use."""
        if self.allowed is not None and name not in self.allowed:
            raise UndeclaredTableError(
                f"notebook {self.reader!r} reads table {name!r} but does not declare it; "
                "add it to its tables in the notebook registry (claimbook.params)"
            )
        if name not in self._frames:
            if name not in self._validated:
                self._validated.update(validate(self.package, only=name, known=self._validated))
            table = self._validated[name]
            df = table.frame()
            if name == "claims":
                df["decimals"] = [decimals(r["value"]) for r in table.rows]
            self._frames[name] = df
        return self._frames[name]

    @property
    def papers(self) -> pd.DataFrame:
        return self.frame("papers")

    @property
    def claims(self) -> pd.DataFrame:
        return self.frame("claims")

    @property
    def events(self) -> pd.DataFrame:
        return self.frame("events")

    def names(self) -> list[str]:
        """The names of the package's tables, in the descriptor's order."""
        return [
            r["name"]
            for r in self.descriptor.get("resources", [])
            if r.get("format", "csv") == "csv"
        ]

    def edition(self, resource: str) -> str:
        """The version a resource's source states (e.g. SIPRI's "Data generated" stamp)."""
        for res in self.descriptor.get("resources", []):
            if res["name"] == resource:
                return "; ".join(s.get("version", "") for s in res.get("sources", []))
        return ""


class Tables(Mapping):
    """A ledger's tables by resource name, each loaded (and validated) when first looked up."""

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._ledger.names():
            raise KeyError(name)
        return self._ledger.frame(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._ledger.names())

    def __len__(self) -> int:
        return len(self._ledger.names())


def closure(package: Path, names: Iterable[str]) -> list[str]:
    """The named tables and every table their foreign and list keys name, transitively, in
    the descriptor's order."""
    descriptor = _read_json(package)
    resources = {r["name"]: r for r in descriptor.get("resources", [])}
    wanted, seen = list(names), set()
    while wanted:
        name = wanted.pop()
        if name in seen:
            continue
        if name not in resources:
            known = ", ".join(resources)
            raise DataError([f"{paths.display(package)}: no table {name!r}; tables: {known}"])
        seen.add(name)
        wanted += sorted(_referenced(_read_json(Path(package).parent / resources[name]["schema"])))
    return [n for n in resources if n in seen]


def resource_files(package: Path, names: Iterable[str]) -> list[Path]:
    """What reading these tables depends on: the descriptor, and each table of their closure
    with its schema."""
    base = Path(package).parent
    resources = {r["name"]: r for r in _read_json(package).get("resources", [])}
    files = [Path(package)]
    for name in closure(package, names):
        files += [base / resources[name]["path"], base / resources[name]["schema"]]
    return files


def load(
    package: Path = paths.DATAPACKAGE,
    lazy: bool = False,
    tables: Collection[str] | None = None,
    reader: str = "",
) -> Ledger:
    """Validate and load the data package; the one way notebooks and checks read data.

    `lazy=True` (what notebooks use) validates and reads each table only when first used, so
    that a notebook reads only the files it needs and the build's cache re-executes it only
    when one of those changes. Otherwise the whole package is validated at once.
    """
    if tables is not None:
        return Ledger(package, None, tables, reader)
    return Ledger(package, None if lazy else validate(package))


def summary(ledger: Ledger) -> str:
    """One line: counts of claims, events, papers and claims per topic."""
    topics = ledger.claims["topic"].value_counts()
    per_topic = ", ".join(f"{t} {n}" for t, n in sorted(topics.items()))
    return (
        f"ok: {len(ledger.claims)} claims, {len(ledger.events)} events, "
        f"{len(ledger.papers)} papers; claims per topic: {per_topic}"
    )
