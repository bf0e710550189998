"""The arms page's Turkish side: the exporters' assembly's yearly and part-year figures of
defence exports to Azerbaijan, with the papers' "more than" and growth claims on them (a mixin
of Page)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import charts
from .periods import months, number, span, when

FAMILY_USD = "defence exports in one year (or part of it), USD m"


class TurkishExports:
    def turkish_exports(
        self, name: str, caption: str, quantity: str, measures: list[str]
    ) -> list[Any]:
        """The exporters' assembly's yearly (and part-year) figures, the paper's "more than"
        as an open mark after them, and the paper's growth applied to the part year before."""
        level, growth = (self.claims([m]) for m in measures)
        o = self.official(quantities=[quantity])
        o = o.assign(x=[when(q).x for q in o["period"]]).sort_values("x")
        rows = [
            self.source_mark(
                r,
                FAMILY_USD,
                panel="",
                x=r["x"],
                partial=when(r["period"]).partial,
                series=r["short"],
                tag=f"{number(r['value'])} ({months(r['period'])})"
                if when(r["period"]).partial
                else number(r["value"]),
                dx=-8.0,
                ha="right",
                dy=0.0,
            )
            for _, r in o.iterrows()
        ]
        end = o["x"].max()
        for _, c in level.iterrows():
            rows.append(
                self.paper_mark(
                    c,
                    FAMILY_USD,
                    panel="",
                    x=end + 0.6,
                    series=c["short"],
                    tag=f"{c['short']}: {c['printed']} ({span(c['period']) or 'no year given'})"
                    f" · {c['verdict']}",
                    dy=-10.0,
                    ha="center",
                    va="top",
                    dx=0.0,
                )
            )
        part = o[o["period"].str.contains("/") & o["period"].str.contains("-")]
        ratio = None
        if len(part) >= 2:
            base, after = part.iloc[-2], part.iloc[-1]
            ratio = after["value"] / base["value"]
            since = f"{months(base['period'])} {base['period'][:4]}"
            for _, g in growth.iterrows():
                mark = self.growth_mark(
                    g,
                    base["value"],
                    since,
                    FAMILY_USD,
                    unit="USD m",
                    x=when(after["period"]).x + 0.2,
                    dx=8.0,
                    dy=6.0,
                )
                mark["tag"] = (
                    f"{g['short']}'s footnote: +{number(g['value'])}% on {since} = "
                    f"{number(mark['value'])} · {g['verdict']}"
                )
                rows.append(mark)
        rows = pd.DataFrame(rows)
        title = f"{quantity} ({o['short'].iloc[0]})"
        if ratio is not None and len(growth):
            g, after = growth.iloc[0], part.iloc[-1]
            window = f"{months(after['period'])} {after['period'][:4]}"
            said = (
                "names no window to compare with"
                if g["verdict"] == "not comparable"
                else g["verdict"]
            )
            title = (
                f"{quantity}: +{100 * (ratio - 1):.0f}% in {window} on {since} "
                f"({o['short'].iloc[0]}); {g['short']}'s +{number(g['value'])}% {said}"
            )
        chart = charts.by_year(
            rows,
            title,
            "USD m",
            height=3.2,
            note="dots: TİM by year (open: January–September only); diamonds:"
            " the paper; arrow: “more than”.",
        )
        return [self.figure(chart, name, caption)]
