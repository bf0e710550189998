"""The timeline: events by relationship, merged across the papers that tell them."""

from __future__ import annotations

import re

import pandas as pd

from .params import RELATIONSHIPS


def relationship(actors: str) -> str:
    """The timeline row of an event's actors: one of RELATIONSHIPS."""
    return actors if actors in RELATIONSHIPS else "other"


# Words a paper uses for a part of a year ("in early 1993", "at the end of 2020", "in the
# autumn of 2022"), and the months each covers (first, last): a year-only date in events.csv
# that its quote places so is drawn within those months, not at mid-year.
PARTS = {
    "early": (1, 4),
    "beginning of": (1, 3),
    "spring of": (3, 5),
    "summer of": (6, 8),
    "autumn of": (9, 11),
    "fall of": (9, 11),
    "late": (9, 12),
    "end of": (10, 12),
}


def part_of_year(date: str, quote: str = "") -> str:
    """The words of `PARTS` the quote puts before a year-only date's year ("early", "end of"),
    or "" (a more precise date, or a quote that gives none)."""
    if len(date) != 4:
        return ""
    for words in PARTS:
        if re.search(rf"\b{words}(?: the year)? {date}\b", quote, flags=re.IGNORECASE):
            return words
    return ""


def span(date: str, quote: str = "") -> tuple[float, float]:
    """What a date covers on a year axis, as precise as the text gives it: the year, the part
    of it the quote names, the month, or the day."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        first, last = PARTS.get(part_of_year(date, quote), (1, 12))
        return parts[0] + (first - 1) / 12, parts[0] + last / 12
    if len(parts) == 2:
        return parts[0] + (parts[1] - 1) / 12, parts[0] + parts[1] / 12
    day = parts[0] + (parts[1] - 1) / 12 + (parts[2] - 1) / 365
    return day, day + 1 / 365


def year_float(date: str, quote: str = "") -> float:
    """A date as a position on a year axis: the middle of what it covers (`span`): mid-year,
    the middle of the part of the year its quote names, mid-month, or the day."""
    first, last = span(date, quote)
    return (first + last) / 2


def when_words(date: str, quote: str = "") -> str:
    """A date as the text gives it: "2020", "end of 2020", "1994-02-09"."""
    part = part_of_year(date, quote)
    return f"{part} {date}" if part else date


def told_by_several(links: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The links of data/event_links.csv that join tellings by two or more papers among
    `events` (one paper telling an event twice is a repetition, not another paper's telling),
    each with `ids`: its events present in `events`. The one count of "events several papers
    tell" the timeline and consistency pages both give."""
    paper = events.set_index("event_id")["paper"]
    ids = [[i for i in e.split() if i in paper.index] for e in links["events"]]
    several = [len({paper[i] for i in group}) >= 2 for group in ids]
    return links.assign(ids=ids)[several].reset_index(drop=True)


def joined(links: pd.DataFrame) -> dict[str, list[str]]:
    """Event id -> the links it belongs to. A telling may belong to two: Ismayilov's 1994 Ankara
    documents are both Aliyev's visit and the investment agreement signed on it, which Karayel
    dates to 1995. Each link stays its own event (merging the two would set Karayel's 1995 for
    the agreement beside the visit, as if Karayel dated the visit so)."""
    out: dict[str, list[str]] = {}
    for link, ids in zip(links["link_id"], links["events"], strict=True):
        for i in ids.split():
            out.setdefault(i, []).append(link)
    return out


def merge(
    events: pd.DataFrame,
    papers: pd.DataFrame,
    links: pd.DataFrame,
    year_from: int,
    year_to: int,
    relationships: list[str],
    keep_papers: list[str],
) -> pd.DataFrame:
    """Events of the chosen papers, years and relationships; one row per event: the tellings
    a link of data/event_links.csv joins are one row naming every paper (with its date where
    they date it differently), any other telling its own row however close its date and
    parties (two events of one day are not one event). Sorted by relationship (RELATIONSHIPS
    order), then the earliest date."""
    e = events[events["paper"].isin(keep_papers)].copy()
    e["year"] = e["date"].str[:4].astype(int)
    e = e[(e["year"] >= year_from) & (e["year"] <= year_to)]
    e["relationship"] = e["actors"].map(relationship)
    e = e[e["relationship"].isin(relationships)]
    e["year_float"] = e["date"].map(year_float)
    group = joined(links)
    e["group"] = [group.get(i, [i]) for i in e["event_id"]]
    e = e.explode("group")  # a telling in two links is in both events
    short = papers.set_index("key")["short"]
    rows = []
    for _, g in e.sort_values(["year_float", "date"], kind="stable").groupby("group", sort=False):
        alike = g["date"].nunique() == 1
        told = zip(g["paper"], g["date"], strict=True)
        tellers = dict.fromkeys(short[p] if alike else f"{short[p]} ({d})" for p, d in told)
        rows.append(
            {
                "date": g["date"].iloc[0],
                "actors": g["actors"].iloc[0],
                "relationship": g["relationship"].iloc[0],
                "event": g["event"].iloc[0],
                "papers": ", ".join(tellers),
                "first_paper": g["paper"].iloc[0],
                "n_papers": g["paper"].nunique(),
                "year_float": g["year_float"].iloc[0],
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "date",
            "actors",
            "relationship",
            "event",
            "papers",
            "first_paper",
            "n_papers",
            "year_float",
        ],
    )
    order = {r: i for i, r in enumerate(RELATIONSHIPS)}
    out["_o"] = out["relationship"].map(order)
    return out.sort_values(["_o", "year_float", "date"]).drop(columns="_o").reset_index(drop=True)
