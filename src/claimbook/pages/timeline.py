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
                        "year_float": year_float(e["date"]),
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
            f"{len(events)} dated events, most in {busiest.idxmax()} ({busiest.max()}); "
            f"{len(key)} are told by more than one paper (named)"
        )
        chart = charts.timeline(
            events,
            key,
            title,
            note="grey dots: one per event a paper dates "
            "in that year; named: events several papers tell (the earliest "
            "date given); shaded: a span with no event, compressed.",
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
        chart = charts.dumbbell(pairs, title, note="each dot: the date one paper gives.")
        return [self.figure(chart, name, caption)]

    def findings(self) -> list[str]:
        events, key, differ = self.events(), self.key_events(), self.linked("no")
        if events.empty:
            return []
        pos, cuts = charts.events.compress(events["year"])
        out = [
            f"The papers date {len(events)} events from {events['year'].min()} to "
            f"{events['year'].max()}; {len(key)} of them are told by more than one paper."
        ]
        if cuts:
            out.append("No event falls in " + ", ".join(f"{a}–{b}" for a, b in cuts) + ".")
        if len(differ):
            g = differ[differ["link"] == differ["link"].iloc[0]]
            dates = [f"{d} ({', '.join(w['short'])})" for d, w in g.groupby("date", sort=False)]
            out.append(
                f"{differ['link'].nunique()} of those {len(key)} are dated differently, e.g. "
                f"“{g['name'].iloc[0].rstrip('.')}”: {' vs '.join(dates)}."
            )
        return out

    def table(self) -> HTML:
        p = self.parameters
        events = tl.merge(
            self.data.events,
            self.data.papers,
            p["year_from"],
            p["year_to"],
            p["relationships"] or list(params.RELATIONSHIPS),
            self.selected_papers(),
        )
        return HTML(
            tables.to_html(
                events[["date", "relationship", "event", "papers"]], table_id="table-timeline"
            )
        )

    def event_sources(self) -> Markdown:
        keys = [k for k in self.selected_papers() if k in set(self.data.events["paper"])]
        return Markdown("**Sources:** " + ", ".join(f"{{cite:t}}`{k}`" for k in keys) + ".")
