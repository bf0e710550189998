"""The trade page's other charts: two shares of one whole side by side, and investment stocks
and totals as a dot plot with each figure's span (a mixin of Page)."""

from __future__ import annotations

from collections import Counter
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
        the paper's own duration claim), "more than" as an arrow. A figure one paper prints for
        two measures is drawn once, both measures named; a measure with one mark joins the
        panel before it (its measure on its label), so no panel holds a single mark."""
        if self.claims(measures).empty:
            return [self.NOTHING]
        rows, seen = [], {}
        for m in measures:
            for _, c in self.claims([m]).iterrows():
                twin = seen.get((c["paper"], c["printed"]))
                if twin is not None:
                    twin["label"] += f" (also its {m})"
                    continue
                twin = self.paper_mark(
                    c,
                    FAMILY_STOCK,
                    label=f"{c['short']} · {self.when_words(c)}",
                    group=m,
                    panel=m,
                    tag=f"{c['printed'].replace(' USD bn', '')} · {c['verdict']}",
                )
                seen[(c["paper"], c["printed"])] = twin
                rows.append(twin)
        count = Counter(r["panel"] for r in rows)
        host: dict[str, str] = {}
        for p in count:
            # A lone mark joins the panel of the measure before it.
            host[p] = host[list(host)[-1]] if count[p] == 1 and host else p
        members = {h: " · ".join(p for p in count if host[p] == h) for h in host.values()}
        for r in rows:
            if host[r["panel"]] != r["panel"]:
                # Its measure named on its label: no rule between it and its host's rows.
                r["label"] = f"{r['panel']}: {r['label']}"
                r["group"] = host[r["panel"]]
            r["panel"] = members[host[r["panel"]]]
        rows = pd.DataFrame(rows)
        first, second = (self.claims([m])["value"] for m in measures[:2])
        order = "above" if first.min() > second.max() else "overlapping"
        title = (
            f"The papers put {measures[0]} {order} {measures[1]}"
            if len(first) and len(second)
            else "The selected papers' investment figures, each with its span"
        )
        chart = charts.dots(
            rows,
            title,
            "USD bn",
            note="diamonds: the papers' figures; an arrow:"
            " “more than”; the span each figure covers is on its label.",
        )
        return [self.figure(chart, name, caption)]
