"""The trade page's yearly view: bilateral trade by year and direction as each reporting body
counts it, the papers' figures among them (a mixin of Page)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import charts
from .periods import months, number, span, when

FAMILY_YEAR = "goods trade in one year, USD bn"


class TradeByYear:
    def by_year(self, name: str, caption: str, measures: list[str]) -> list[Any]:
        """One panel per measure (total, then each direction), one row per figure in time
        order: each reporting body's figures (part of a year open; a several-year total as its
        yearly average, the span on the label) and the papers' figures as diamonds."""
        rows = []
        for m in measures:
            for _, c in self.claims([m]).iterrows():
                if not c["period"]:
                    continue
                rows.append(
                    self.paper_mark(
                        c,
                        FAMILY_YEAR,
                        panel=m,
                        x=when(c["period"]).x,
                        partial=False,
                        label=f"{span(c['period'])} · {c['short']}",
                        tag=f"{c['printed'].replace(' USD bn', '')} · {c['verdict']}",
                    )
                )
            for _, o in self.official([m]).iterrows():
                w = when(o["period"])
                value, tag = o["value"], o["printed"].replace(" USD bn", "")
                if w.x2 is not None:
                    value = o["value"] / w.years
                    tag = f"{tag} ÷ {w.years} = {number(value, 2)} a year"
                rows.append(
                    self.source_mark(
                        o,
                        FAMILY_YEAR,
                        panel=m,
                        x=w.x,
                        value=value,
                        partial=w.partial or o.get("bound", "") == "lower",
                        label=f"{months(o['period'])} {o['period'][:4] if w.partial else ''}"
                        f" · {o['short']}".replace("  ", " "),
                        tag=tag,
                    )
                )
        rows = pd.DataFrame(rows).sort_values(["x"], kind="stable")
        rows["panel"] = pd.Categorical(rows["panel"], measures)
        rows = rows.sort_values(["panel", "x"], kind="stable")
        rows["panel"] = rows["panel"].astype(str)
        title = self._year_title(rows[rows["panel"] == measures[0]])
        chart = charts.dots(
            rows,
            title,
            "USD bn in the year",
            note="diamonds: the papers; "
            "dots: official figures (open: part of the year only, a lower bound);"
            " a several-year total is drawn as its yearly average; arrow: "
            "“more than”.",
        )
        return [self.figure(chart, name, caption)]

    @staticmethod
    def _year_title(rows: pd.DataFrame) -> str:
        """Per year, whether the papers' figures exceed the official full-year count or fit
        it ("more than 5" fits a count above 5)."""
        parts = []
        for period, g in rows.groupby("period", sort=True):
            full = g[(g["kind"] == "source") & ~g["partial"].astype(bool)]
            papers = g[g["kind"] == "paper"]
            if full.empty or papers.empty:
                continue
            count = full["value"].iloc[0]
            exact_above = any(
                (v > count) if q != "more_than" else (v >= count)
                for v, q in zip(papers["value"], papers["qualifier"], strict=True)
            )
            # Each year's count is named: the series mixes reporting bodies.
            who = full["source"].iloc[0]
            parts.append(
                f"for {period} the papers {'exceed' if exact_above else 'fit'} {who}'s "
                f"({number(count)})"
            )
        return (
            "Against the full-year count: " + "; ".join(parts)
            if parts
            else ("The papers' trade figures against the official counts")
        )
