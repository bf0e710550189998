"""The data package's validation: every rule has an input that breaks it, and the error names
the file, the line and the column. Harmless variants (BOM, CRLF, a blank line) are accepted."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from claimbook import ledger, paths
from claimbook.errors import DataError, UndeclaredTableError


def rewrite(path: Path, edit) -> None:
    """Apply `edit(rows)` to a CSV's rows (dicts) and write it back with the csv module."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    fields = list(rows[0])
    rows = edit(rows) or rows
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def set_cell(row: int, column: str, value: str, **more: str):
    def edit(rows):
        rows[row][column] = value
        rows[row].update(more)

    return edit


def problems(package: Path) -> list[str]:
    with pytest.raises(DataError) as e:
        ledger.validate(package)
    return e.value.problems


# (table, edit, expected message fragment). Line 2 is the first data row (line 1 the header).
BROKEN = [
    ("claims", set_cell(0, "value", "abc"), "data/claims.csv:2: value: 'abc' is not a number"),
    ("claims", set_cell(1, "unit", "furlongs"), "claims.csv:3: unit: 'furlongs' is not one of"),
    ("claims", set_cell(0, "topic", "sport"), "claims.csv:2: topic: 'sport' is not one of"),
    ("claims", set_cell(5, "unit", "percent"), "claims.csv:7: value: 7000 is above 100"),
    (
        "claims",
        set_cell(2, "value", "100.5", unit="percent"),
        "claims.csv:4: value: 100.5 is above",
    ),
    (
        "claims",
        set_cell(3, "claim_id", "karayel2024-trade-2021-total"),
        "claims.csv:5: claim_id: 'karayel2024-trade-2021-total' is a duplicate (first at line 4)",
    ),
    ("claims", set_cell(0, "paper", "smith2020"), "claims.csv:2: paper: 'smith2020' is not one"),
    ("claims", set_cell(0, "quote", ""), "claims.csv:2: quote: is required but empty"),
    ("claims", set_cell(5, "value", "7000.5"), "claims.csv:7: value: 7000.5 is not a whole"),
    ("claims", set_cell(5, "value", "-3"), "claims.csv:7: value: -3 is below 0"),
    ("claims", set_cell(2, "value", "-5.02"), "claims.csv:4: value: -5.02 is below 0"),
    ("claims", set_cell(1, "qualifier", "exact"), "claims.csv:3: qualifier: 'exact' breaks"),
    ("claims", set_cell(0, "qualifier", "roughly"), "claims.csv:2: qualifier: 'roughly' is not"),
    ("claims", set_cell(2, "claim_id", "hajizade2023-x"), "claims.csv:4: claim_id: 'hajizade"),
    ("claims", set_cell(2, "period", "2021/2002"), "claims.csv:4: period: '2021/2002' is not a"),
    ("claims", set_cell(2, "period", "21"), "claims.csv:4: period: '21' is not well formed"),
    ("claims", set_cell(2, "value", " 5.02"), "claims.csv:4: value: ' 5.02' has leading"),
    ("claims", set_cell(2, "value", "nan"), "claims.csv:4: value: 'nan' is not a finite"),
    ("events", set_cell(0, "date", "1992-13"), "events.csv:2: date: '1992-13' is not a real date"),
    ("events", set_cell(0, "date", "1992-02-30"), "events.csv:2: date: '1992-02-30' is not a real"),
    ("events", set_cell(1, "date", "05/1993"), "events.csv:3: date: '05/1993' is not well formed"),
    ("events", set_cell(1, "actors", "AM-AZ"), "events.csv:3: actors: 'AM-AZ' is not in order"),
    ("events", set_cell(1, "actors", "az-am"), "events.csv:3: actors: 'az-am' is not well formed"),
    ("events", set_cell(0, "date", "1993"), "events.csv:2: event_id: 'hajizade2023-1992-ties"),
    ("events", set_cell(2, "event", ""), "events.csv:4: event: is required but empty"),
    (
        "relations",
        set_cell(0, "inputs", "karayel2024-trade-2021-tr-exports karayel2024-nosuch"),
        "relations.csv:2: inputs: 'karayel2024-nosuch' does not exist in",
    ),
    ("relations", set_cell(0, "subject", "karayel2024-nosuch"), "relations.csv:2: subject: 'karay"),
    ("relations", set_cell(0, "kind", "ratio"), "relations.csv:2: kind: 'ratio' is not one of"),
    ("relations", set_cell(0, "kind", "same_rate"), "relations.csv:2: inputs: has 2 item(s)"),
    ("relations", set_cell(0, "kind", "not_comparable", reason=""), "relations.csv:2: reason: is"),
]


@pytest.mark.parametrize(("table", "edit", "expected"), BROKEN, ids=[b[2][:48] for b in BROKEN])
def test_each_broken_rule_names_file_line_and_column(package, table, edit, expected):
    rewrite(package.parent / f"{table}.csv", edit)
    found = problems(package)
    assert any(expected in p for p in found), found


def test_good_package_loads_with_types_and_printed_precision(package):
    data = ledger.load(package)
    total = data.claims.set_index("claim_id").loc["karayel2024-trade-2021-total"]
    # karayel2024 prints "5.02 billion dollars": the value and its two printed decimals.
    assert total["value"] == 5.02 and total["decimals"] == 2
    assert len(data.claims) == 6 and len(data.events) == 4 and len(data.papers) == 5


def test_percent_change_may_be_negative_or_above_100(package):
    rewrite(package.parent / "claims.csv", set_cell(0, "value", "-140"))
    assert ledger.load(package).claims.loc[0, "value"] == -140


RAW = [
    (
        "missing column",
        lambda t: t.replace(",cited_source", "", 1),
        "cited_source: column is missing",
    ),
    (
        "extra column",
        lambda t: t.replace("cited_source", "cited_source,notes", 1),
        "notes: unexpected column",
    ),
    (
        "short row",
        lambda t: t.replace(",OEC; Türkiye", "OEC; Türkiye", 1),
        # tests/data/good/claims.csv has 13 columns; the edit joins two of one row's cells.
        "row has 12 fields, the header has 13",
    ),
    ("stray quote", lambda t: t.replace(",2021,", ',"2021,', 1), "malformed CSV"),
    ("empty file", lambda t: "", "claims.csv:1: file is empty"),
    ("header only", lambda t: t.splitlines()[0] + "\n", None),
    ("not CSV", lambda t: "\x00\x01PK\x03\x04binary", "not a CSV text file"),
    ("JSON instead of CSV", lambda t: '{"claims": []}\n', "claim_id: column is missing"),
    ("row of commas", lambda t: t + ",,,,,,,,,,,,\n", "row is blank"),
]


@pytest.mark.parametrize(("case", "edit", "expected"), RAW, ids=[r[0] for r in RAW])
def test_malformed_files(package, case, edit, expected):
    path = package.parent / "claims.csv"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    if expected is None:  # a header with no rows is a valid, empty table
        relations = package.parent / "relations.csv"  # (whose rows name claims: empty it too)
        relations.write_text(relations.read_text(encoding="utf-8").splitlines()[0] + "\n", "utf-8")
        assert len(ledger.load(package).claims) == 0
        return
    found = problems(package)
    assert any(expected in p and "claims.csv" in p for p in found), found


def test_not_utf8_names_the_line(package):
    # The first "Türkiye" of the fixture is on line 4 (karayel2024's trade total).
    path = package.parent / "claims.csv"
    path.write_bytes(
        path.read_bytes().replace("Türkiye".encode(), "T\xfcrkiye".encode("latin-1"), 1)
    )
    assert any("claims.csv:4: not UTF-8 text" in p for p in problems(package))


@pytest.mark.parametrize(
    "transform",
    [
        lambda b: b"\xef\xbb\xbf" + b,  # UTF-8 BOM
        lambda b: b.replace(b"\n", b"\r\n"),  # Windows line endings
        lambda b: b + b"\n",  # a trailing blank line
    ],
    ids=["bom", "crlf", "blank-line"],
)
def test_harmless_variants_give_identical_tables(package, transform):
    before = ledger.load(package)
    for name in ("claims.csv", "events.csv"):
        path = package.parent / name
        path.write_bytes(transform(path.read_bytes()))
    after = ledger.load(package)
    assert before.claims.equals(after.claims) and before.events.equals(after.events)


def test_every_problem_is_reported_not_just_the_first(package):
    def edit(rows):
        rows[0]["value"] = "abc"
        rows[3]["unit"] = "furlongs"

    rewrite(package.parent / "claims.csv", edit)
    found = problems(package)
    assert len(found) == 2 and "claims.csv:2:" in found[0] and "claims.csv:5:" in found[1]


def test_foreign_key_to_papers(package):
    # papers.csv loses a paper that a claim cites: the foreign key names the missing key.
    rewrite(
        package.parent / "papers.csv", lambda rows: [r for r in rows if r["key"] != "amity2023"]
    )
    assert any("'amity2023' does not exist in" in p for p in problems(package))


def test_summary_counts_claims_events_papers_and_topics(package):
    line = ledger.summary(ledger.load(package))
    # The fixture: 6 claims (3 trade, 1 energy, 1 arms, 1 military), 4 events, 5 papers.
    assert line == (
        "ok: 6 claims, 4 events, 5 papers; claims per topic: arms 1, energy 1, military 1, trade 3"
    )


@pytest.mark.parametrize(("text", "places"), [("4.10", 2), ("18.5", 1), ("7000", 0)])
def test_decimals_counts_printed_places(text, places):
    assert ledger.decimals(text) == places


def test_real_package_is_valid():
    data = ledger.load()
    assert len(data.claims) > 70 and len(data.events) > 120
    assert set(data.claims["paper"]) == set(data.papers["key"])


def test_frictionless_itself_accepts_the_package():
    # What a reader who downloads data/ runs: the same schemas, checked by Frictionless.
    from frictionless import Package

    report = Package(str(paths.DATAPACKAGE)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "note"])[:10]


def test_frictionless_rejects_what_our_validator_rejects(package):
    from frictionless import Package

    rewrite(package.parent / "claims.csv", set_cell(0, "value", "abc"))
    report = Package(str(package)).validate()
    assert not report.valid
    assert [2, "value"] in report.flatten(["rowNumber", "fieldName"])


def test_an_event_link_naming_an_unknown_event(package):
    links = package.parent / "event_links.csv"
    links.write_text(
        links.read_text(encoding="utf-8")
        + "x,amity2023-2010-mavi-marmara-incident hajizade2023-2010-nosuch,yes,\n",
        encoding="utf-8",
    )
    found = problems(package)
    assert any(
        "event_links.csv:2: events: 'hajizade2023-2010-nosuch' does not exist" in p for p in found
    ), found


def test_dates_that_disagree_must_say_why(package):
    links = package.parent / "event_links.csv"
    links.write_text(
        links.read_text(encoding="utf-8")
        + "x,amity2023-1993-israel-embassy-baku hajizade2023-1993-kelbajar-occupied,no,\n",
        encoding="utf-8",
    )
    assert any("event_links.csv:2: reason: is empty" in p for p in problems(package))


def test_a_lazy_ledger_reads_only_the_tables_used_and_those_their_keys_name(package):
    data = ledger.load(package, lazy=True)
    # Tables claims does not name are unreadable: reading them would fail.
    for name in ("event_links.csv", "schemas/official_figures.json", "reference/sipri_tiv.csv"):
        (package.parent / name).unlink()
    assert len(data.claims) == 6  # claims name papers (a foreign key): both are read
    (package.parent / "claims.csv").unlink()  # validated already: not read again for relations
    (package.parent / "schemas/claims.json").unlink()
    assert len(data.tables["relations"]) > 0
    with pytest.raises(DataError, match="schemas/official_figures.json: file not found"):
        _ = data.tables["official_figures"]


def test_a_lazy_ledger_validates_what_it_reads(package):
    rewrite(package.parent / "events.csv", set_cell(0, "date", "1992-13"))
    data = ledger.load(package, lazy=True)
    assert len(data.claims) == 6  # the broken events table is not read for claims
    with pytest.raises(DataError, match="events.csv:2: date: '1992-13' is not a real date"):
        _ = data.events
    with pytest.raises(DataError, match="events.csv:2: date"):
        ledger.load(package)  # not lazy: the whole package is validated at once


def test_a_lazy_ledger_validates_the_tables_its_keys_name(package):
    rewrite(package.parent / "papers.csv", set_cell(0, "title", ""))
    data = ledger.load(package, lazy=True)
    with pytest.raises(DataError, match="papers.csv:2: title: is required but empty"):
        _ = data.claims


def test_the_tables_mapping_lists_every_resource_and_knows_no_other(package):
    data = ledger.load(package, lazy=True)
    names = [r["name"] for r in data.descriptor["resources"]]
    assert list(data.tables) == names and len(data.tables) == len(names)
    assert data.tables.get("no_such_table") is None
    assert data.tables["sipri_tiv"].equals(ledger.load(package).tables["sipri_tiv"])


# A row written twice in a reference table: (file, row copied, its primary key's columns).
DUPLICATED = [
    ("reference/sipri_tiv.csv", 3, ["supplier", "recipient", "year"]),
    ("reference/official_figures.csv", 0, ["figure_id"]),
]


def duplicate_row(path: Path, index: int, key: list[str]) -> str:
    """Append a copy of data row `index`; return the one problem the copy must raise."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rewrite(path, lambda rows: [*rows, rows[index]])
    values = tuple(rows[index][k] for k in key)
    shown = values[0] if len(values) == 1 else values  # one column: its value, not a tuple
    first, copy = index + 2, len(rows) + 2  # no cell of these tables spans two lines
    return f"{path}:{copy}: {', '.join(key)}: {shown!r} is a duplicate (first at line {first})"


@pytest.mark.parametrize(("name", "index", "key"), DUPLICATED, ids=[d[0] for d in DUPLICATED])
def test_a_duplicated_row_breaks_the_primary_key(package, name, index, key):
    expected = duplicate_row(package.parent / name, index, key)
    assert problems(package) == [expected]


@pytest.mark.parametrize(("name", "index", "key"), DUPLICATED, ids=[d[0] for d in DUPLICATED])
def test_check_reports_a_duplicated_row_in_one_line_and_exits_2(package, capsys, name, index, key):
    from claimbook import cli

    expected = duplicate_row(package.parent / name, index, key)
    assert cli.main(["check", "--package", str(package)]) == 2
    assert capsys.readouterr().err.splitlines() == [expected, "claimbook check: 1 problem(s) found"]


def test_a_quoted_cell_over_two_lines_keeps_the_line_numbers(package):
    # The quote of the first claim spans lines 2-3: the second claim starts on line 4.
    def edit(rows):
        rows[0]["quote"] = rows[0]["quote"].replace(" ", "\n", 1)
        rows[1]["value"] = "abc"

    rewrite(package.parent / "claims.csv", edit)
    assert any("claims.csv:4: value: 'abc' is not a number" in p for p in problems(package))


def schema_of(package: Path, name: str) -> Path:
    return package.parent / "schemas" / f"{name}.json"


# Files Frictionless could not open or use, each one plain line: (file, its content, problem).
UNUSABLE = [
    ("datapackage.json", None, "datapackage.json: file not found"),
    ("datapackage.json", "{", "datapackage.json: not valid JSON"),
    ("datapackage.json", "[]", "datapackage.json: not a JSON object"),
    ("schemas/claims.json", None, "claims.json: file not found"),
    ("schemas/claims.json", '{"fields": "x"}', "claims.json: not a valid Table Schema"),
    ("schemas/papers.json", '{"fields": [{"name": "key", "type": "word"}]}', 'type "word"'),
    ("papers.csv", None, "papers.csv: file not found"),
    ("papers.csv", "key,author,key\n", "papers.csv:1: key: column appears more than once"),
    ("papers.csv", "key,author\n", "papers.csv:1: title: column is missing from the header"),
]


@pytest.mark.parametrize(("name", "text", "expected"), UNUSABLE, ids=[u[2] for u in UNUSABLE])
def test_an_unusable_file_is_one_plain_line(package, name, text, expected):
    path = package.parent / name
    if text is None:
        path.unlink()
    else:
        path.write_text(text, encoding="utf-8")
    found = problems(package)
    assert any(expected in p for p in found) and not any("Traceback" in p for p in found), found


def test_columns_out_of_the_schemas_order_are_named(package):
    path = package.parent / "reference" / "sipri_measures.csv"
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
    path.write_text("".join(",".join([r[1], r[0], *r[2:]]) + "\n" for r in rows), "utf-8")
    order = "measure, computation, supplier, recipient"
    assert problems(package) == [f"{path}:1: columns are not in the schema's order: {order}"]


def test_a_foreign_key_to_an_unknown_table_names_the_schema(package):
    path = schema_of(package, "claims")
    path.write_text(path.read_text(encoding="utf-8").replace('"papers"', '"writings"'), "utf-8")
    assert problems(package) == [
        f"{path}: no table 'writings'; tables: papers, claims, events, relations, event_links, "
        "sipri_tiv, official_figures, sipri_measures"
    ]


@pytest.mark.parametrize(
    ("names", "closed"),
    [
        (["claims"], ["papers", "claims"]),  # a foreign key
        # list keys to claims and (a duration's start and end) events, then foreign keys
        (["relations"], ["papers", "claims", "events", "relations"]),
        (["event_links"], ["papers", "events", "event_links"]),  # a list key, then a foreign key
        (["sipri_tiv"], ["sipri_tiv"]),  # names no other table
        (["sipri_tiv", "papers"], ["papers", "sipri_tiv"]),  # in the descriptor's order
        ([], []),
    ],
)
def test_closure_adds_the_tables_keys_name(package, names, closed):
    assert ledger.closure(package, names) == closed


def test_closure_of_an_unknown_table(package):
    with pytest.raises(DataError) as e:
        ledger.closure(package, ["claims", "nosuch"])
    assert e.value.problems == [
        f"{package}: no table 'nosuch'; tables: papers, claims, events, relations, event_links, "
        "sipri_tiv, official_figures, sipri_measures"
    ]


def test_resource_files_are_the_descriptor_and_each_tables_csv_and_schema(package):
    data = package.parent
    assert ledger.resource_files(package, ["claims"]) == [
        package,
        data / "papers.csv",
        data / "schemas" / "papers.json",
        data / "claims.csv",
        data / "schemas" / "claims.json",
    ]


def test_resource_files_are_all_a_reader_of_the_tables_needs(package):
    needed = set(ledger.resource_files(package, ["relations"]))
    for path in package.parent.rglob("*"):
        if path.is_file() and path not in needed:
            path.unlink()
    assert len(ledger.load(package, tables=["relations"]).tables["relations"]) > 0


@pytest.mark.parametrize("lazy", [True, False])
def test_a_ledger_restricted_to_tables_refuses_any_other(package, lazy):
    data = ledger.load(package, lazy=lazy, tables=["claims"], reader="arms")
    assert len(data.claims) == 6 and len(data.papers) == 5  # claims name papers: allowed
    message = (
        "notebook 'arms' reads table 'events' but does not declare it; "
        "add it to its tables in the notebook registry"
    )
    with pytest.raises(UndeclaredTableError) as e:
        _ = data.events
    assert str(e.value) == message
    with pytest.raises(UndeclaredTableError, match="reads table 'sipri_tiv'"):
        _ = data.tables["sipri_tiv"]


def test_a_restricted_ledger_validates_its_tables_when_loaded_unless_lazy(package):
    rewrite(package.parent / "papers.csv", set_cell(0, "title", ""))
    data = ledger.load(package, lazy=True, tables=["claims"])  # nothing read yet
    with pytest.raises(DataError, match="papers.csv:2: title: is required but empty"):
        _ = data.claims
    with pytest.raises(DataError, match="papers.csv:2: title: is required but empty"):
        ledger.load(package, tables=["claims"])
    assert len(ledger.load(package, tables=["sipri_tiv"]).tables["sipri_tiv"]) > 0


RESOURCES = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))["resources"]


@pytest.mark.parametrize("resource", RESOURCES, ids=[r["name"] for r in RESOURCES])
def test_every_table_has_a_primary_key_of_required_columns(resource):
    # A key with an empty cell identifies nothing: every key column must be filled in.
    schema = json.loads((paths.DATA / resource["schema"]).read_text(encoding="utf-8"))
    required = {f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required")}
    assert schema["primaryKey"] and set(schema["primaryKey"]) <= required


# Stamps of tables that passed (`checked`): a build validates once, its notebooks reuse it.


def test_a_stamped_table_is_read_without_validating_it_again(package, tmp_path, monkeypatch):
    checked = tmp_path / "checked"
    validated = ledger.load(package, checked=checked)  # it passes: every table stamped
    assert len(list(checked.iterdir())) == len(validated.names())

    def no_validation(*args):
        raise AssertionError("validated again")

    monkeypatch.setattr(ledger, "_problems", no_validation)
    data = ledger.load(package, lazy=True, checked=checked)
    assert data.claims.equals(validated.claims)
    assert data.tables["relations"].equals(validated.tables["relations"])


@pytest.mark.parametrize(
    "edit",
    [
        lambda package: rewrite(package.parent / "events.csv", set_cell(0, "date", "1992-13")),
        # The schema changes, the CSV does not: the stamp covers the schema files too.
        lambda package: schema_of(package, "events").write_text(
            schema_of(package, "events")
            .read_text(encoding="utf-8")
            .replace('"name": "date"', '"name": "day"'),
            encoding="utf-8",
        ),
    ],
    ids=["a cell", "the schema"],
)
def test_a_table_edited_after_it_was_stamped_is_validated_again(package, tmp_path, edit):
    checked = tmp_path / "checked"
    ledger.load(package, checked=checked)
    edit(package)
    data = ledger.load(package, lazy=True, checked=checked)
    with pytest.raises(DataError, match="events.csv"):
        _ = data.events


def test_a_table_that_failed_is_not_stamped(package, tmp_path):
    rewrite(package.parent / "events.csv", set_cell(0, "date", "1992-13"))
    checked = tmp_path / "checked"
    data = ledger.load(package, lazy=True, checked=checked)
    with pytest.raises(DataError):
        _ = data.events
    assert len(data.claims) == 6
    stamped = {p.name for p in checked.iterdir()}
    assert ledger.stamp(package, "claims") in stamped
    assert ledger.stamp(package, "events") not in stamped


def test_an_unwritable_stamp_folder_still_validates(package, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")  # a file where the folder would go: the stamps cannot be written
    rewrite(package.parent / "events.csv", set_cell(0, "date", "1992-13"))
    assert len(ledger.load(package, lazy=True, checked=blocker / "checked").claims) == 6
    with pytest.raises(DataError, match="events.csv:2: date"):
        ledger.load(package, checked=blocker / "checked")
