"""The SIPRI trade-register parser, its aggregates and shares, and the committed reference tables.

The small register (tests/data/sipri_register_small.csv) is hand-made in SIPRI's export format
with every quirk: 11 preamble lines (one without a trailing `;`, one that is only `;`, a
"Data generated" stamp), CRLF line ends, a `;` after every row, quoted fields with commas and
doubled quotes, `?` fields, Yes/No flags and an empty one, an empty TIV, a `0` TIV, one deal
delivered over two years, several suppliers and recipients. Its rows (line: supplier ->
recipient, delivery year, TIV):

    13 Israel -> Azerbaijan 2016 30      (deal 1001, first delivery year)
    14 Israel -> Azerbaijan 2017 20      (deal 1001, second delivery year)
    15 Israel -> Azerbaijan 2016 10      (deal 1016, number delivered '?')
    16 Russia -> Azerbaijan 2015 30
    17 Turkiye -> Azerbaijan 2019 10
    18 Turkiye -> Azerbaijan 2020 20     (order date and number delivered '?')
    19 Belarus -> Azerbaijan 2018 empty  (unknown TIV; empty estimate flag)
    20 Russia -> Armenia 2016 24
    21 Russia -> Armenia 2018 0          ('0' = between 0 and 0.5)
    22 Russia -> Armenia 2020 36
    23 Israel -> Viet Nam 2017 40
    24 Israel -> India 2019 100
    25 Israel -> Turkiye 2010 20
    26 United States -> Israel 2016 250
    27 United States -> Turkiye 2016 32
    28 Turkiye -> Pakistan 2019 150      (designation with doubled quotes, quoted number)
    29 France -> Viet Nam 2016 5         (designation '?'; in no aggregate)
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from claimbook import ledger, paths, sipri
from claimbook.errors import RegisterError

SMALL = Path(__file__).parent / "data" / "sipri_register_small.csv"
REGISTER = paths.SHARED_REFERENCE / "sipri" / "trade_register.csv"
REFERENCE = paths.DATA / "reference"
SCHEMAS = paths.DATA / "schemas"

# The aggregates of the small register, by hand: every row above except line 29 (France to
# Viet Nam: neither to one of the four countries nor from Israel or Turkiye); lines 13 and 15
# fall in the same group (Israel -> Azerbaijan 2016: 30 + 10 = 40); the Belarus group has only
# an unknown TIV, so its sum is unknown (empty). Sorted by recipient, supplier, year.
SMALL_AGGREGATES = """\
supplier,recipient,year,tiv
Russia,Armenia,2016,24
Russia,Armenia,2018,0
Russia,Armenia,2020,36
Belarus,Azerbaijan,2018,
Israel,Azerbaijan,2016,40
Israel,Azerbaijan,2017,20
Russia,Azerbaijan,2015,30
Turkiye,Azerbaijan,2019,10
Turkiye,Azerbaijan,2020,20
Israel,India,2019,100
United States,Israel,2016,250
Turkiye,Pakistan,2019,150
Israel,Turkiye,2010,20
United States,Turkiye,2016,32
Israel,Viet Nam,2017,40
"""


def small_lines() -> list[str]:
    return SMALL.read_bytes().decode("utf-8").split("\r\n")


def variant(tmp_path: Path, edit, name: str = "register.csv") -> Path:
    """A copy of the small register with `edit(lines)` applied (CRLF line ends kept)."""
    lines = small_lines()
    edit(lines)
    path = tmp_path / name
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    return path


def replace_in(line: int, old: str, new: str):
    def edit(lines: list[str]) -> None:
        assert old in lines[line - 1]
        lines[line - 1] = lines[line - 1].replace(old, new, 1)

    return edit


@pytest.fixture(scope="module")
def small() -> sipri.Register:
    return sipri.read_register(SMALL)


@pytest.fixture(scope="module")
def small_tiv(small) -> pd.DataFrame:
    return sipri.aggregate(small)


# --- the parser on the small register ------------------------------------------------------


def test_small_register_is_read(small):
    assert small.generated == "03 Mar 2025"
    assert len(small.rows) == 17
    assert small.rows["line"].tolist() == list(range(13, 30))
    assert small.title.startswith("Transfers of major conventional arms from All countries")
    assert small.rows["year"].dtype == "int64"
    assert small.rows["tiv"].dtype == "float64"


@pytest.mark.parametrize(
    ("line", "column", "expected"),
    [
        (13, "designation", "Barak-8, LR-SAM"),  # quoted, with a comma
        (28, "designation", 'MILGEM "Ada"'),  # quoted, with doubled quotes
        (28, "sipri_estimate", 150.0),  # a quoted number
        (29, "designation", "?"),  # '?' in a text column is kept as written
        (21, "tiv", 0.0),  # '0': between 0 and 0.5
        (13, "tiv", 30.0),
        (14, "year", 2017),
        (13, "order_year_estimated", False),
        (15, "order_year_estimated", True),
        (24, "local_production", True),
        (27, "status", "Second hand"),
        (13, "number_delivered", 3),
    ],
)
def test_small_register_values(small, line, column, expected):
    row = small.rows.set_index("line").loc[line]
    assert row[column] == expected


def test_empty_tiv_is_nan(small):
    belarus = small.rows.set_index("line").loc[19]
    assert math.isnan(belarus["tiv"])
    assert math.isnan(belarus["tiv_unit"])
    assert pd.isna(belarus["year_estimated"])  # an empty Yes/No flag is missing


@pytest.mark.parametrize(
    ("line", "column"),
    [
        (15, "number_delivered"),
        (18, "order_year"),
        (18, "number_delivered"),
        (29, "number_delivered"),
    ],
)
def test_question_mark_is_missing_and_flagged(small, line, column):
    row = small.rows.set_index("line").loc[line]
    assert pd.isna(row[column])
    assert row["uncertain"]


def test_only_rows_with_a_question_mark_are_uncertain(small):
    assert small.rows.loc[small.rows["uncertain"], "line"].tolist() == [15, 18, 29]


def test_question_mark_tiv_is_nan(tmp_path):
    register = sipri.read_register(variant(tmp_path, replace_in(26, ",250,No;", ",?,No;")))
    row = register.rows.set_index("line").loc[26]
    assert math.isnan(row["tiv"]) and row["uncertain"]


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda lines: lines.append(""), id="final line end"),
        pytest.param(lambda lines: lines.insert(20, ""), id="blank line"),
        pytest.param(lambda lines: lines.insert(20, ";"), id="line of only ';'"),
        pytest.param(lambda lines: lines.__setitem__(0, "\ufeff" + lines[0]), id="BOM"),
    ],
)
def test_harmless_variants_are_accepted(tmp_path, edit):
    register = sipri.read_register(variant(tmp_path, edit))
    assert len(register.rows) == 17 and register.generated == "03 Mar 2025"


def test_lf_line_ends_are_accepted(tmp_path):
    path = tmp_path / "lf.csv"
    path.write_bytes(SMALL.read_bytes().replace(b"\r\n", b"\n"))
    assert len(sipri.read_register(path).rows) == 17


# --- not a register: one line naming the file, the line and why ----------------------------

HEADER = 12


def content(edit):
    """The small register's bytes after `edit(lines)`."""

    def make() -> bytes:
        lines = small_lines()
        edit(lines)
        return "\r\n".join(lines).encode("utf-8")

    return make


def const(data: bytes):
    return lambda: data


NO_HEADER = "not a SIPRI trade register: no header row starting with 'SIPRI AT Database ID' found"

CATALOGUE = [
    ("empty", const(b""), 1, "file is empty (expected a SIPRI trade register)"),
    ("blank lines", const(b"\r\n  \r\n"), 1, "file is empty (expected a SIPRI trade register)"),
    ("notes only", content(lambda ls: ls.__delitem__(slice(11, None))), 1, NO_HEADER),
    ("JSON", const(b'{"supplier": "Israel", "tiv": 1}\n'), 1, NO_HEADER),
    ("claims CSV", const(b"claim_id,paper,value\nx,y,1\n"), 1, NO_HEADER),
    ("binary", const(bytes(range(256))), 1, "not a text file (it contains NUL bytes)"),
    (
        "Latin-1",
        const(b"Data generated: 1 Jan 2025;\nT\xfcrkiye;\n"),
        2,
        "not UTF-8 text (byte 0xfc)",
    ),
    (
        "truncated row",
        content(lambda ls: ls.__setitem__(28, "1014,France,Viet Nam")),
        29,
        "expected 17 fields, found 3",
    ),
    (
        "extra field",
        content(replace_in(20, ",No;", ",No,extra;")),
        20,
        "expected 17 fields, found 18",
    ),
    (
        "TIV not a number",
        content(replace_in(26, ",250,No;", ",abc,No;")),
        26,
        "TIV delivery values: 'abc' is not a number",
    ),
    (
        "TIV negative",
        content(replace_in(26, ",250,No;", ",-250,No;")),
        26,
        "TIV delivery values: '-250' is negative (a TIV is at least 0)",
    ),
    (
        "year not a year",
        content(replace_in(16, ",2015,No,New", ",20x5,No,New")),
        16,
        "Delivery year: '20x5' is not a year",
    ),
    (
        "year uncertain",
        content(replace_in(16, ",2015,No,New", ",?,No,New")),
        16,
        "Delivery year: '?' is not a year",
    ),
    (
        "flag not Yes/No",
        content(replace_in(16, "2010,Yes,", "2010,Maybe,")),
        16,
        "Order date is estimate: 'Maybe' is not Yes or No",
    ),
    (
        "number not whole",
        content(replace_in(16, ",10,No,2015", ",10.5,No,2015")),
        16,
        "Numbers delivered: '10.5' is not a whole number",
    ),
    (
        "empty supplier",
        content(replace_in(16, "1002,Russia,", "1002,,")),
        16,
        "Supplier: is empty (every row names its supplier and recipient)",
    ),
    (
        "no trailing ;",
        content(lambda ls: ls.__setitem__(15, ls[15].removesuffix(";"))),
        16,
        "line does not end with ';' (SIPRI's export ends every line so)",
    ),
    (
        "unclosed quote",
        content(replace_in(13, '"Barak-8, LR-SAM"', '"Barak-8, LR-SAM')),
        13,
        "malformed quoting (unexpected end of data)",
    ),
    (
        "header lacks a column",
        content(replace_in(HEADER, "TIV delivery values", "TIV")),
        HEADER,
        "header: column 'TIV delivery values' is missing",
    ),
    (
        "header repeats a column",
        content(replace_in(HEADER, "Status", "Supplier")),
        HEADER,
        "header: column 'Supplier' appears twice",
    ),
    (
        "no stamp",
        content(lambda ls: ls.__delitem__(10)),
        HEADER - 1,
        "no 'Data generated: ...' line in the notes before the header",
    ),
    (
        "stamp without a date",
        content(lambda ls: ls.__setitem__(10, "Data generated: yesterday;")),
        11,
        "Data generated: 'yesterday' does not start with a date like '12 Feb 2026'",
    ),
    (
        "header only",
        content(lambda ls: ls.__delitem__(slice(12, None))),
        HEADER,
        "the register has a header but no rows",
    ),
]


@pytest.mark.parametrize(
    ("make", "line", "why"), [pytest.param(*c[1:], id=c[0]) for c in CATALOGUE]
)
def test_not_a_register(tmp_path, make, line, why):
    path = tmp_path / "x.csv"
    path.write_bytes(make())
    with pytest.raises(RegisterError) as e:
        sipri.read_register(path)
    assert str(e.value) == f"{paths.display(path)}:{line}: {why}"
    assert "\n" not in str(e.value)


@pytest.mark.parametrize(
    ("name", "why"),
    [("missing.csv", "file not found"), ("folder", "is a folder, not a file")],
)
def test_unreadable_path(tmp_path, name, why):
    # No line to name: the file itself is the problem.
    (tmp_path / "folder").mkdir()
    path = tmp_path / name
    with pytest.raises(RegisterError) as e:
        sipri.read_register(path)
    assert str(e.value) == f"{paths.display(path)}: {why}"


# --- aggregates and shares of the small register ---------------------------------------------


def test_small_aggregates(small_tiv):
    assert list(small_tiv.columns) == ["supplier", "recipient", "year", "tiv"]
    assert sipri.to_csv_text(small_tiv) == SMALL_AGGREGATES


def test_aggregates_are_rounded_to_3_decimals(tmp_path):
    # Lines 13 and 15 (Israel -> Azerbaijan 2016) become 0.1 and 0.2: the float sum
    # 0.30000000000000004 is written 0.3; line 16 becomes 1.23456 and is written 1.235.
    def edit(lines):
        replace_in(13, ",10,30,No;", ",10,0.1,No;")(lines)
        replace_in(15, ",0.2,10,No;", ",0.2,0.2,No;")(lines)
        replace_in(16, ",3,30,No;", ",3,1.23456,No;")(lines)

    text = sipri.to_csv_text(sipri.aggregate(sipri.read_register(variant(tmp_path, edit))))
    assert "Israel,Azerbaijan,2016,0.3\n" in text
    assert "Russia,Azerbaijan,2015,1.235\n" in text


def test_aggregate_rejects_a_name_sipri_does_not_use(small):
    with pytest.raises(ValueError, match="'Türkiye' appears nowhere"):
        sipri.aggregate(small, countries=("Azerbaijan", "Türkiye"))


# Azerbaijan 2015-2019 (lines 13-17, 19): Israel 30+20+10 = 60, Russia 30, Turkiye 10 (its
# 2020 delivery is outside the window), Belarus unknown; total of the known 100, so the shares
# are 60, 30 and 10 percent; Belarus has neither a TIV nor a share and comes last.
# Armenia 2015-2019 (lines 20, 21): Russia 24 + 0 = 24, the whole.
@pytest.mark.parametrize(
    ("recipient", "first", "last", "expected"),
    [
        (
            "Azerbaijan",
            2015,
            2019,
            [("Israel", 60, 60), ("Russia", 30, 30), ("Turkiye", 10, 10), ("Belarus", None, None)],
        ),
        ("Azerbaijan", 2020, 2020, [("Turkiye", 20, 100)]),
        ("Armenia", 2015, 2019, [("Russia", 24, 100)]),
        ("Israel", 2000, 2025, [("United States", 250, 100)]),
        # Turkiye 2010-2016 (lines 25, 27): United States 32, Israel 20; total 52.
        ("Turkiye", 2010, 2016, [("United States", 32, 3200 / 52), ("Israel", 20, 2000 / 52)]),
    ],
)
def test_supplier_shares(small_tiv, recipient, first, last, expected):
    got = sipri.supplier_shares(small_tiv, recipient, first, last)
    assert list(got.columns) == ["supplier", "tiv", "share_percent"]
    assert len(got) == len(expected)
    for row, (supplier, tiv, share) in zip(got.itertuples(), expected, strict=True):
        assert row.supplier == supplier
        if tiv is None:
            assert math.isnan(row.tiv) and math.isnan(row.share_percent)
        else:
            assert row.tiv == pytest.approx(tiv) and row.share_percent == pytest.approx(share)


def test_supplier_shares_when_the_total_is_zero(small_tiv):
    # Armenia 2018: only line 21's '0' TIV; a total of 0 gives no share.
    got = sipri.supplier_shares(small_tiv, "Armenia", 2018, 2018)
    assert got["supplier"].tolist() == ["Russia"] and got["tiv"].tolist() == [0]
    assert math.isnan(got["share_percent"].iloc[0])


def test_supplier_shares_of_an_empty_window(small_tiv):
    assert sipri.supplier_shares(small_tiv, "Azerbaijan", 2000, 2005).empty


def test_window_must_run_forwards(small_tiv):
    with pytest.raises(ValueError, match="backwards"):
        sipri.supplier_shares(small_tiv, "Azerbaijan", 2019, 2015)


# Israel 2015-2019 (lines 13-15, 23, 24): India 100, Azerbaijan 60, Viet Nam 40; total 200:
# 50, 30 and 20 percent. Its 2010 delivery to Turkiye is outside the window.
# Turkiye 2015-2019 (lines 17, 28): Pakistan 150, Azerbaijan 10; total 160: 93.75 and 6.25.
@pytest.mark.parametrize(
    ("supplier", "first", "last", "expected"),
    [
        (
            "Israel",
            2015,
            2019,
            [(1, "India", 100, 50), (2, "Azerbaijan", 60, 30), (3, "Viet Nam", 40, 20)],
        ),
        ("Turkiye", 2015, 2019, [(1, "Pakistan", 150, 93.75), (2, "Azerbaijan", 10, 6.25)]),
        # Turkiye 2015-2020 adds line 18 (Azerbaijan 2020, 20): 150 and 30 of 180.
        (
            "Turkiye",
            2015,
            2020,
            [(1, "Pakistan", 150, 15000 / 180), (2, "Azerbaijan", 30, 3000 / 180)],
        ),
        ("Israel", 2010, 2010, [(1, "Turkiye", 20, 100)]),
    ],
)
def test_recipient_ranks(small_tiv, supplier, first, last, expected):
    got = sipri.recipient_ranks(small_tiv, supplier, first, last)
    assert list(got.columns) == ["rank", "recipient", "tiv", "share_percent"]
    got_rows = [(r.rank, r.recipient, r.tiv, r.share_percent) for r in got.itertuples()]
    assert [r[:2] for r in got_rows] == [e[:2] for e in expected]
    assert [r[2:] for r in got_rows] == [pytest.approx(e[2:]) for e in expected]


def test_equal_tivs_share_a_rank(tmp_path):
    # Viet Nam's 40 becomes 60, equal to Azerbaijan's 60: both rank 2, alphabetically.
    path = variant(tmp_path, replace_in(23, ",20,20,40,No;", ",20,20,60,No;"))
    got = sipri.recipient_ranks(sipri.aggregate(sipri.read_register(path)), "Israel", 2015, 2019)
    assert got["rank"].tolist() == [1, 2, 2]
    assert got["recipient"].tolist() == ["India", "Azerbaijan", "Viet Nam"]


# --- write_aggregates ---------------------------------------------------------------------


def test_write_aggregates(tmp_path):
    out, stamp = sipri.write_aggregates(SMALL, tmp_path / "reference")
    assert (out, stamp) == (tmp_path / "reference" / "sipri_tiv.csv", "03 Mar 2025")
    assert out.read_text(encoding="utf-8") == SMALL_AGGREGATES
    assert [p.name for p in out.parent.iterdir()] == ["sipri_tiv.csv"]
    assert sipri.read_tiv(out).equals(sipri.aggregate(sipri.read_register(SMALL)))


@pytest.mark.parametrize(
    ("edit", "line", "why"),
    [
        pytest.param(
            replace_in(26, ",250,No;", ",abc,No;"),
            26,
            "TIV delivery values: 'abc' is not a number",
            id="bad register",
        ),
        pytest.param(
            replace_in(1, "from All countries  to", "from Israel  to"),
            1,
            "its first line does not say 'from All countries to All countries': the "
            "aggregates need SIPRI's export of all suppliers to all recipients",
            id="filtered export",
        ),
    ],
)
def test_write_aggregates_leaves_the_old_table_on_error(tmp_path, edit, line, why):
    register = variant(tmp_path, edit)
    out_dir = tmp_path / "reference"
    out_dir.mkdir()
    (out_dir / "sipri_tiv.csv").write_text("old\n", encoding="utf-8")
    with pytest.raises(RegisterError) as e:
        sipri.write_aggregates(register, out_dir)
    assert str(e.value) == f"{paths.display(register)}:{line}: {why}"
    assert (out_dir / "sipri_tiv.csv").read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in out_dir.iterdir()] == ["sipri_tiv.csv"]


def test_write_aggregates_is_atomic(tmp_path, monkeypatch):
    out_dir = tmp_path / "reference"
    out_dir.mkdir()
    (out_dir / "sipri_tiv.csv").write_text("old\n", encoding="utf-8")

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        sipri.write_aggregates(SMALL, out_dir)
    assert (out_dir / "sipri_tiv.csv").read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in out_dir.iterdir()] == ["sipri_tiv.csv"]


# --- the committed reference tables -----------------------------------------------------------


def schema_stamp() -> str:
    description = json.loads((SCHEMAS / "sipri_tiv.json").read_text(encoding="utf-8"))[
        "description"
    ]
    assert description.startswith("SIPRI Arms Transfers Database trade register, data generated ")
    return description.split("data generated ")[1].split(":")[0]


def test_committed_aggregates_match_the_register(tmp_path):
    if not REGISTER.exists():
        pytest.skip(f"{REGISTER} not found: SIPRI's register is not part of the project")
    out, stamp = sipri.write_aggregates(REGISTER, tmp_path)
    committed = REFERENCE / "sipri_tiv.csv"
    assert out.read_bytes() == committed.read_bytes(), (
        f"{paths.display(committed)} differs from the aggregates of {REGISTER}; "
        f"refresh it with `claimbook sipri --register {REGISTER}`"
    )
    assert stamp == schema_stamp()


def test_israel_share_of_azerbaijan_imports_2015_2019():
    # mehdiyev2025: "Israel supplied 60 percent of Azerbaijan's arms imports between 2015 and
    # 2019" (SIPRI); recomputed from the committed aggregates.
    shares = sipri.supplier_shares(sipri.read_tiv(), "Azerbaijan", 2015, 2019)
    israel = shares.set_index("supplier").loc["Israel", "share_percent"]
    assert 0 <= israel <= 100
    assert shares["share_percent"].sum() == pytest.approx(100)


def test_azerbaijan_rank_among_israel_recipients_2018_2022():
    # amity2023: Azerbaijan was Israel's 2nd biggest arms-export destination in 2018-2022.
    ranks = sipri.recipient_ranks(sipri.read_tiv(), "Israel", 2018, 2022)
    rank = ranks.set_index("recipient").loc["Azerbaijan", "rank"]
    assert 1 <= rank <= len(ranks)


def test_reference_tables_pass_the_ledger_validation(tmp_path):
    names = ["sipri_tiv", "official_figures"]
    (tmp_path / "schemas").mkdir()
    for name in names:
        shutil.copy(REFERENCE / f"{name}.csv", tmp_path / f"{name}.csv")
        shutil.copy(SCHEMAS / f"{name}.json", tmp_path / "schemas" / f"{name}.json")
    resources = [
        {"name": n, "path": f"{n}.csv", "schema": f"schemas/{n}.json", "format": "csv"}
        for n in names
    ]
    (tmp_path / "datapackage.json").write_text(json.dumps({"resources": resources}))
    tables = ledger.validate(tmp_path / "datapackage.json")
    assert len(tables["official_figures"].rows) > 0 and len(tables["sipri_tiv"].rows) > 0


def read_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_official_figures_name_a_measure_and_bear_only_on_ledger_measures():
    # Every row says what it measures (issue 13: a row with an empty measure was never used);
    # `bears_on` must name a measure of the claims ledger.
    measures = {r["measure"] for r in read_rows(paths.DATA / "claims.csv")}
    for line, row in enumerate(read_rows(REFERENCE / "official_figures.csv"), start=2):
        assert row["measure"], f"official_figures.csv:{line}: no measure"
        for m in filter(None, row["bears_on"].split("; ")):
            assert m in measures, f"official_figures.csv:{line}: bears_on: {m!r}"


def test_official_figures_are_copied_unaltered():
    shared = paths.SHARED_REFERENCE / "official_figures.csv"
    if not shared.exists():
        pytest.skip(f"{shared} not found: the primary-source figures are beside the project")
    source = read_rows(shared)
    copied = read_rows(REFERENCE / "official_figures.csv")
    # The collection's rows come first, unaltered except for the empty url / reported_on this
    # project found (each named in `filled`); the added rows follow.
    for line, (mine, theirs) in enumerate(zip(copied, source, strict=False), start=2):
        filled = mine["filled"].split()
        for k, v in theirs.items():
            if k in filled:
                assert v == "" and mine[k], f"official_figures.csv:{line}: {k} filled over a value"
            else:
                assert mine[k] == v, f"official_figures.csv:{line}: {k} altered"
    assert len(copied) >= len(source)
    added = ["measure", "figure_id", "reporter", "bound", "filled", "not_found", "bears_on"]
    added += ["within", "qualifier"]
    assert list(copied[0]) == list(source[0]) + added


def test_every_official_row_has_a_url_and_a_date_or_says_none_found():
    for line, row in enumerate(read_rows(REFERENCE / "official_figures.csv"), start=2):
        for col in ("url", "reported_on"):
            assert row[col] or col in row["not_found"].split(), (
                f"official_figures.csv:{line}: {col}"
            )
