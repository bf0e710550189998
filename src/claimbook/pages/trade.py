"""Trade and investment: the 2021 total and its parts, trade by year as each reporting country
states it, Türkiye's shares of Azerbaijan's trade, and investment stocks as a dot plot."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import charts
from .base import Page
from .investment import InvestmentCharts
from .periods import number
from .trade_years import FAMILY_YEAR, TradeByYear


class TradePage(TradeByYear, InvestmentCharts, Page):
    def _sum(self, total: str) -> tuple[pd.Series, pd.DataFrame] | None:
        """The first total of this measure that a `sum` relation splits into parts."""
        rel = self.data.tables["relations"]
        claims = self.claims(papers=list(self.selected_papers())).set_index("claim_id")
        for _, r in rel[rel["kind"] == "sum"].iterrows():
            if r["subject"] in claims.index and claims.loc[r["subject"], "measure"] == total:
                parts = claims.loc[r["inputs"].split()].reset_index()
                return claims.loc[r["subject"]], parts
        return None

    def parts(self, name: str, caption: str, measures: list[str]) -> list[Any]:
        """The total and its parts as one stacked bar against the total as printed: the sum
        checked on the chart. The other figures for that year (other papers', official whole-
        and part-year counts) are drawn once, on `by_year`, not repeated here."""
        found = self._sum(measures[0])
        if found is None:
            return []
        total, parts = found
        year = total["period"]
        added = parts["value"].sum()
        d = int(max(parts["decimals"].max(), total["decimals"]))
        check = " + ".join(number(v, d) for v in parts["value"]) + f" = {number(added, d)}"
        who, rows = total["short"], []
        for _, p in parts.iterrows():
            rows.append(
                self.paper_mark(
                    p,
                    FAMILY_YEAR,
                    label=f"{who}: the parts",
                    inside=number(p["value"], d),
                    end_text="",
                )
            )
        rows[-1]["end_text"] = f"{check} · {parts['verdict'].iloc[0]}"
        t = total.copy()
        t["claim_id"] = total.name
        rows.append(
            self.paper_mark(
                t,
                FAMILY_YEAR,
                label=f"{who}: the total",
                end_text=f"{t['printed']} · {t['verdict']}",
            )
        )
        rows = pd.DataFrame(rows)
        legend = "; ".join(f"{number(p['value'], d)}: {p['measure']}" for _, p in parts.iterrows())
        agree = "add up to" if f"{added:.{d}f}" == f"{total['value']:.{d}f}" else "do not add up to"
        title = f"{who}'s {year} parts {agree} its total"
        chart = charts.stacked(
            rows,
            title,
            FAMILY_YEAR,
            note=f"parts, left to right: {legend}. The other figures for {year} (another "
            "paper's, the official whole-year and part-year counts) are on the year-by-year "
            "chart below, drawn once.",
        )
        return [self.figure(chart, name, caption)]

    def findings(
        self, measures: list[str], investment: list[str], shares: list[str] = ()
    ) -> list[str]:
        out = []
        found = self._sum(measures[0])
        if found is not None:
            total, parts = found
            d = int(total["decimals"])
            out.append(
                f"{total['short']}'s {total['period']} figures add up: "
                + " + ".join(number(v, d) for v in parts["value"])
                + f" = {number(parts['value'].sum(), d)} USD bn, the total it states (the "
                f"parts: {parts['verdict'].iloc[0]})."
            )
            off = self.official(measures[:1])
            off = off[off["period"] == total["period"]]
            if len(off):
                o = off.iloc[0]
                gap = total["value"] - o["value"]
                out.append(
                    f"{o['short']} counted {number(o['value'])} USD bn for the whole of "
                    f"{o['period']}, {number(abs(gap), 2)} bn {'less' if gap > 0 else 'more'} "
                    f"than the paper's {number(total['value'], d)} "
                    f"({abs(gap) / total['value']:.0%} of the paper's figure)."
                )
        inv = self.claims(investment[:2])
        if len(inv):
            parts = [
                f"{m} at {' to '.join(dict.fromkeys(g['printed']))}"
                for m, g in inv.groupby("measure", sort=False)
            ]
            out.append("The papers put " + " and ".join(parts) + ".")
        if len(self.claims(list(shares))):
            out.append(f"Shares of two different wholes: {self.stated(list(shares))}.")
        return out
