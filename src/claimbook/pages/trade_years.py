"""The trade page's yearly view: bilateral trade in each year a paper gives a figure for, the
papers' figures beside each reporting body's count of that year (part-year counts open, lower
bounds of the year's), one row per paper and per reporter's year (a mixin of Page)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import charts
from .periods import months, number, span, when

FAMILY_YEAR = "goods trade in one year, USD bn"


class TradeByYear:
    def year_marks(self, measures: list[str]) -> tuple[pd.DataFrame, list[str]]:
        """The marks of `by_year`, and the official totals over several years left out (a
        multi-year total never shares the one-year axis)."""
        rows, left_out = [], []
        for m in measures:
            claims = self.claims([m])
            claims = claims[claims["period"] != ""]
            years = set(claims["period"].str[:4])
            for _, c in claims.iterrows():
                rows.append(
                    self.paper_mark(
                        c,
                        FAMILY_YEAR,
                        panel=m,
                        x=when(c["period"]).x,
                        partial=False,
                        row=c["claim_id"],
                        label=f"{span(c['period'])} · {c['short']}",
                        tag=f"{c['printed'].replace(' USD bn', '')} · {c['verdict']}",
                    )
                )
            for _, o in self.official([m]).iterrows():
                w, year = when(o["period"]), o["period"][:4]
                if w.x2 is not None:
                    left_out.append(f"{o['short']} {span(o['period'])}")
                    continue
                if year not in years:
                    continue
                value = number(o["value"])
                # A figure stated as "exceeded 2 bn" bounds the year from below like a part of it.
                lower = o.get("bound", "") == "lower"
                rows.append(
                    self.source_mark(
                        o,
                        FAMILY_YEAR,
                        panel=m,
                        x=w.x,
                        partial=w.partial or lower,
                        row=f"{m} {year} {o['short']}",
                        label=f"{year} · {o['short']}",
                        tag=f"{months(o['period'])} {value} (part-year)"
                        if w.partial
                        else (f"more than {value}" if lower else f"whole year {value}"),
                    )
                )
        rows = pd.DataFrame(rows)
        rows["panel"] = pd.Categorical(rows["panel"], measures)
        rows = rows.sort_values(["panel", "x"], kind="stable")
        rows["panel"] = rows["panel"].astype(str)
        return rows, list(dict.fromkeys(left_out))

    def by_year(self, name: str, caption: str, measures: list[str]) -> list[Any]:
        """One panel per measure (total, then each direction) with the years a paper gives a
        figure for: each paper's figure (a diamond) and each reporter's counts of that year on
        one row (the whole year filled, part of it open: a lower bound)."""
        if self.claims(measures).empty:
            return [self.NOTHING]
        rows, left_out = self.year_marks(measures)
        title = self._year_title(rows[rows["panel"] == measures[0]], measures[0])
        chart = charts.dots(
            rows,
            title,
            "USD bn in the year (or the part of it named)",
            note="diamonds: the papers; dots: official counts, filled for the whole year, "
            "open for part of it only (a lower bound of the year's); arrow: “more than”."
            + (
                f" Totals over several years ({', '.join(left_out)}): in the table."
                if left_out
                else ""
            ),
        )
        return [self.figure(chart, name, caption)]

    @staticmethod
    def _year_title(rows: pd.DataFrame, measure: str) -> str:
        """Per year drawn, the papers' figures against the whole-year count drawn for it:
        above it, or consistent with it ("more than 5" is consistent with a count above 5)."""
        parts, who = [], None
        for period, g in rows.groupby("period", sort=True):
            year = rows[(rows["kind"] == "source") & ~rows["partial"].astype(bool)]
            full = year[year["period"] == period]
            papers = g[g["kind"] == "paper"]
            if full.empty or papers.empty:
                continue
            count = full["value"].iloc[0]
            above = any(
                (v > count) if q != "more_than" else (v >= count)
                for v, q in zip(papers["value"], papers["qualifier"], strict=True)
            )
            name = full["source"].iloc[0]
            rel = "above" if above else "consistent with"
            parts.append(
                f"{rel} {name}'s whole-year count in {period}"
                if name != who
                else f"{rel} it in {period}"
            )
            who = name
        if not parts:
            return f"{measure}: the papers' figures beside the official counts of their years"
        return f"{measure}: the papers' figures are " + ", ".join(parts)
