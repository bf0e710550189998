"""SIPRI's arms-transfer trade register: parse the web export, aggregate it, compute shares.

The register is the CSV that SIPRI's Arms Transfers Database exports
(<https://www.sipri.org/databases/armstransfers>), read exactly as SIPRI writes it:

- a preamble of notes before the header row, which starts with `SIPRI AT Database ID`; one
  preamble line carries the edition stamp, `Data generated: 12 Feb 2026 12:26:12 PM`;
- every line from the header on ends with `;` after its last comma-separated field; fields may
  be quoted (`"Barak-8, LR-SAM"`);
- `Yes`/`No` flags (empty when not given), `?` for uncertain data, an empty TIV for an unknown
  value;
- one row per deal and delivery year; `TIV delivery values` is the TIV delivered in that year,
  in millions (a `0` means between 0 and 0.5).

A file that breaks the format raises `RegisterError` naming the file, the first bad line and
why. The register itself is SIPRI's data and stays outside the project; the project commits only
the aggregates `write_aggregates` produces (`data/reference/sipri_tiv.csv`).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import io
import math
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths
from .errors import RegisterError

HEADER_START = "SIPRI AT Database ID"

# Every column of SIPRI's export: (header as SIPRI writes it, name in `Register.rows`, kind).
# Kinds: "id" (whole number, required), "name" (text, required), "text", "int" (whole number;
# empty or `?` -> missing), "year" (four digits, required), "flag" (Yes/No; empty or `?` ->
# missing), "number" (non-negative decimal; empty or `?` -> NaN).
COLUMNS: list[tuple[str, str, str]] = [
    ("SIPRI AT Database ID", "deal_id", "id"),
    ("Supplier", "supplier", "name"),
    ("Recipient", "recipient", "name"),
    ("Designation", "designation", "text"),
    ("Description", "description", "text"),
    ("Armament category", "category", "text"),
    ("Order date", "order_year", "int"),
    ("Order date is estimate", "order_year_estimated", "flag"),
    ("Numbers delivered", "number_delivered", "int"),
    ("Numbers delivered is estimate", "number_delivered_estimated", "flag"),
    ("Delivery year", "year", "year"),
    ("Delivery year is estimate", "year_estimated", "flag"),
    ("Status", "status", "text"),
    ("SIPRI estimate", "sipri_estimate", "number"),
    ("TIV deal unit", "tiv_unit", "number"),
    ("TIV delivery values", "tiv", "number"),
    ("Local production", "local_production", "flag"),
]

# The countries the papers discuss, as SIPRI writes them, and the suppliers whose every export
# the aggregates keep (so that their recipients can be ranked).
COUNTRIES = ("Azerbaijan", "Armenia", "Turkiye", "Israel")
SUPPLIERS = ("Israel", "Turkiye")

AGGREGATES = paths.DATA / "reference" / "sipri_tiv.csv"

_STAMP = re.compile(r"Data generated:\s*(.*?)\s*;?\s*$")
_STAMP_DATE = re.compile(r"(\d{1,2} [A-Z][a-z]{2} \d{4})\b")
_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?|\.[0-9]+")
_WHOLE = re.compile(r"[0-9]+")
_YEAR = re.compile(r"[0-9]{4}")
_ALL_TO_ALL = re.compile(r"from All countries\s+to All countries\b")


@dataclass
class Register:
    """A parsed trade register: its edition stamp and one row per deal and delivery year.

    `rows` holds the columns named in `COLUMNS` (among them supplier, recipient, year as int and
    tiv as float, NaN where unknown), plus `uncertain` (some field of the row is `?`) and `line`
    (the row's line in the file).
    """

    generated: str
    rows: pd.DataFrame
    title: str = ""
    path: Path | None = None


def _fail(where: str, line: int | None, why: str) -> RegisterError:
    return RegisterError(f"{where}:{line}: {why}" if line else f"{where}: {why}")


def _read_lines(path: Path, where: str) -> list[str]:
    """The file's lines (any line ending), decoded as UTF-8; RegisterError if it is no text."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise _fail(where, None, "file not found") from None
    except IsADirectoryError:
        raise _fail(where, None, "is a folder, not a file") from None
    except OSError as e:
        raise _fail(where, None, f"cannot be read ({e.strerror})") from None
    if not raw.strip():
        raise _fail(where, 1, "file is empty (expected a SIPRI trade register)")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise _fail(where, line, "not a text file (it contains NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise _fail(where, line, f"not UTF-8 text (byte {raw[e.start]:#x})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _split(text: str, where: str, line: int) -> tuple[list[str], bool]:
    """One line's comma-separated fields (the trailing `;` removed) and whether it had the `;`."""
    ended = text.endswith(";")
    try:
        return next(csv.reader([text[:-1] if ended else text], strict=True)), ended
    except csv.Error as e:
        raise _fail(where, line, f"malformed quoting ({e})") from None


def _no_semicolon(where: str, line: int) -> RegisterError:
    return _fail(where, line, "line does not end with ';' (SIPRI's export ends every line so)")


def _stamp(preamble: list[str], where: str, header_line: int) -> str:
    """The date of the preamble's `Data generated:` line, e.g. '12 Feb 2026'."""
    for number, text in enumerate(preamble, start=1):
        found = _STAMP.match(text.strip())
        if not found:
            continue
        date = _STAMP_DATE.match(found.group(1))
        try:
            dt.datetime.strptime(date.group(1) if date else "", "%d %b %Y")
        except ValueError:
            why = (
                f"Data generated: {found.group(1)!r} does not start with a date like '12 Feb 2026'"
            )
            raise _fail(where, number, why) from None
        return date.group(1)
    raise _fail(where, header_line, "no 'Data generated: ...' line in the notes before the header")


def _header(fields: list[str], where: str, line: int) -> list[int]:
    """Each known column's position in the header row; RegisterError if one is missing."""
    seen: set[str] = set()
    for name in fields:
        if name in seen:
            raise _fail(where, line, f"header: column {name!r} appears twice")
        seen.add(name)
    for name, _, _ in COLUMNS:
        if name not in seen:
            raise _fail(where, line, f"header: column {name!r} is missing")
    return [fields.index(name) for name, _, _ in COLUMNS]


def _cell(value: str, kind: str) -> tuple[object, str | None]:
    """Convert one field by its kind: (value, None), or (None, why it is wrong)."""
    if kind in ("name", "text"):
        if kind == "name" and not value.strip():
            return None, "is empty (every row names its supplier and recipient)"
        return value, None
    if kind == "year":
        return (int(value), None) if _YEAR.fullmatch(value) else (None, f"{value!r} is not a year")
    if kind != "id" and value in ("", "?"):  # unknown or uncertain: missing
        return (math.nan if kind == "number" else None), None
    if kind == "flag":
        return (
            (value == "Yes", None)
            if value in ("Yes", "No")
            else (None, f"{value!r} is not Yes or No")
        )
    if kind in ("id", "int"):
        return (
            (int(value), None)
            if _WHOLE.fullmatch(value)
            else (None, f"{value!r} is not a whole number")
        )
    if _NUMBER.fullmatch(value):
        return float(value), None
    if value.startswith("-") and _NUMBER.fullmatch(value[1:]):
        return None, f"{value!r} is negative (a TIV is at least 0)"
    return None, f"{value!r} is not a number"


def read_register(path: Path) -> Register:
    """Parse a SIPRI trade register (SIPRI's CSV export) into a `Register`.

    Raises `RegisterError` with one line, `file:line: why`, at the first line that breaks the
    format: no header row, a row with the wrong number of fields, a missing `;`, a value of the
    wrong kind (`TIV delivery values: 'abc' is not a number`), or a file that is missing, empty,
    binary or not UTF-8.
    """
    where = paths.display(Path(path))
    lines = _read_lines(Path(path), where)
    start = next((i for i, t in enumerate(lines) if t.startswith(HEADER_START)), None)
    if start is None:
        why = f"not a SIPRI trade register: no header row starting with {HEADER_START!r} found"
        raise _fail(where, 1, why)
    header, ended = _split(lines[start], where, start + 1)
    if not ended:
        raise _no_semicolon(where, start + 1)
    positions = _header(header, where, start + 1)
    generated = _stamp(lines[:start], where, start + 1)
    columns: dict[str, list] = {name: [] for _, name, _ in COLUMNS}
    uncertain: list[bool] = []
    numbers: list[int] = []
    for index in range(start + 1, len(lines)):
        text, line = lines[index], index + 1
        if text.strip() in ("", ";"):
            continue
        fields, ended = _split(text.rstrip(" \t"), where, line)
        if len(fields) != len(header):
            raise _fail(where, line, f"expected {len(header)} fields, found {len(fields)}")
        if not ended:
            raise _no_semicolon(where, line)
        for (title, name, kind), position in zip(COLUMNS, positions, strict=True):
            value, why = _cell(fields[position], kind)
            if why:
                raise _fail(where, line, f"{title}: {why}")
            columns[name].append(value)
        uncertain.append("?" in fields)
        numbers.append(line)
    if not numbers:
        raise _fail(where, start + 1, "the register has a header but no rows")
    frame = {}
    for _, name, kind in COLUMNS:
        values = columns[name]
        if kind in ("id", "year"):
            frame[name] = np.array(values, dtype="int64")
        elif kind == "int":
            frame[name] = pd.array(values, dtype="Int64")
        elif kind == "flag":
            frame[name] = pd.array(values, dtype="boolean")
        elif kind == "number":
            frame[name] = np.array(values, dtype="float64")
        else:
            frame[name] = values
    frame["uncertain"] = np.array(uncertain, dtype=bool)
    frame["line"] = np.array(numbers, dtype="int64")
    title = lines[0].strip().removesuffix(";").strip() if start else ""
    return Register(generated, pd.DataFrame(frame), title, Path(path))


def aggregate(
    register: Register,
    countries: Iterable[str] = COUNTRIES,
    suppliers: Iterable[str] = SUPPLIERS,
) -> pd.DataFrame:
    """Delivered TIV per supplier, recipient and delivery year: columns supplier, recipient,
    year, tiv.

    Keeps every delivery to one of `countries` and every delivery from one of `suppliers`
    (names exactly as SIPRI writes them, e.g. 'Turkiye'), all years in the register; sorted by
    recipient, supplier, year; tiv rounded to 3 decimals (NaN where every delivery of the group
    has an unknown TIV). A name that appears nowhere in the register raises ValueError.
    """
    rows = register.rows
    countries, suppliers = list(countries), list(suppliers)
    known = set(rows["supplier"]) | set(rows["recipient"])
    for name in countries + suppliers:
        if name not in known:
            raise ValueError(
                f"{name!r} appears nowhere in the register as supplier or recipient "
                "(SIPRI's spelling is needed, e.g. 'Turkiye')"
            )
    keep = rows["recipient"].isin(countries) | rows["supplier"].isin(suppliers)
    out = (
        rows.loc[keep, ["supplier", "recipient", "year", "tiv"]]
        .groupby(["supplier", "recipient", "year"], as_index=False)["tiv"]
        .sum(min_count=1)
    )
    out["tiv"] = out["tiv"].astype("float64").round(3)
    out["year"] = out["year"].astype("int64")
    out["supplier"] = out["supplier"].astype(object)
    out["recipient"] = out["recipient"].astype(object)
    return out.sort_values(["recipient", "supplier", "year"], ignore_index=True)


def _window(tiv: pd.DataFrame, first_year: int, last_year: int) -> pd.DataFrame:
    if first_year > last_year:
        raise ValueError(f"the window runs backwards: {first_year} to {last_year}")
    return tiv[(tiv["year"] >= first_year) & (tiv["year"] <= last_year)]


def _shares(rows: pd.DataFrame, by: str) -> pd.DataFrame:
    """Summed TIV per `by` and its percentage of the total, largest first."""
    sums = rows.groupby(by, as_index=False)["tiv"].sum(min_count=1)
    sums["tiv"] = sums["tiv"].astype("float64").round(3)
    total = sums["tiv"].sum()
    sums["share_percent"] = sums["tiv"] / total * 100 if total > 0 else math.nan
    sums[by] = sums[by].astype(object)
    sums = sums.sort_values(["tiv", by], ascending=[False, True], na_position="last")
    return sums.reset_index(drop=True)


def supplier_shares(
    tiv: pd.DataFrame, recipient: str, first_year: int, last_year: int
) -> pd.DataFrame:
    """Each supplier's share of `recipient`'s arms imports over a window, as SIPRI's fact sheets
    compute it: the supplier's summed TIV over `first_year`..`last_year` (inclusive) divided by the
    recipient's total over the window, x100.

    `tiv` is the aggregate table (`aggregate` or `read_tiv`). Columns supplier, tiv,
    share_percent, largest first; a supplier whose every delivery has an unknown TIV gets NaN
    for both and comes last. No deliveries in the window: an empty table.
    """
    rows = _window(tiv, first_year, last_year)
    return _shares(rows[rows["recipient"] == recipient], "supplier")[
        ["supplier", "tiv", "share_percent"]
    ]


def recipient_ranks(
    tiv: pd.DataFrame, supplier: str, first_year: int, last_year: int
) -> pd.DataFrame:
    """A supplier's recipients over a window, ranked by summed TIV: columns rank, recipient, tiv,
    share_percent (of the supplier's total over the window).

    Only meaningful for a supplier whose every export is in `tiv` (in the committed aggregates:
    Israel and Turkiye). Equal TIVs share a rank (the lower one); a recipient whose every
    delivery has an unknown TIV gets no rank and comes last.
    """
    rows = _window(tiv, first_year, last_year)
    out = _shares(rows[rows["supplier"] == supplier], "recipient")
    out.insert(0, "rank", out["tiv"].rank(method="min", ascending=False).astype("Int64"))
    return out[["rank", "recipient", "tiv", "share_percent"]]


def read_tiv(path: Path = AGGREGATES) -> pd.DataFrame:
    """The committed aggregates (`sipri_tiv.csv`) as a DataFrame: supplier, recipient, year, tiv."""
    return pd.read_csv(
        path,
        dtype={"supplier": object, "recipient": object, "year": "int64", "tiv": "float64"},
        keep_default_na=False,
        na_values={"tiv": [""]},
    )


def _format_tiv(value: float) -> str:
    """TIV as written in the CSV: at most 3 decimals, no trailing zeros; empty if unknown."""
    if value != value:
        return ""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def to_csv_text(tiv: pd.DataFrame) -> str:
    """The aggregate table as the CSV text `write_aggregates` writes (LF line endings)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["supplier", "recipient", "year", "tiv"])
    for row in tiv.itertuples(index=False):
        writer.writerow([row.supplier, row.recipient, int(row.year), _format_tiv(row.tiv)])
    return out.getvalue()


def _write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_aggregates(
    register_path: Path, out_dir: Path = paths.DATA / "reference"
) -> tuple[Path, str]:
    """Parse a register, aggregate it and write `out_dir/sipri_tiv.csv` atomically.

    Returns the CSV's path and the register's edition stamp (e.g. '12 Feb 2026'), which belongs
    in the data package's description of the table. The register must be SIPRI's export of all
    suppliers to all recipients (its first line says so); otherwise, or if it is not a register,
    RegisterError is raised and nothing is written.
    """
    register = read_register(register_path)
    if not _ALL_TO_ALL.search(register.title):
        raise _fail(
            paths.display(Path(register_path)),
            1,
            "its first line does not say 'from All countries to All countries': the "
            "aggregates need SIPRI's export of all suppliers to all recipients",
        )
    out = Path(out_dir) / "sipri_tiv.csv"
    _write_atomic(out, to_csv_text(aggregate(register)))
    return out, register.generated


@functools.cache
def known_countries(path: Path = AGGREGATES) -> frozenset[str]:
    """Every supplier and recipient named in the committed aggregates."""
    tiv = read_tiv(path)
    return frozenset(tiv["supplier"]) | frozenset(tiv["recipient"])
