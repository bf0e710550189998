"""The trade page's other parts: shares a paper states for one year (in the text, not
charted), and investment stocks and totals as a dot plot with each figure's span (a mixin of
Page)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pandas as pd
from IPython.display import Markdown

from .. import charts
from .periods import span

FAMILY_STOCK = "investment, USD bn (a stock or a total over a span)"


class InvestmentCharts:
    def stated(self, measures: list[str]) -> str:
        """Figures a paper states side by side, each with its whole named, period and verdict:
        "6.2% (Türkiye share of Azerbaijan exports, 1996, Ismayilov 2025 · unchecked)"."""
        return " and ".join(
            f"{r['printed']} ({r['measure']}, {span(r['period'])}, {r['short']} · {r['verdict']})"
            for _, r in self.claims(measures).iterrows()
        )

    def in_text(self, measures: list[str]) -> list[Any]:
        """Shares of different wholes (of exports, of imports) from one sentence, with no
        series in the data to set them against: no chart (charts.md: one claim's numbers on
        an axis of mixed bases show nothing), the figures in the text; the theme table lists
        them with their verdicts."""
        c = self.claims(measures)
        if c.empty:
            return [self.NOTHING]
        return [
            Markdown(
                f"**{self.stated(measures)}**: shares of different wholes from one sentence, "
                "with no official series in the data to set beside them, so they are not "
                "charted; the table below lists them."
            )
        ]

    def investment(
        self, name: str, caption: str, measures: list[str], plans: list[str] = ()
    ) -> list[Any]:
        """One row per paper's figure, grouped by measure: the span on the label (the period, or
        the paper's own duration claim), "more than" as an arrow. A figure one paper prints for
        two measures is drawn once, both measures named; a measure with one mark joins the
        panel before it (its measure on its label), so no panel holds a single mark. `plans`
        (money a paper says will be invested) are not amounts invested: they stay off the axis
        of invested totals, in a sentence under the chart."""
        if self.claims(measures).empty:
            return [self.NOTHING]
        rows, seen = [], {}
        for m in measures:
            for _, c in self.claims([m]).iterrows():
                twin = seen.get((c["paper"], c["printed"]))
                if twin is not None:
                    twin["label"] += f" (also its {_differing(twin['measure'], m)})"
                    continue
                twin = self.paper_mark(
                    c,
                    FAMILY_STOCK,
                    label=f"{c['short']} · {self.when_words(c)}",
                    group=m,
                    panel=m,
                    measure=m,
                    tag=f"{c['printed'].replace(' USD bn', '')} · {c['verdict']}",
                )
                seen[(c["paper"], c["printed"])] = twin
                rows.append(twin)
        count = Counter(r["panel"] for r in rows)
        host: dict[str, str] = {}
        for p in count:
            # A lone mark joins the panel of the measure before it.
            host[p] = host[list(host)[-1]] if count[p] == 1 and host else p
        members = {
            h: _joined([p for p in count if host[p] == h]) for h in dict.fromkeys(host.values())
        }
        merged = {h for h in host.values() if list(host.values()).count(h) > 1}
        for r in rows:
            if host[r["panel"]] in merged:
                # A panel of two measures: each row names its own (no rule between them).
                said = _shared([p for p in count if host[p] == host[r["panel"]]])
                r["label"] = f"{_direction(r['panel'], said)}: {r['label']}"
                r["group"] = host[r["panel"]]
            r["panel"] = members[host[r["panel"]]]
        rows = pd.DataFrame(rows).drop(columns="measure")
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
        return [self.figure(chart, name, caption), *self._plans(plans)]

    def _plans(self, plans) -> list[Markdown]:
        planned = self.claims(list(plans)) if plans else pd.DataFrame()
        if planned.empty:
            return []
        said = "; ".join(
            f"{r['short']}: **{r['printed']}** {r['measure']} ({self.when_words(r)}, "
            f"{r['verdict']})"
            for _, r in planned.iterrows()
        )
        return [
            Markdown(
                f"Planned, not yet invested — {said}. A plan is not money spent, so it is not "
                "drawn beside the totals above; the table below lists it with its quote."
            )
        ]


def _direction(measure: str, said: str = "") -> str:
    """A measure "A investment in B (…)" as "A → B (…)", short enough for a phone's line;
    without `said`, a bracket the panel's heading already says."""
    short = re.sub(r"^(\S+) investment in (\S+)", r"\1 → \2", measure)
    return short.removesuffix(said) if said else short


def _shared(measures: list[str]) -> str:
    """The bracket every one of these measures ends with (" (cumulative)"), else ""."""
    ends = {m[m.index(" (") :] if " (" in m else "" for m in measures}
    return ends.pop() if len(ends) == 1 else ""


def _joined(measures: list[str]) -> str:
    """A panel's heading: its one measure, or "Investment (…): A → B · B → A" (the bracket
    the measures share said once, each row naming its direction)."""
    if len(measures) == 1:
        return measures[0]
    said = _shared(measures)
    return f"Investment{said}: " + " · ".join(_direction(m, said) for m in measures)


def _differing(first: str, second: str) -> str:
    """What a second measure name adds to the first (the words after their common start):
    "Türkiye investment in Azerbaijan non-hydrocarbon sectors" after "Türkiye investment in
    Azerbaijan (cumulative)" is "non-hydrocarbon sectors"."""
    a, b = first.split(), second.split()
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return " ".join(b[n:]) or second
