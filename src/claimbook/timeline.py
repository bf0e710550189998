"""The timeline: events by relationship, merged across the papers that tell them."""

from __future__ import annotations

import pandas as pd

from .params import RELATIONSHIPS


def relationship(actors: str) -> str:
    """The timeline row of an event's actors: one of RELATIONSHIPS."""
    return actors if actors in RELATIONSHIPS else "other"


def year_float(date: str) -> float:
    """A date as a position on a year axis: mid-year, mid-month or the day."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return parts[0] + 0.5
    if len(parts) == 2:
        return parts[0] + (parts[1] - 0.5) / 12
    return parts[0] + (parts[1] - 1) / 12 + (parts[2] - 0.5) / 365


def told_by_several(links: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The links of data/event_links.csv that join tellings by two or more papers among
    `events` (one paper telling an event twice is a repetition, not another paper's telling),
    each with `ids`: its events present in `events`. The one count of "events several papers
    tell" the timeline and consistency pages both give."""
    paper = events.set_index("event_id")["paper"]
    ids = [[i for i in e.split() if i in paper.index] for e in links["events"]]
    several = [len({paper[i] for i in group}) >= 2 for group in ids]
    return links.assign(ids=ids)[several].reset_index(drop=True)


def merge(
    events: pd.DataFrame,
    papers: pd.DataFrame,
    year_from: int,
    year_to: int,
    relationships: list[str],
    keep_papers: list[str],
) -> pd.DataFrame:
    """Events of the chosen papers, years and relationships; one row per (date, actors), with
    every paper that tells it. Sorted by relationship (in RELATIONSHIPS order), then date."""
    e = events[events["paper"].isin(keep_papers)].copy()
    e["year"] = e["date"].str[:4].astype(int)
    e = e[(e["year"] >= year_from) & (e["year"] <= year_to)]
    e["relationship"] = e["actors"].map(relationship)
    e = e[e["relationship"].isin(relationships)]
    short = papers.set_index("key")["short"]
    rows = []
    for (date, actors), g in e.groupby(["date", "actors"], sort=False):
        rows.append(
            {
                "date": date,
                "actors": actors,
                "relationship": g["relationship"].iloc[0],
                "event": " / ".join(dict.fromkeys(g["event"])),
                "papers": ", ".join(short[p] for p in dict.fromkeys(g["paper"])),
                "first_paper": g["paper"].iloc[0],
                "n_papers": g["paper"].nunique(),
                "year_float": year_float(date),
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
