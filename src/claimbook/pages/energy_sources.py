"""The energy page's comparisons with other sources: Azerbaijan among Türkiye's gas suppliers
(one official row per supplier) and Azerbaijan's share of Israel's crude oil (a
mixin of Page)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import charts
from .periods import months, number


class GasSuppliers:
    def _supplier_panels(
        self, quantity: str, share_quantity: str
    ) -> list[tuple[str, pd.DataFrame]]:
        """Türkiye's gas suppliers with their shares, one official row per supplier and period
        (`<supplier>'s share of Türkiye's natural gas imports`, as `share_quantity` names
        Azerbaijan's): one panel per period that has Azerbaijan's share and another's."""
        own = share_quantity.split("'s ", 1)[0]
        suffix = share_quantity.removeprefix(own)
        every = self.data.tables["official_figures"]["quantity"]
        names = {q: q.removesuffix(suffix) for q in every if q.endswith(suffix)}
        rows = self.official(quantities=list(names))
        panels = []
        for period, g in rows.groupby("period", sort=True):
            if own not in {names[q] for q in g["quantity"]} or len(g) < 2:
                continue
            t = pd.DataFrame(
                {"name": [names[q] for q in g["quantity"]], "value": g["value"].astype(float)}
            )
            t = t.sort_values("value", ascending=False).reset_index(drop=True)
            t["rank"] = range(1, len(t) + 1)
            t["period"] = period
            t["tag"] = [f"{number(v)}%" for v in t["value"]]
            source = " / ".join(dict.fromkeys(g["short"]))
            panels.append(
                (
                    f"{months(period)} {period[:4]} ({source})".replace(
                        f"{period[:4]} {period[:4]}", period[:4]
                    ),
                    t,
                )
            )
        return panels

    def suppliers(
        self, name: str, caption: str, quantity: str, share_quantity: str, measures: list[str]
    ) -> list[Any]:
        """Azerbaijan among Türkiye's gas suppliers in each period the data names others, the
        paper's rank written on Azerbaijan's bar."""
        panels = self._supplier_panels(quantity, share_quantity)
        if not panels:
            return []
        ranks = self.claims(measures)
        places = [
            f"{t[t['name'] == 'Azerbaijan']['rank'].iloc[0]} in {h.split(' (')[0]}"
            for h, t in panels
        ]
        # What the papers say of a period goes under its panel's heading.
        for j, (heading, t) in enumerate(panels):
            said = ranks[ranks["period"] == t["period"].iloc[0]]
            for _, c in said.iterrows():
                heading += f"\n{c['short']}: Azerbaijan rank {number(c['value'])} · {c['verdict']}"
                self.shown.add(c["claim_id"])
            panels[j] = (heading, t)
        title = "Azerbaijan's place among Türkiye's gas suppliers: " + ", ".join(places)
        sources = [
            *ranks["paper"].unique(),
            *dict.fromkeys(self.official(quantities=[quantity, share_quantity])["short"]),
        ]
        chart = charts.ranked(
            panels,
            "Azerbaijan",
            title,
            "percent of Türkiye's gas imports",
            sources,
            note="suppliers as the official figures name "
            "them; the rest of the imports is not itemised in the data.",
        )
        for _, c in ranks.iterrows():
            mine = (chart.data["label"] == "Azerbaijan") & (chart.data["period"] == c["period"])
            chart.data.loc[mine, ["claim_id", "paper", "verdict"]] = [
                c["claim_id"],
                c["paper"],
                c["verdict"],
            ]
        return [self.figure(chart, name, caption)]

    def oil(
        self, name: str, caption: str, measures: list[str], part: str, whole: str, combined: str
    ) -> list[Any]:
        """Azerbaijan's share of Israel's crude imports: the paper's figure, the share computed
        from two official values (part ÷ whole, same year and source), and a combined share of
        two suppliers drawn as the range it allows (0 to the combined share) in a panel of its
        own, named as the two suppliers' together, so it never reads as one country's share."""
        own, joint = measures[0], f"{combined}: a bound on both together"
        rows = [
            self.paper_mark(
                c,
                "share of Israel's crude oil imports, percent",
                panel=own,
                label=f"{c['short']} · {self.when_words(c)}",
                tag=f"{c['printed']} · {c['verdict']}",
            )
            for _, c in self.claims(measures).iterrows()
        ]
        o = self.official(quantities=[part, whole, combined])
        p, w = o[o["quantity"] == part], o[o["quantity"] == whole]
        for _, pr in p.iterrows():
            wr = w[w["period"] == pr["period"]]
            if wr.empty:
                continue
            share = 100 * pr["value"] / wr["value"].iloc[0]
            rows.append(
                self.source_mark(
                    pr,
                    "share of Israel's crude oil imports, percent",
                    value=share,
                    panel=own,
                    unit="percent",
                    printed=f"{number(pr['value'])} ÷ {number(wr['value'].iloc[0])} = {share:.0f}%",
                    label=f"{pr['period']} · {pr['short']}",
                    tag=f"{share:.0f}% ({number(pr['value'])} of "
                    f"{number(wr['value'].iloc[0])} USD bn)",
                )
            )
        for _, c in o[o["quantity"] == combined].iterrows():
            rows.append(
                self.source_mark(
                    c,
                    "share of Israel's crude oil imports, percent",
                    panel=joint,
                    low=0.0,
                    high=c["value"],
                    qualifier="up_to",
                    printed=f"≤ {c['printed']}",
                    label=f"{months(c['period'])} {c['period'][:4]} · {c['short']}",
                    tag=f"≤ {number(c['value'])}% (with Kazakhstan)"
                    if "Kazakhstan" in c["quantity"]
                    else f"≤ {number(c['value'])}%",
                )
            )
        rows = pd.DataFrame(rows)
        title = self._oil_title(rows)
        chart = charts.dots(
            rows,
            title,
            "percent of Israel's crude oil imports",
            note="the bar: a share of two suppliers together, so Azerbaijan's "
            "own lies somewhere within it, not at its end.",
        )
        return [self.figure(chart, name, caption)]

    @staticmethod
    def _oil_title(rows: pd.DataFrame) -> str:
        """The paper's share against each source drawn, in the audit's words: a figure the
        audit finds not comparable (no year to set beside the sources' years) is said to be
        shown beside them, never above or below them; otherwise above or below a computed
        share, within or above a bound (each source with its period)."""
        papers = rows[rows["kind"] == "paper"] if len(rows) else rows
        if papers.empty:
            return "Shares of Israel's crude imports in the sources; no selected paper gives one"
        paper = papers.iloc[0]
        apart = paper["verdict"] == "not comparable"
        said = []
        for _, s in rows[rows["kind"] == "source"].iterrows():
            when_ = f"{months(s['period'])} {s['period'][:4]}".replace(
                f"{s['period'][:4]} {s['period'][:4]}", s["period"][:4]
            )
            if apart:
                value = (
                    f"≤ {number(s['high'])}%" if s["qualifier"] == "up_to" else f"{s['value']:.0f}%"
                )
                joint = " with Kazakhstan" if "Kazakhstan" in s["panel"] else ""
                said.append(f"{value}{joint} ({s['source']}, {when_})")
            elif s["qualifier"] == "up_to":
                rel = "within" if paper["value"] <= s["high"] else "above"
                said.append(f"{rel} {s['source']}'s bound of ≤ {number(s['high'])}% ({when_})")
            else:
                rel = "above" if paper["value"] > s["value"] else "below"
                said.append(f"{rel} the {s['value']:.0f}% of {s['source']} ({when_})")
        head = f"{paper['who']}'s {paper['printed']} of Israel's crude imports"
        if apart:
            why = "gives no year" if not paper["period"] else "is on another basis"
            return f"{head} {why}, so it is not compared with " + (
                " or ".join(said) or "any source"
            )
        return f"{head} is " + (" and ".join(said) or "the only figure")
