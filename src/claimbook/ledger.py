"""Load and validate the data package; nothing downstream ever sees an invalid table.

Validation is driven by `data/datapackage.json` and the table schemas it names, and done by
Frictionless: field types and constraints, unique fields, primary and foreign keys. The rules a
Table Schema cannot express are the named checks of `claimbook.rules`. The CSV files are read
here, once each, so that every problem names its line (a quoted cell may span lines) and a
file Frictionless could not open is one plain line too. Every problem is reported as
`data/claims.csv:17: value: 'abc' is not a number`; all are collected before raising.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import frictionless
import pandas as pd
from frictionless import Error, FrictionlessException, Package, Resource, Schema

from . import paths, rules
from .errors import DataError, UndeclaredTableError


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
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (FileNotFoundError, IsADirectoryError):
        raise DataError([f"{paths.display(path)}: file not found"]) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise DataError([f"{paths.display(path)}: not valid JSON ({e})"]) from None
    if not isinstance(data, dict):
        raise DataError([f"{paths.display(path)}: not a JSON object"])
    return data


def _read_csv(path: Path, problems: list[str]) -> tuple[list[str], list[list[str]], list[int]]:
    """Read a CSV strictly: UTF-8 (a BOM is accepted), any line ending, no stray quotes.

    Returns the header, the rows (empty lines left out) and each row's first line number;
    problems are appended.
    """
    where = paths.display(path)
    try:
        raw = Path(path).read_bytes()
    except (FileNotFoundError, IsADirectoryError):
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
            if row:  # an empty line is harmless: skipped
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as e:
        problems.append(f"{where}:{start}: malformed CSV ({e}); check for a stray quote character")
        return [], [], []
    return rows[0], rows[1:], lines[1:]


def _header_problems(where: str, header: list[str], names: list[str]) -> list[str]:
    """The header against the schema's fields: every one present, once, in the schema's order."""
    found = [f"{where}:1: {n}: column is missing from the header" for n in names if n not in header]
    found += [
        f"{where}:1: {h}: unexpected column (not in the schema)" for h in header if h not in names
    ]
    found += [
        f"{where}:1: {h}: column appears more than once"
        for h, n in Counter(header).items()
        if n > 1
    ]
    if not found and header != names:
        found.append(f"{where}:1: columns are not in the schema's order: {', '.join(names)}")
    return found


def _read_schema(path: Path) -> dict:
    """A table schema's JSON, checked by Frictionless to be a Table Schema."""
    schema = _read_json(path)
    try:
        Schema.from_descriptor(schema)
    except FrictionlessException as e:
        why = "; ".join(r.message for r in e.reasons) or e.error.message
        raise DataError([f"{paths.display(path)}: not a valid Table Schema ({why})"]) from None
    return schema


def _entries(package: Path, descriptor: dict) -> dict[str, dict]:
    """The descriptor's CSV resources by name, each with its path and schema file."""
    entries = {}
    for res in descriptor.get("resources", []):
        if res.get("format", "csv") != "csv":
            continue
        if not all(isinstance(res.get(k), str) for k in ("name", "path", "schema")):
            what = json.dumps(res)[:60]
            raise DataError(
                [f"{paths.display(package)}: a resource lacks a name, path or schema: {what}"]
            )
        entries[res["name"]] = res
    return entries


def _referenced(name: str, schema: dict) -> list[str]:
    """The resources a table's foreign keys and list keys name (not itself)."""
    named = [fk["reference"]["resource"] for fk in schema.get("foreignKeys", [])]
    named += [key.resource for key in rules.LIST_KEYS.get(name, ())]
    return [n for n in named if n not in ("", name)]


def _closure(
    package: Path,
    entries: dict[str, dict],
    names: Iterable[str],
    schemas: dict[str, dict],
    read: Callable[[Path], dict] = _read_schema,
) -> list[str]:
    """`closure`, reading the schemas it needs into `schemas` (those already there are not)
    with `read`: checked as Table Schemas for validation, plain JSON where only the keys
    matter (Frictionless's schema check costs about 0.1 s a schema)."""
    wanted = [(name, package) for name in names]  # a table and the file that names it
    seen: set[str] = set()
    while wanted:
        name, named_by = wanted.pop()
        if name in seen:
            continue
        if name not in entries:
            tables = ", ".join(entries)
            raise DataError([f"{paths.display(named_by)}: no table {name!r}; tables: {tables}"])
        seen.add(name)
        schema_file = Path(package).parent / entries[name]["schema"]
        if name not in schemas:
            schemas[name] = read(schema_file)
        wanted += [(n, schema_file) for n in _referenced(name, schemas[name])]
    return [n for n in entries if n in seen]


def closure(package: Path, names: Iterable[str]) -> list[str]:
    """The tables `names` and every table their foreign keys and list keys name, transitively,
    in the descriptor's order: the tables a reader of `names` reads."""
    return _closure(package, _entries(package, _read_json(package)), names, {}, _read_json)


def resource_files(package: Path, names: Iterable[str]) -> list[Path]:
    """The files a reader of the tables `names` depends on: the descriptor, and the CSV and
    schema file of every table of their closure."""
    base = Path(package).parent
    entries = _entries(package, _read_json(package))
    files = [Path(package)]
    for name in _closure(package, entries, names, {}, _read_json):
        files += [base / entries[name]["path"], base / entries[name]["schema"]]
    return files


def _first_line(note: str, lines: list[int]) -> str:
    """'line N' of the row a Frictionless duplicate note points to ('row at position N')."""
    match = re.search(r"position (\d+)", note)
    return f"line {lines[int(match[1]) - 2]}" if match else "an earlier line"


# Frictionless's constraint errors in plain words: {cell} as written, {limit} as the schema says.
CONSTRAINTS = {
    "required": "is required but empty",
    "enum": "{cell!r} is not one of: {limit}",
    "pattern": "{cell!r} is not well formed (pattern {limit})",
    "minLength": "{cell!r} is shorter than {limit} characters",
    "maxLength": "{cell!r} is longer than {limit} characters",
    "minimum": "{cell} is below the minimum {limit}",
    "maximum": "{cell} is above the maximum {limit}",
}


def _constraint_problem(cell: str, spec: dict, note: str) -> str:
    """A Frictionless constraint error (its note names the constraint) in plain words."""
    match = re.search(r'constraint "(\w+)"', note)
    name = match[1] if match else ""
    limit = spec.get("constraints", {}).get(name)
    if isinstance(limit, list):
        limit = ", ".join(map(str, limit))
    template = CONSTRAINTS.get(name, "{cell!r} breaks the constraint {name}: {limit}")
    return template.format(cell=cell, limit=limit, name=name)


def _problem(error: Error, table: Table, tables: dict[str, Table]) -> tuple[int, str, str]:
    """A Frictionless error as (line, column, plain words); line 0 is the file, column '' the
    whole row. Frictionless numbers the rows of `table.rows` from 2 (the header is row 1)."""
    row = getattr(error, "row_number", None)
    line = table.lines[row - 2] if row else 0
    kind = error.type
    if kind == "blank-row":
        return line, "", "row is blank"
    if kind in ("type-error", "constraint-error", "unique-error"):
        column = error.field_name
        cell = table.rows[row - 2][column]  # as written
        spec = next(f for f in table.schema["fields"] if f["name"] == column)
        if kind == "type-error":
            what = {"number": "a number", "integer": "a whole number"}.get(spec["type"])
            return line, column, f"{column}: {cell!r} is not {what or 'a valid ' + spec['type']}"
        if kind == "constraint-error":
            return line, column, f"{column}: {_constraint_problem(cell, spec, error.note)}"
        first = _first_line(error.note, table.lines)
        return line, column, f"{column}: {cell!r} is a duplicate (first at {first})"
    if kind == "primary-key":
        key = table.schema["primaryKey"]
        key = [key] if isinstance(key, str) else key
        values = [table.rows[row - 2][k] for k in key]
        shown = repr(values[0]) if len(values) == 1 else repr(tuple(values))
        first = _first_line(error.note, table.lines)
        return line, ", ".join(key), f"{', '.join(key)}: {shown} is a duplicate (first at {first})"
    if kind == "foreign-key":
        src, dst = ", ".join(error.field_names), ", ".join(error.reference_field_names)
        ref = paths.display(tables[error.reference_name].path)
        shown = ", ".join(map(repr, error.field_cells))
        return line, src, f"{src}: {shown} does not exist in {ref} ({dst})"
    return line, getattr(error, "field_name", ""), f"{error.title.lower()}: {error.note}"


def _frictionless(tables: dict[str, Table]) -> Package:
    """The tables as one Frictionless package of inline rows, each with its schema; foreign keys
    to a table that could not be read are left out (its file's problem is reported)."""
    resources = []
    for name, table in tables.items():
        schema = dict(table.schema)
        keys = schema.get("foreignKeys", [])
        schema["foreignKeys"] = [k for k in keys if k["reference"]["resource"] in tables]
        data = [table.header, *(list(row.values()) for row in table.rows)]
        resources.append(Resource(name=name, data=data, schema=Schema.from_descriptor(schema)))
    return Package(resources=resources)


def _cell_problems(table: Table) -> dict[tuple[int, str], str]:
    """The cell checks Frictionless lacks, by (line, column): surrounding spaces, numbers that
    are not finite."""
    found = {}
    numbers = {f["name"] for f in table.schema["fields"] if f["type"] in ("number", "integer")}
    for line, row in zip(table.lines, table.rows, strict=True):
        for column, value in row.items():
            problem = rules.trimmed(column, value) or (
                column in numbers and rules.finite(column, value)
            )
            if problem:
                found[line, column] = problem
    return found


def _list_key_problems(table: Table, tables: dict[str, Table]) -> dict[tuple[int, str], str]:
    """Every id of a list key (`rules.LIST_KEYS`) that its table lacks, by (line, column id)."""
    found = {}
    for key in rules.LIST_KEYS.get(table.name, ()):
        ref = tables.get(key.resource)  # None if its file is unusable (reported)
        known = {r[key.reference] for r in ref.rows} if ref else set()
        for line, row in zip(table.lines, table.rows, strict=True) if ref else ():
            for item in key.missing(row, known):
                where = f"{paths.display(ref.path)} ({key.reference})"
                found[line, f"{key.field} {item}"] = (
                    f"{key.field}: {item!r} does not exist in {where}"
                )
    return found


def _problems(table: Table, package: Package, tables: dict[str, Table]) -> list[str]:
    """Every problem of one table, at most one per cell, in line order: the cell checks,
    Frictionless's, the row rules of `claimbook.rules` (on rows with no other problem) and the
    list keys."""
    found = _cell_problems(table)  # (line, column) -> problem; column '' is the whole row
    try:
        errors = package.get_resource(table.name).validate(limit_errors=0).tasks[0].errors
    except FrictionlessException as e:
        return [f"{paths.display(table.path)}: {e.error.message}"]
    for error in errors:
        line, column, problem = _problem(error, table, tables)
        found.setdefault((line, column), problem)
    whole_rows = {line for line, column in found if column == ""}
    found = {k: p for k, p in found.items() if k[1] == "" or k[0] not in whole_rows}
    bad = {line for line, _ in found}
    for line, row in zip(table.lines, table.rows, strict=True):
        for check in () if line in bad else rules.ROWS.get(table.name, ()):
            problem = check(row)
            if problem:
                found.setdefault((line, problem.split(":")[0]), problem)
    found.update(_list_key_problems(table, tables))
    where = paths.display(table.path)
    return [
        f"{where}:{line}: {problem}" if line else f"{where}: {problem}"
        for (line, _), problem in sorted(found.items(), key=lambda item: item[0][0])
    ]


def _read_table(table: Table, problems: list[str]) -> bool:
    """Read a table's file into `table`, appending its file's problems; False if the file or its
    header is unusable. A row of another length than the header is a problem, left out."""
    before = len(problems)
    header, cells, lines = _read_csv(table.path, problems)
    names = [f["name"] for f in table.schema["fields"]]
    if len(problems) == before:
        problems += _header_problems(paths.display(table.path), header, names)
    if len(problems) > before:
        return False
    table.header = header
    where = paths.display(table.path)
    for line, row in zip(lines, cells, strict=True):
        if len(row) != len(header):
            problems.append(
                f"{where}:{line}: row has {len(row)} fields, the header has {len(header)}"
            )
            continue
        table.rows.append(dict(zip(header, row, strict=True)))
        table.lines.append(line)
    return True


def stamp(package: Path, name: str) -> str:
    """What the validity of table `name` depends on, as a digest: the files of its closure
    (descriptor, CSVs, schemas) and the validating code (this module, the rules, Frictionless's
    version)."""
    h = hashlib.sha256(frictionless.__version__.encode())
    for source in (Path(__file__), Path(rules.__file__)):
        h.update(source.read_bytes())
    for f in resource_files(package, [name]):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:24]


def _mark_valid(checked: Path, package: Path, names: Iterable[str]) -> None:
    """Remember that the tables `names` passed validation in this state (an empty file named by
    its stamp). Only a cache: a folder that cannot be written just means validating again."""
    try:
        checked.mkdir(parents=True, exist_ok=True)
        for name in names:
            (checked / stamp(package, name)).touch()
    except OSError:
        pass


def validate(
    package: Path = paths.DATAPACKAGE,
    only: str | None = None,
    known: dict[str, Table] | None = None,
    checked: Path | None = None,
) -> dict[str, Table]:
    """Validate the data package's resources; raise DataError listing every problem.

    With `only`, that resource and the resources its keys name (and theirs) are validated, and
    only their files read; without, every resource. Tables in `known` (validated already) are
    taken as they are, not read again.

    With `checked`, a folder of stamps (`stamp`) of tables that passed: a table whose stamp is
    there is read without validating it again. Frictionless's checks cost a notebook about two
    seconds (most of it importing jsonschema), repeated in every notebook of a build that has
    just validated the same files.
    """
    known = known or {}
    schemas = {name: table.schema for name, table in known.items()}
    entries = _entries(package, _read_json(package))
    if checked is not None and only is not None and (checked / stamp(package, only)).is_file():
        plain = dict(schemas)  # read as JSON: Frictionless checked them when they passed
        names = _closure(package, entries, [only], plain, _read_json)
        tables = dict(known)
        unread: list[str] = []
        base = Path(package).parent
        for name in names:
            if name not in tables:
                tables[name] = Table(name, base / entries[name]["path"], plain[name])
                _read_table(tables[name], unread)
        if not unread:  # else a file changed since its stamp was computed: validate it below
            return {name: tables[name] for name in names}
    names = _closure(package, entries, entries if only is None else [only], schemas)
    base = Path(package).parent
    problems: list[str] = []
    tables: dict[str, Table] = {}
    read: list[Table] = []
    for name in names:
        if name in known:
            tables[name] = known[name]
            continue
        table = Table(name, base / entries[name]["path"], schemas[name])
        if _read_table(table, problems):
            tables[name] = table
            read.append(table)
    frictionless = _frictionless(tables)
    for table in read:
        problems += _problems(table, frictionless, tables)
    if problems:
        raise DataError(problems)
    if checked is not None:
        _mark_valid(checked, package, names if only is None else [only])
    return tables


def decimals(text: str) -> int:
    """Decimal places as printed: '4.10' -> 2, '18.5' -> 1, '7000' -> 0."""
    return len(text.split(".")[1]) if "." in text else 0


class Ledger:
    """The validated data package as DataFrames: papers, claims (with printed precision), events
    and every resource by name in `tables`.

    A table is validated (with the tables its keys name) when it is first used, unless the whole
    package was validated when the ledger was loaded: either way nothing invalid is ever seen.
    With `allowed`, only those tables may be read (`reader`, a notebook, declares them).
    """

    def __init__(
        self,
        package: Path,
        validated: dict[str, Table] | None = None,
        allowed: Collection[str] | None = None,
        reader: str = "",
        checked: Path | None = None,
    ) -> None:
        self.package = Path(package)
        self.checked = checked
        self.descriptor = _read_json(self.package)
        self._validated: dict[str, Table] = dict(validated or {})
        self._frames: dict[str, pd.DataFrame] = {}
        self.allowed = allowed
        self.reader = reader
        self.tables = Tables(self)

    def frame(self, name: str) -> pd.DataFrame:
        """The resource `name` as a DataFrame, validated on first use."""
        if self.allowed is not None and name not in self.allowed:
            who = f"notebook {self.reader!r}" if self.reader else "this notebook"
            raise UndeclaredTableError(
                f"{who} reads table {name!r} but does not declare it; "
                "add it to its tables in the notebook registry"
            )
        if name not in self._frames:
            if name not in self._validated:
                self._validated.update(validate(self.package, name, self._validated, self.checked))
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


def load(
    package: Path = paths.DATAPACKAGE,
    lazy: bool = False,
    tables: Collection[str] | None = None,
    reader: str = "",
    checked: Path | None = None,
) -> Ledger:
    """Validate and load the data package; the one way notebooks and checks read data.

    `lazy=True` (what notebooks use) validates and reads each table only when first used, so
    that a notebook reads only the files it needs. Otherwise the whole package is validated at
    once, or with `tables` their closure. With `tables`, the tables a notebook (`reader`)
    declares, the ledger reads only `closure(tables)`: the files the build's cache keys it on
    (`resource_files`); any other table raises UndeclaredTableError. `checked`: the folder of
    stamps of tables that passed validation (see `validate`), None to validate every time.
    """
    validated: dict[str, Table] = {}
    if not lazy and tables is None:
        validated = validate(package, checked=checked)
    elif not lazy:
        for name in tables:
            validated.update(validate(package, name, validated, checked))
    allowed = None if tables is None else closure(package, tables)
    return Ledger(package, validated, allowed, reader, checked)


def summary(ledger: Ledger) -> str:
    """One line: counts of claims, events, papers and claims per topic."""
    topics = ledger.claims["topic"].value_counts()
    per_topic = ", ".join(f"{t} {n}" for t, n in sorted(topics.items()))
    return (
        f"ok: {len(ledger.claims)} claims, {len(ledger.events)} events, "
        f"{len(ledger.papers)} papers; claims per topic: {per_topic}"
    )
