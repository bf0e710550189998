"""The timeline: every dated event as a dot strip, the events several papers tell named, the
empty decades compressed; a dumbbell of the events two papers date differently; the table."""

from __future__ import annotations

from typing import Any

import pandas as pd
from IPython.display import HTML, Markdown

from .. import charts, params, tables
from .. import timeline as tl
from ..timeline import year_float
from .base import Page


class TimelinePage(Page):
    def events(self) -> pd.DataFrame:
        """The events of the page's papers, years and relationships (one row per paper's)."""
        p = self.parameters
        e = self.data.events.copy()
        e = e[e["paper"].isin(self.selected_papers())]
        e["year"] = e["date"].str[:4].astype(int)
        e = e[(e["year"] >= p["year_from"]) & (e["year"] <= p["year_to"])]
        rel = p["relationships"] or list(params.RELATIONSHIPS)
        e["relationship"] = e["actors"].map(tl.relationship)
        return e[e["relationship"].isin(rel)]

    def linked(self, agree: str | None = None) -> pd.DataFrame:
        """Events told by several papers (data/event_links.csv), one row per paper's telling,
        with the link's name (its first telling's words) and whether the dates agree."""
        events = self.events().set_index("event_id")
        short = self.data.papers.set_index("key")["short"]
        rows = []
        for _, link in tl.told_by_several(
            self.data.tables["event_links"], self.events()
        ).iterrows():
            if agree is not None and link["dates_agree"] != agree:
                continue
            ids = link["ids"]
            for i in ids:
                e = events.loc[i]
                rows.append(
                    {
                        "link": link["link_id"],
                        "name": events.loc[ids[0], "event"],
                        "event_id": i,
                        "paper": e["paper"],
                        "short": short[e["paper"]],
                        "date": e["date"],
                        "year_float": year_float(e["date"], e["quote"]),
                        "when": tl.when_words(e["date"], e["quote"]),
                        "span": tl.span(e["date"], e["quote"]),
                        "agree": link["dates_agree"],
                        "relationship": events.loc[ids[0], "relationship"],
                        "reason": link["reason"],
                    }
                )
        return pd.DataFrame(
            rows,
            columns=[
                "link",
                "name",
                "event_id",
                "paper",
                "short",
                "date",
                "year_float",
                "when",
                "span",
                "agree",
                "reason",
                "relationship",
            ],
        )

    def key_events(self) -> pd.DataFrame:
        """One row per linked event: the earliest date a paper gives, the papers that tell it."""
        links = self.linked()
        return pd.DataFrame(
            [
                {
                    "link": k,
                    "name": g["name"].iloc[0],
                    "date": g.sort_values("year_float")["date"].iloc[0][:4],
                    "year_float": g["year_float"].min(),
                    "papers": ", ".join(dict.fromkeys(g["short"])),
                    "relationship": g["relationship"].iloc[0],
                }
                for k, g in links.groupby("link", sort=False)
            ]
        )

    def timeline(self, name: str, caption: str) -> list[Any]:
        events, key = self.events(), self.key_events()
        # Each event's standing, in the CSV's verdict column: an event is not a claim, so it
        # has no audit verdict, only whether other papers tell it and date it alike.
        status = {}
        for _, link in self.data.tables["event_links"].iterrows():
            for i in link["events"].split():
                status[i] = "dated alike" if link["dates_agree"] == "yes" else "dated differently"
        events = events.assign(
            status=[status.get(i, "told by one paper") for i in events["event_id"]]
        )
        if events.empty or key.empty:
            return [Markdown("*No event of the selected papers falls in this range.*")]
        busiest = events.groupby("year").size()
        title = (
            f"{len(events)} datings of {len(self.merged())} events, most in {busiest.idxmax()} "
            f"({busiest.max()}); {len(key)} are told by more than one paper (named)"
        )
        chart = charts.timeline(
            events,
            key,
            title,
            note=_scale_note(charts.events.compress(events["year"])[1]),
        )
        return [self.figure(chart, name, caption)]

    def dumbbell(self, name: str, caption: str) -> list[Any]:
        pairs = self.linked("no")
        if pairs.empty:
            return [Markdown("*No event is dated differently by the selected papers.*")]
        gaps = pairs.groupby("link")["year_float"].agg(lambda s: s.max() - s.min())
        title = (
            f"{pairs['link'].nunique()} events the papers date differently, by up to "
            f"{gaps.max():.0f} year{'s' if round(gaps.max()) != 1 else ''}"
        )
        chart = charts.dumbbell(
            pairs,
            title,
            note="each dot: the date one paper gives, at the middle of what it covers; its "
            "bar: the whole year, part of a year or month the paper's words allow.",
        )
        return [self.figure(chart, name, caption)]

    def findings(self) -> list[str]:
        events, key, differ = self.events(), self.key_events(), self.linked("no")
        if events.empty:
            return []
        pos, cuts = charts.events.compress(events["year"])
        out = [
            f"The papers give {len(events)} dates for {len(self.merged())} events from "
            f"{events['year'].min()} to {events['year'].max()}; {len(key)} of the events are "
            "told by more than one paper."
        ]
        if cuts:
            out.append("No event falls in " + ", ".join(f"{a}–{b}" for a, b in cuts) + ".")
        if len(differ):
            g = differ[differ["link"] == differ["link"].iloc[0]]
            dates = [f"{d} ({', '.join(w['short'])})" for d, w in g.groupby("when", sort=False)]
            out.append(
                f"{differ['link'].nunique()} of those {len(key)} are dated differently, e.g. "
                f"“{g['name'].iloc[0].rstrip('.')}”: {' vs '.join(dates)}."
            )
        return out

    def merged(self) -> pd.DataFrame:
        """One row per event (the tellings event_links joins merged), as the table shows."""
        p = self.parameters
        return tl.merge(
            self.data.events,
            self.data.papers,
            self.data.tables["event_links"],
            p["year_from"],
            p["year_to"],
            p["relationships"] or list(params.RELATIONSHIPS),
            self.selected_papers(),
        )

    def table(self) -> HTML:
        events = self.merged()
        return HTML(
            tables.to_html(
                events[["date", "relationship", "event", "papers"]], table_id="table-timeline"
            )
        )

    def event_sources(self) -> Markdown:
        keys = [k for k in self.selected_papers() if k in set(self.data.events["paper"])]
        return Markdown("**Sources:** " + ", ".join(f"{{cite:t}}`{k}`" for k in keys) + ".")


def _scale_note(cuts: list[tuple[int, int]]) -> str:
    """The timeline's note: what its scale is (one linear scale but for each empty span,
    named), and what its marks are."""
    spans = " and ".join(f"{a}–{b}" for a, b in cuts)
    scale = (
        f"time runs on one linear scale except the shaded break on the spine: {spans}, "
        "with no event, is compressed (not to scale). "
        if cuts
        else "time runs on one linear scale. "
    )
    return (
        scale[0].upper()
        + scale[1:]
        + "Black dots: events several papers tell, at the earliest date given, each joined by "
        "a line to its label; grey dots: one per date a paper gives an event, in that year."
    )
