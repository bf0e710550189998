"""The trade page's other charts: two shares of one whole side by side, and investment stocks
and totals as a dot plot with each figure's span (a mixin of Page)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import charts
from .periods import span

FAMILY_STOCK = "investment, USD bn (a stock or a total over a span)"


class InvestmentCharts:
    def pair(self, name: str, caption: str, measures: list[str]) -> list[Any]:
        """Two shares side by side (paired bars from zero), one per direction of trade."""
        c = self.claims(measures)
        if len(c) < 2:
            return []
        rows = self.bar_marks(
            c,
            "share of Azerbaijan's trade, percent",
            lambda r: f"{r['measure']} ({span(r['period'])})",
        )
        # Shares of two wholes (exports, imports): named side by side, never ranked.
        title = (
            f"{' and '.join(dict.fromkeys(c['short']))}, {span(c['period'].iloc[0])}: "
            + "; ".join(f"{r['measure']} {r['printed']}" for _, r in c.iterrows())
        )
        chart = charts.stacked(rows, title, "percent")
        return [self.figure(chart, name, caption)]

    def investment(self, name: str, caption: str, measures: list[str]) -> list[Any]:
        """One row per paper's figure, grouped by measure: the span on the label (the period, or
        the paper's own duration claim), "more than" as an arrow."""
        rows = []
        for m in measures:
            for _, c in self.claims([m]).iterrows():
                when_ = self.when_words(c)
                rows.append(
                    self.paper_mark(
                        c,
                        FAMILY_STOCK,
                        label=f"{c['short']} · {when_}",
                        group=m,
                        panel=m,
                        tag=f"{c['printed'].replace(' USD bn', '')} · {c['verdict']}",
                    )
                )
        rows = pd.DataFrame(rows)
        first, second = (rows[rows["group"] == m]["value"] for m in measures[:2])
        order = "above" if first.min() > second.max() else "overlapping"
        title = f"The papers put {measures[0]} {order} {measures[1]}"
        chart = charts.dots(
            rows,
            title,
            "USD bn",
            note="diamonds: the papers' figures; an arrow:"
            " “more than”; the span each figure covers is on its label.",
        )
        return [self.figure(chart, name, caption)]
