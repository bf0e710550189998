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
        smallest = self.smallest_for_each()
        out = []
        for _, r in rows.iterrows():
            lo, hi = stats.wilson(r["value"], n, conf)
            k = smallest.get(r["claim_id"])
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
        title = "No paper gives a sample size for the survey results it cites" + "".join(
            f"; {w}, if from one sample, need at least {k:,} respondents"
            for w, k in self._together(rows)
        )
        sizes = sorted({int(k) for k in out["smallest_n"] if k != ""})
        note = (
            f"dark bar: {conf:.0%} Wilson interval if n = {n:,} (assumed, the papers give "
            "none); thin line: the same for the smallest n the printed decimals allow (n = "
            + ", ".join(f"{k:,}" for k in sizes)
            + ", named on each row; a survey's results taken as one sample of respondents)."
        )
        chart = charts.survey(out, title, "percent of respondents", note)
        return [self.figure(chart, name, caption)]

    def smallest_for_each(self) -> dict[str, int]:
        """Per claim, the smallest sample its printed decimals allow, together with the other
        results of its survey when the table has them (the larger: both must hold)."""
        out: dict[str, int] = {}
        for ids, k in zip(
            self.smallest_n()["claims"], self.smallest_n()["smallest n"], strict=True
        ):
            for c in ids.split():
                out[c] = max(out.get(c, 0), int(k))
        return out

    def _together(self, rows: pd.DataFrame) -> list[tuple[str, int]]:
        """('Karayel 2024's two 2020-11 results', 350) for each set of one survey's results."""
        feas = self.smallest_n()
        printed = rows.set_index("claim_id")
        out = []
        for ids, k in zip(feas["claims"], feas["smallest n"], strict=True):
            ids = [i for i in ids.split() if i in printed.index]
            if len(ids) < 2:
                continue
            who = " and ".join(dict.fromkeys(printed.loc[ids, "short"]))
            when = " and ".join(dict.fromkeys(printed.loc[ids, "period"]))
            out.append((f"{who}'s {len(ids)} results of {when}", int(k)))
        return out

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
        sets = [ids.split() for ids in feas["claims"] if " " in ids]
        surveys = len(rows) - sum(len(ids) - 1 for ids in sets)
        own = ", each on its own question" if rows["measure"].nunique() == len(rows) else ""
        out = [
            f"The papers cite {len(rows)} survey results from {surveys} surveys{own}; none "
            "of the papers gives a sample size."
        ]
        together = feas[feas["claims"].str.contains(" ")]
        alone = feas.set_index("claims")["smallest n"]
        printed = rows.set_index("claim_id")
        for _, t in together.iterrows():
            ids = [i for i in t["claims"].split() if i in printed.index]
            who = ", ".join(dict.fromkeys(printed.loc[ids, "short"]))
            values = " and ".join(printed.loc[ids, "printed"])
            each = " and ".join(f"{alone[i]:,}" for i in ids if i in alone.index)
            out.append(
                f"{who}'s {values}, from one survey, are possible from one sample of "
                f"respondents only if it is at least {t['smallest n']:,}"
                + (f" (each alone needs {each})." if each else ".")
            )
        return out
