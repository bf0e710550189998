"""Surveys: each percentage with its interval for the assumed sample size and for the smallest
sample its printed decimals allow (the GRIM test), the sizes named on the chart."""

from __future__ import annotations

from typing import Any

import pandas as pd
from IPython.display import HTML

from .. import charts, stats, tables
from .base import Page
from .periods import span


class SurveysPage(Page):
    def smallest_n(self) -> pd.DataFrame:
        from .. import checks

        return checks.survey_feasibility(self.data)

    def intervals(self, name: str, caption: str, measures: list[str]) -> list[Any]:
        n, conf = self.parameters["sample_size"], self.parameters["confidence"]
        rows = self.claims(measures)
        rows = rows[rows["unit"] == "percent"]
        if rows.empty:
            return []
        feas = self.smallest_n()
        single = {
            c: int(k)
            for c, k in zip(feas["claims"], feas["smallest n"], strict=True)
            if " " not in c
        }
        out = []
        for _, r in rows.iterrows():
            lo, hi = stats.wilson(r["value"], n, conf)
            k = single.get(r["claim_id"])
            lo_k, hi_k = stats.wilson(r["value"], k, conf) if k else (float("nan"), float("nan"))
            out.append(
                self.paper_mark(
                    r,
                    "share of respondents, percent",
                    label=f"{r['measure']} ({span(r['period'])})",
                    low=lo,
                    high=hi,
                    low_min=lo_k,
                    high_min=hi_k,
                    smallest_n=k or "",
                    tag=f"{r['printed']} · {r['verdict']}" + (f" · n ≥ {k}" if k else ""),
                )
            )
        out = pd.DataFrame(out)
        lowest = out.loc[out["value"].idxmin()]
        top = out.loc[out["value"].idxmax()]
        title = (
            f"The surveys the papers cite range from {lowest['printed']} to {top['printed']};"
            " no paper gives a sample size"
        )
        note = (
            f"dark bar: {conf:.0%} Wilson interval if n = {n:,} (assumed, the papers give "
            "none); thin line: the same if n is the smallest the printed decimals allow."
        )
        chart = charts.survey(out, title, "percent of respondents", note)
        return [self.figure(chart, name, caption)]

    def feasibility(self) -> HTML:
        """The smallest sample size each survey percentage (and each survey's set) allows."""
        table = self.smallest_n()
        keep = set(self.selected_papers())
        table = table[
            [any(c.split("-")[0] in keep for c in row.split()) for row in table["claims"]]
        ]
        if table.empty:
            return HTML("<p><em>No survey percentage printed with decimals.</em></p>")
        return HTML(tables.to_html(table, table_id="table-feasibility"))

    def findings(self, measures: list[str]) -> list[str]:
        rows = self.claims(measures)
        feas = self.smallest_n()
        out = [
            f"{len(rows)} survey results, from {rows['value'].min():.0f}% to "
            f"{rows['value'].max():.1f}%; none of the papers gives a sample size."
        ]
        together = feas[feas["claims"].str.contains(" ")]
        printed = rows.set_index("claim_id")
        for _, t in together.iterrows():
            ids = [i for i in t["claims"].split() if i in printed.index]
            who = ", ".join(dict.fromkeys(printed.loc[ids, "short"]))
            values = " and ".join(printed.loc[ids, "printed"])
            out.append(
                f"{who}'s {values}, from one survey, are possible together only with at least "
                f"{t['smallest n']} respondents."
            )
        return out
