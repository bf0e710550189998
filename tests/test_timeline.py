"""The timeline merges the tellings each link of data/event_links.csv joins (and nothing else)
into one event, and filters by year and row."""

from __future__ import annotations

import pandas as pd
import pytest

from claimbook import timeline

PAPERS = pd.DataFrame({"key": ["a2020", "b2021"], "short": ["A 2020", "B 2021"]})
EVENTS = pd.DataFrame(
    {
        "event_id": [
            "a2020-2021-x",
            "b2021-2021-x",
            "a2020-1993-y",
            "b2021-2010-z",
            "b2021-1994-y",
            "b2021-2021-w",
        ],
        "paper": ["a2020", "b2021", "a2020", "b2021", "b2021", "b2021"],
        "date": ["2021-06-15", "2021-06-15", "1993", "2010", "1994", "2021-06-15"],
        "actors": ["AZ-TR", "AZ-TR", "TR-AM", "TR-IL", "TR-AM", "AZ-TR"],
        "event": [
            "Shusha Declaration signed.",
            "Shusha Declaration.",
            "Border closed.",
            "Raid.",
            "Border closure.",
            "A summit held.",
        ],
    }
)
LINKS = pd.DataFrame(
    {
        "link_id": ["shusha", "border"],
        "events": ["a2020-2021-x b2021-2021-x", "a2020-1993-y b2021-1994-y"],
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
    return timeline.merge(EVENTS, PAPERS, LINKS, **args)


def test_linked_tellings_are_one_event_naming_each_paper_and_its_date_where_they_differ():
    m = merged()
    # Six tellings, two links of two: four events.
    assert len(m) == 4
    shusha = m[m["event"] == "Shusha Declaration signed."].iloc[0]
    assert shusha["n_papers"] == 2 and shusha["papers"] == "A 2020, B 2021"
    border = m[m["event"] == "Border closed."].iloc[0]
    assert border["date"] == "1993" and border["papers"] == "A 2020 (1993), B 2021 (1994)"


def test_an_unlinked_event_of_the_same_day_and_parties_stays_its_own_row():
    m = merged()
    assert list(m[m["date"] == "2021-06-15"]["event"]) == [
        "Shusha Declaration signed.",
        "A summit held.",
    ]


def test_other_parties_go_to_the_other_row_and_rows_follow_the_declared_order():
    assert list(merged()["relationship"]) == ["AZ-TR", "AZ-TR", "TR-IL", "other"]


@pytest.mark.parametrize(
    ("kw", "dates"),
    [
        ({"year_from": 2000}, ["2021-06-15", "2021-06-15", "2010"]),
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


def test_a_telling_two_links_share_is_in_both_events_and_the_links_stay_apart():
    links = pd.DataFrame({"link_id": ["visit", "deal", "other"], "events": ["a b", "c b", "d e"]})
    assert timeline.joined(links) == {
        "a": ["visit"],
        "b": ["visit", "deal"],
        "c": ["deal"],
        "d": ["other"],
        "e": ["other"],
    }
    # ismayilov2025 tells the Ankara documents of 9 February 1994 (the investment agreement
    # among them) as part of Aliyev's visit; karayel2024 dates the investment agreement to
    # 1995. The visit's row names only the visit's tellings; the agreement's row both dates.
    events = pd.DataFrame(
        {
            "event_id": ["k-visit", "i-visit", "i-docs", "k-deal"],
            "paper": ["a2020", "b2021", "b2021", "a2020"],
            "date": ["1994-02", "1994-02-08", "1994-02-09", "1995"],
            "actors": ["AZ-TR"] * 4,
            "event": ["Visit.", "First visit.", "Documents signed.", "Investment agreement."],
        }
    )
    links = pd.DataFrame(
        {"link_id": ["visit", "deal"], "events": ["k-visit i-visit i-docs", "k-deal i-docs"]}
    )
    m = timeline.merge(
        events, PAPERS, links, 1900, 2025, list(timeline.RELATIONSHIPS), ["a2020", "b2021"]
    )
    # Each row is told first by its earliest telling.
    assert list(m["event"]) == ["First visit.", "Documents signed."]
    visit, deal = m.iloc[0], m.iloc[1]
    assert visit["papers"] == "B 2021 (1994-02-08), B 2021 (1994-02-09), A 2020 (1994-02)"
    assert deal["papers"] == "B 2021 (1994-02-09), A 2020 (1995)"


@pytest.mark.parametrize(
    ("date", "quote", "first", "last"),
    [
        # data/events.csv: karayel2024 "to TAP at the end of 2020" (stored as 2020): October to
        # December; hajizade2023 "in early 1993": January to April; a bare year: all of it.
        ("2020", "to TAP at the end of 2020", 2020 + 9 / 12, 2021),
        ("1993", "in early 1993, as a sign of solidarity", 1993, 1993 + 4 / 12),
        ("2022", "observed in the autumn of 2022 when", 2022 + 8 / 12, 2022 + 11 / 12),
        ("2021", "began transporting Azerbaijani gas to Europe in 2021.", 2021, 2022),
        ("1993-01", "in January 1993", 1993, 1993 + 1 / 12),
    ],
)
def test_a_date_covers_what_its_words_allow(date, quote, first, last):
    assert timeline.span(date, quote) == pytest.approx((first, last))
    assert timeline.year_float(date, quote) == pytest.approx((first + last) / 2)
