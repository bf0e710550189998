"""The arms page's Turkish side: the exporters' assembly's yearly and part-year figures of
defence exports to Azerbaijan, with the papers' "more than" and growth claims on them (a mixin
of Page)."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
from IPython.display import Markdown

from .. import charts
from .periods import months, number, span, when

FAMILY_USD = "defence exports in one year (or part of it), USD m"
# An amount a paper gives in words ("hundreds of millions of dollars"): the value is the
# ledger's reading of it, and the chart says so.
IN_WORDS = re.compile(r"\b(?:tens|hundreds|thousands|millions|billions) of \w+(?: of \w+)?")


def reading(c: pd.Series) -> str:
    """A claim's value as the book reads it from the paper's words: "more than 100 USD m, read
    from “hundreds of millions of dollars”", or the printed value when it gives a number."""
    words = IN_WORDS.search(str(c["quote"]))
    return f"{c['printed']}, read from “{words.group(0)}”" if words else c["printed"]


class TurkishExports:
    def turkish_exports(
        self, name: str, caption: str, quantity: str, measures: list[str]
    ) -> list[Any]:
        """The exporters' assembly's yearly (and part-year) figures; the paper's undated "more
        than" as a band across every year (a year would be invented), and its growth, which
        names no window either, in a sentence under the chart beside the growth of the
        part-year windows the assembly gives (a level made from it would need a base year the
        paper never names)."""
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
            )
            for _, r in o.iterrows()
        ]
        for _, c in level.iterrows():
            dated = bool(c["period"])
            rows.append(
                self.paper_mark(
                    c,
                    FAMILY_USD,
                    panel="",
                    x=when(c["period"]).x if dated else float("nan"),
                    series=c["short"],
                    kind="paper" if dated else "band",
                    tag=f"{c['short']}: {reading(c)} ({span(c['period']) or 'no year given'})"
                    f" · {c['verdict']}",
                )
            )
        rows = pd.DataFrame(rows)
        part = o[o["period"].str.contains("/") & o["period"].str.contains("-")]
        title, said = f"{quantity} ({o['short'].iloc[0]})", []
        if len(part) >= 2 and len(growth):
            base, after = part.iloc[-2], part.iloc[-1]
            rise = 100 * (after["value"] / base["value"] - 1)
            window = f"{months(after['period'])} {after['period'][:4]}"
            since = f"{months(base['period'])} {base['period'][:4]}"
            # The title says what is drawn: the assembly's rise and the paper's undated level
            # (its undated growth is in the sentence under the chart, not on it).
            title = f"{quantity}: +{rise:.0f}% in {window} on {since} ({o['short'].iloc[0]})"
            if len(level):
                c = level.iloc[0]
                words = IN_WORDS.search(str(c["quote"]))
                said_so = f"“{words.group(0)}”" if words else c["printed"]
                title += f"; {c['short']}'s {said_so} gives no year"
            for _, g in growth.iterrows():
                said.append(
                    f"{g['short']}'s footnote cites a headline of **+{number(g['value'])}%** "
                    f"({g['verdict']}) and names no period; the nearest the assembly's figures "
                    f"give is +{rise:.0f}% ({window} on {since}). A growth with no base year "
                    "has no level to draw, so it is not on the chart."
                )
        chart = charts.by_year(
            rows,
            title,
            "USD m",
            height=3.8,
            note="dots: TİM by year (open: January–September only); dashed line with arrows "
            "up: the paper's “more than”, which gives no year, so it spans them all.",
        )
        return [self.figure(chart, name, caption), *(Markdown(s) for s in said)]
