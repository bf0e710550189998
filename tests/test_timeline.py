"""The timeline merges the same event told by several papers and filters by year and row."""

from __future__ import annotations

import pandas as pd
import pytest

from claimbook import timeline

PAPERS = pd.DataFrame({"key": ["a2020", "b2021"], "short": ["A 2020", "B 2021"]})
EVENTS = pd.DataFrame(
    {
        "event_id": ["a2020-2021-x", "b2021-2021-x", "a2020-1993-y", "b2021-2010-z"],
        "paper": ["a2020", "b2021", "a2020", "b2021"],
        "date": ["2021-06-15", "2021-06-15", "1993", "2010"],
        "actors": ["AZ-TR", "AZ-TR", "TR-AM", "TR-IL"],
        "event": ["Shusha Declaration signed.", "Shusha Declaration.", "Border closed.", "Raid."],
    }
)


def merged(**kw):
    args = dict(
        year_from=1900,
        year_to=2025,
        relationships=list(timeline.RELATIONSHIPS),
        keep_papers=["a2020", "b2021"],
    )
    args.update(kw)
    return timeline.merge(EVENTS, PAPERS, **args)


def test_same_date_and_parties_from_two_papers_is_one_event_naming_both():
    m = merged()
    row = m[m["date"] == "2021-06-15"].iloc[0]
    assert len(m) == 3 and row["n_papers"] == 2 and row["papers"] == "A 2020, B 2021"


def test_other_parties_go_to_the_other_row_and_rows_follow_the_declared_order():
    assert list(merged()["relationship"]) == ["AZ-TR", "TR-IL", "other"]


@pytest.mark.parametrize(
    ("kw", "dates"),
    [
        ({"year_from": 2000}, ["2021-06-15", "2010"]),
        ({"year_to": 2000}, ["1993"]),
        ({"relationships": ["TR-IL"]}, ["2010"]),
        ({"keep_papers": ["a2020"]}, ["2021-06-15", "1993"]),
    ],
)
def test_filters(kw, dates):
    assert list(merged(**kw)["date"]) == dates


@pytest.mark.parametrize(
    ("date", "position"),
    [("2010", 2010.5), ("2010-07", 2010 + 6.5 / 12), ("2010-01-01", 2010 + 0.5 / 365)],
)
def test_year_float_places_a_date_within_its_year(date, position):
    assert timeline.year_float(date) == pytest.approx(position)
