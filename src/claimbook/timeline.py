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
