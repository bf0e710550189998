"""Energy: Türkiye's gas imports from Azerbaijan by year (EPDK) with the papers' plan on it,
Azerbaijan's place among Türkiye's suppliers, Turkish stakes in the fields and pipelines, and
Azerbaijan's share of Israel's crude oil."""

from __future__ import annotations

from typing import Any

import pandas as pd
from IPython.display import Markdown

from .. import charts
from .base import Page
from .energy_sources import GasSuppliers
from .periods import number, when

FAMILY_GAS = "natural gas in one year, bcm"
# Years either side of a year's dot where the plan's two marks stand (inside the year).
PLAN_OFFSET = 0.32


class EnergyPage(GasSuppliers, Page):
    def gas(self, name: str, caption: str, quantity: str, measures: list[str]) -> list[Any]:
        """The official yearly series as a line (gaps where a year is missing), the papers'
        planned volume as a diamond in its year and the planned growth applied to the year
        before (what "+19%" would give)."""
        series = self.official(quantities=[quantity]).assign(
            x=lambda o: o["period"].map(lambda p: when(p).x)
        )
        series = series.sort_values("x")
        rows = [
            self.source_mark(
                o,
                FAMILY_GAS,
                panel="",
                x=o["x"],
                series=o["short"],
                # "more than 6.54": a lower bound, drawn open like a part of a year.
                partial=o.get("bound", "") == "lower",
                qualifier="more_than" if o.get("bound", "") == "lower" else "exact",
                tag=("> " if o.get("bound", "") == "lower" else "") + number(o["value"], 2),
            )
            for _, o in series.iterrows()
        ]
        level, growth = (self.claims([m]) for m in measures)
        outcomes = self._outcomes(series, level, growth)
        for _, c in level.drop_duplicates("value").iterrows():
            rows.append(
                self.paper_mark(
                    c,
                    FAMILY_GAS,
                    panel="",
                    # Left of the year's official dot, the growth right of it: both in the year,
                    # a marker's width clear of the dot.
                    x=when(c["period"]).x - PLAN_OFFSET,
                    series=c["short"],
                    tag=f"{c['short']}: {c['printed']} planned for {c['period']}"
                    + _met(outcomes.get(c["claim_id"]), c["verdict"]),
                )
            )
        for _, g in growth.drop_duplicates("value").iterrows():
            year = int(g["period"][:4])
            before = series[series["period"] == str(year - 1)]
            if before.empty:
                continue
            mark = self.growth_mark(
                g,
                before["value"].iloc[0],
                str(year - 1),
                FAMILY_GAS,
                unit="bcm",
                x=when(g["period"]).x + PLAN_OFFSET,
            )
            mark["tag"] = (
                f"{g['short']}: +{number(g['value'])}% on {year - 1} = "
                f"{number(mark['value'], 2)} bcm" + _met(outcomes.get(g["claim_id"]), g["verdict"])
            )
            rows.append(mark)
        rows = pd.DataFrame(rows)
        title = f"{quantity}: " + "; ".join(self._against_plans(series, level, growth))
        chart = charts.by_year(
            rows,
            title,
            "bcm",
            height=3.4,
            note="dots: EPDK's yearly figures (open: a lower bound; a gap: a year missing); "
            "diamonds: the paper's plan in its year (left of the year's dot: the volume; "
            "right: its growth applied to the year before).",
        )
        return [self.figure(chart, name, caption)]

    @staticmethod
    def _outcomes(series: pd.DataFrame, level: pd.DataFrame, growth: pd.DataFrame) -> dict:
        """Each plan against its own year's figure (the volume; the growth on the year
        before): claim_id -> (the outcome's words, whether it met the plan, "above"/"below")."""
        by_year = dict(zip(series["period"], series["value"], strict=True))
        out = {}
        for _, c in level.drop_duplicates("value").iterrows():
            if c["period"] in by_year:
                got = by_year[c["period"]]
                out[c["claim_id"]] = (f"{number(got, 2)} bcm in {c['period']}", got >= c["value"])
        for _, g in growth.drop_duplicates("value").iterrows():
            year = int(g["period"][:4])
            got, before = by_year.get(str(year)), by_year.get(str(year - 1))
            if got is not None and before is not None:
                rise = 100 * (got / before - 1)
                out[g["claim_id"]] = (f"+{rise:.1f}% on {year - 1}", rise >= g["value"])
        return out

    @classmethod
    def _against_plans(
        cls, series: pd.DataFrame, level: pd.DataFrame, growth: pd.DataFrame
    ) -> list:
        """Each plan against its own year's figure: the volume, then the growth on the year
        before; the last year drawn when no plan has a figure to meet."""
        outcomes = cls._outcomes(series, level, growth)
        parts = []
        for plans, unit in ((level, " bcm"), (growth, "%")):
            for _, c in plans.drop_duplicates("value").iterrows():
                if c["claim_id"] in outcomes:
                    words, met = outcomes[c["claim_id"]]
                    plan = f"{'+' if unit == '%' else ''}{number(c['value'])}{unit}"
                    parts.append(f"{words}, {'above' if met else 'below'} the {plan} planned")
        if not parts:
            last = series.iloc[-1]
            parts.append(f"{number(last['value'], 2)} bcm in {last['period']}")
        return parts

    def stakes(self, measures: list[str]) -> Markdown:
        """Stakes in fields and pipelines, each of a different asset with no other holder's
        share in the data: nothing comparable to stand beside, so no chart (charts.md), the
        figures highlighted in a sentence and listed in the table."""
        c = self.claims(measures)
        if c.empty:
            return Markdown("*None of the selected papers gives a stake.*")
        self.shown |= set(c["claim_id"])
        said = "; ".join(
            f"**{r['printed']}** — {r['measure']} ({r['verdict']})" for _, r in c.iterrows()
        )
        who = " and ".join(dict.fromkeys(c["short"]))
        return Markdown(
            f"{who} gives {len(c)} stakes, each in a different field or pipeline: {said}. "
            "The data hold no other holder's share of these assets to set beside them, so they "
            "are not charted; the table below lists them with their quotes."
        )

    def findings(self, quantity: str, share_quantity: str, level: list[str]) -> list[str]:
        out = []
        s = self.official(quantities=[quantity]).sort_values("period")
        if len(s) > 1:
            a, b = s.iloc[0], s.iloc[-1]
            line = (
                f"{quantity} ({a['short']}) {'rose' if b['value'] > a['value'] else 'fell'} "
                f"from {number(a['value'])} bcm in {a['period']} to {number(b['value'])} bcm "
                f"in {b['period']}"
            )
            by_year = dict(zip(s["period"], s["value"], strict=True))
            for _, c in self.claims(level).drop_duplicates("value").iterrows():
                if c["period"] in by_year:
                    met = "reached" if by_year[c["period"]] >= c["value"] else "missed"
                    line += f"; {c['short']}'s {c['printed']} planned for {c['period']} was {met}"
            out.append(line + ".")
        for heading, t in self._supplier_panels(quantity, share_quantity):
            r = t[t["name"] == "Azerbaijan"].iloc[0]
            out.append(
                f"Azerbaijan ranked {r['rank']} among the suppliers named for "
                f"{heading.split(' (')[0]} ({number(r['value'])}%)."
            )
        return out


def _met(outcome: tuple[str, bool] | None, verdict: str) -> str:
    """A plan is met or not, then the audit's verdict named as such (charts.md: the verdict is
    seen where the claim is drawn; a bare "consistent" beside a plan read as if the plan were
    a fact): " · met (10.26 bcm in 2023) · audit: consistent"."""
    if outcome is None:
        return f" · audit: {verdict}"
    words, met = outcome
    return f" · {'met' if met else 'not met'} ({words}) · audit: {verdict}"
