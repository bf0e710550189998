"""Parameters are checked before papermill runs: each bad value is a one-line error naming it."""

from __future__ import annotations

import pytest

from claimbook import papers, params, paths, runner
from claimbook.errors import ParameterError

# (notebook, overrides, fragment of the one-line error)
BAD = [
    ("timeline", {"yaer_from": "2000"}, "unknown parameter 'yaer_from'; known parameters:"),
    (
        "timeline",
        {"year_from": "two thousand"},
        "parameter 'year_from': 'two thousand' is not a int",
    ),
    ("timeline", {"year_from": "1700"}, "parameter 'year_from': 1700 is below 1800"),
    ("timeline", {"year_to": "2200"}, "parameter 'year_to': 2200 is above 2100"),
    ("timeline", {"year_from": "2020", "year_to": "2010"}, "the range 2020–2010 is reversed"),
    ("timeline", {"relationships": "AZ-TR,XX-YY"}, "'XX-YY' is not allowed; allowed: AZ-TR"),
    ("trade", {"papers": "smith2020"}, "parameter 'papers': 'smith2020' is not allowed"),
    ("audit", {"paper": "karayel2025"}, "parameter 'paper': 'karayel2025' is not allowed"),
    ("surveys", {"sample_size": "0"}, "parameter 'sample_size': 0 is below 10"),
    ("surveys", {"sample_size": "12.5"}, "parameter 'sample_size': '12.5' is not a int"),
    ("surveys", {"confidence": "0.5"}, "parameter 'confidence': 0.5 is not allowed"),
    ("surveys", {"confidence": "high"}, "parameter 'confidence': 'high' is not a float"),
    ("surveys", {"sample_size": True}, "parameter 'sample_size': True is not a int"),
    ("nosuch", {}, "unknown notebook 'nosuch'; notebooks: arms, audit"),
]


@pytest.mark.parametrize(("name", "overrides", "expected"), BAD, ids=[b[2][:40] for b in BAD])
def test_bad_parameters_give_one_line_naming_the_parameter(name, overrides, expected):
    with pytest.raises(ParameterError) as e:
        runner.job(name, overrides)
    message = str(e.value)
    assert expected in message and "\n" not in message


@pytest.mark.parametrize(
    ("name", "overrides", "expected"),
    [
        ("timeline", {"year_from": "2000"}, {"year_from": 2000}),
        ("timeline", {"relationships": "AZ-TR, TR-IL"}, {"relationships": ["AZ-TR", "TR-IL"]}),
        ("surveys", {"confidence": "0.99", "sample_size": 400}, {"confidence": 0.99}),
        ("surveys", {"confidence": 0.9}, {"confidence": 0.9}),
    ],
)
def test_good_values_are_coerced_to_the_declared_type(name, overrides, expected):
    values = runner.job(name, overrides).parameters
    assert {k: values[k] for k in expected} == expected


def test_a_non_default_run_is_its_own_page_and_the_command_names_its_parameters():
    job = runner.job("timeline", {"year_from": "2000", "relationships": "AZ-TR,TR-IL"})
    assert job.page.startswith("run/timeline-")
    assert params.command("timeline", job.parameters) == (
        "claimbook run timeline -p year_from 2000 -p relationships AZ-TR,TR-IL"
    )
    assert runner.job("timeline", {}).page == "notebooks/timeline"


def test_the_grid_runs_every_notebook_and_the_audit_once_per_paper():
    pages = [j.page for j in runner.grid()]
    assert len(pages) == len(set(pages))
    assert {f"notebooks/audit/{k}" for k in papers.keys()} <= set(pages)
    assert {f"notebooks/{n}" for n in params.NOTEBOOKS if n != "audit"} <= set(pages)


def test_list_describes_every_parameter_with_type_default_and_allowed_values():
    text = params.describe_all()
    for nb in params.NOTEBOOKS.values():
        assert f"{nb.name}: {nb.title}" in text
        for p in nb.params:
            assert f"-p {p.name} ({p.type_name()}, default {p.default!r})" in text


def test_timeline_relationships_match_the_timeline_module():
    from claimbook import timeline

    assert timeline.RELATIONSHIPS is params.RELATIONSHIPS


ARMS = [
    ({"window": "2019-2015"}, "parameter 'window': the window 2019-2015 is reversed"),
    ({"window": "15-19"}, "parameter 'window': '15-19' is not a window"),
    ({"window": "1900-1910"}, "parameter 'window': the window 1900-1910 lies outside"),
    ({"recipient": "Türkiye"}, "parameter 'recipient': 'Türkiye' is not a country in SIPRI"),
    ({"supplier": "Atlantis"}, "parameter 'supplier': 'Atlantis' is not a country in SIPRI"),
    ({"sipri_register": "/no/such/register.csv"}, "parameter 'sipri_register': /no/such"),
    ({"sipri_register": "README.md"}, "parameter 'sipri_register': README.md:1: not a SIPRI"),
]


@pytest.mark.parametrize(("overrides", "expected"), ARMS, ids=[a[1][:40] for a in ARMS])
def test_bad_arms_parameters(overrides, expected):
    with pytest.raises(ParameterError) as e:
        runner.job("arms", overrides)
    assert expected in str(e.value) and "\n" not in str(e.value)


def test_a_real_register_is_a_valid_arms_parameter():

    small = paths.ROOT / "tests" / "data" / "sipri_register_small.csv"
    assert runner.job("arms", {"sipri_register": str(small)}).parameters["sipri_register"]


def test_a_path_parameter_is_made_absolute_where_it_is_given(monkeypatch):
    # The kernel runs in notebooks/: a path relative to the reader's shell must not move.
    monkeypatch.chdir(paths.ROOT / "tests")
    job = runner.job("arms", {"sipri_register": "data/sipri_register_small.csv"})
    assert job.parameters["sipri_register"] == str(
        paths.ROOT / "tests" / "data" / "sipri_register_small.csv"
    )


def test_every_audit_pages_command_names_its_paper_even_the_default_one():
    # The audit notebook's default paper is karayel2024 (params.py): its page's command used
    # to read `claimbook run audit`, while hajizade2023's named its paper.
    for key in papers.keys():
        job = runner.job("audit", {"paper": key})
        assert f"-p paper {key}" in params.command("audit", job.parameters), key


def test_an_empty_parameter_is_said_in_words_in_the_parameters_box():
    from claimbook.book import shown_value

    # papers' help: "papers to show (citation keys; empty: all of data/papers.csv)".
    assert shown_value([], params.NOTEBOOKS["students"].param("papers").help) == (
        "*empty: all of data/papers.csv*"
    )
    assert shown_value(["karayel2024", "amity2023"]) == "`karayel2024, amity2023`"
