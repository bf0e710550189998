"""Arms: SIPRI supplier shares of the recipient's imports window by window, the supplier's
customers ranked for the papers' windows, and Türkiye's defence exports by year (TİM), each
with the papers' figures on it; the sliding-window share for any window length stays too."""

from __future__ import annotations

from typing import Any

from .. import charts, sipri
from .arms_exports import TurkishExports
from .base import Page
from .periods import number, span
from .sipri_windows import NAMED_SHARE, SipriWindows, shown

# Customers shown per ranked panel.
TOP = 6
FAMILY_SHARE = "share of the recipient's major arms imports, percent of TIV"


class ArmsPage(SipriWindows, TurkishExports, Page):
    def supplier_shares(self, name: str, caption: str, measures: list[str]) -> list[Any]:
        """Shares window by window for every supplier that led or held NAMED_SHARE, the rest
        as "all others"; the papers' share figures as diamonds on their windows."""
        t = self._shares().assign(supplier=lambda d: d["supplier"].map(shown))
        claims = self.claims(measures)
        claims = claims[claims["period"].str.replace("/", "-").isin(set(t["window"]))]
        claims = claims.assign(
            window=claims["period"].str.replace("/", "-"),
            tag=[
                f"{p} {s} · {v}"
                for p, s, v in zip(
                    claims["printed"], claims["short"], claims["verdict"], strict=True
                )
            ],
            label=claims["measure"],
        )
        lead = self.leaders()
        (w1, s1, v1), (w2, s2, _) = lead[-2], lead[-1]
        most = "most" if v1 > 50 else "the largest share"
        title = (
            f"{shown(s1)} supplied {most} of {self.parameters['recipient']}'s major arms in "
            f"{span(w1.replace('-', '/'))}"
            + (f"; {shown(s2)} overtook it in {span(w2.replace('-', '/'))}" if s2 != s1 else "")
        )
        sources = [*dict.fromkeys(claims["paper"]), self._source()]
        chart = charts.share_lines(
            t,
            claims,
            title,
            "percent of TIV delivered",
            sources,
            note=f"each window sums SIPRI trend-indicator values over "
            f"{len(range(*self.windows()[0])) + 1} years; suppliers below "
            f"{NAMED_SHARE:.0f}% in every window are in “all others”.",
            highlight=shown(self.parameters["supplier"]),
        )
        return [self.figure(chart, name, caption)]

    @property
    def revision(self) -> float:
        """Share points a SIPRI edition may revise (the audit's default tolerance)."""
        from ..audit import Tolerances

        return Tolerances().sipri_revision

    def customers(self, name: str, caption: str, measures: list[str]) -> list[Any]:
        """The supplier's customers ranked for each window a paper ranks in (and the page's
        window): the recipient highlighted, the gaps to its neighbours written on its bar."""
        p = self.parameters
        claims = self.claims(measures)
        periods = list(dict.fromkeys([*claims["period"], p["window"].replace("-", "/")]))
        panels = []
        notes: dict[str, str] = {}
        for period in periods:
            a, b = (int(y) for y in period.split("/"))
            r = sipri.recipient_ranks(self.tiv(), p["supplier"], a, b)
            r = r.rename(columns={"recipient": "name", "tiv": "value"})
            r["name"] = r["name"].map(shown)
            top = r[(r["rank"] <= TOP) | (r["name"] == p["recipient"])].reset_index(drop=True)
            top["period"] = period
            top["tag"] = [
                f"{v:.0f} ({s:.1f}%)"
                for v, s in zip(top["value"], top["share_percent"], strict=True)
            ]
            me = top.index[top["name"] == p["recipient"]]
            if len(me):
                i = me[0]
                gaps = []
                v = top["value"]
                # Gaps in TIV to the neighbours: the first on the bar, the other under the
                # panel's heading, named there (away from the bar it is about).
                if i > 0:
                    gaps.append(f"{v[i - 1] - v[i]:.0f} behind rank {top.loc[i - 1, 'rank']}")
                if i + 1 < len(top):
                    gaps.append(f"{v[i] - v[i + 1]:.0f} ahead of rank {top.loc[i + 1, 'rank']}")
                said = claims[claims["period"] == period]
                top.loc[i, "tag"] += " · " + gaps[0] if gaps else ""
                me_share = top.loc[i, "share_percent"]
                top["reachable"] = (top["share_percent"] - me_share).abs() <= self.revision
                for _, c in said.iterrows():
                    at = top.index[top["rank"] == int(c["value"])]
                    if len(at):
                        top.loc[at[0], "claimed"] = (
                            f"{c['paper']} {c['short']}: {p['recipient']} rank "
                            f"{number(c['value'])} · {c['verdict']}"
                        )
                notes[period] = "; ".join(
                    [
                        *(f"{p['recipient']} {g} (TIV)" for g in gaps[1:]),
                        *(
                            f"◆ {c['short']}: rank {number(c['value'])} · {c['verdict']}"
                            for _, c in said.iterrows()
                        ),
                    ]
                )
            panels.append((f"{span(period)}", top))
        me = [(h, t[t["name"] == p["recipient"]]["rank"]) for h, t in panels]
        places = ", ".join(f"rank {int(r.iloc[0])} in {h}" for h, r in me if len(r))
        title = f"{p['recipient']} among {p['supplier']}'s arms customers: {places}"
        if len(claims):
            title += (
                f"; shaded: shares within ±{number(self.revision)} points of "
                f"{p['recipient']}'s (SIPRI's revisions)"
            )
        # Under each panel's heading: the other gap and what the papers say of that window.
        panels = [(f"{h}\n{notes.get(t['period'].iloc[0], '')}".strip(), t) for h, t in panels]
        sources = [*dict.fromkeys(claims["paper"]), self._source()]
        chart = charts.ranked(
            panels,
            p["recipient"],
            title,
            "TIV delivered, millions",
            sources,
            note="TIV: SIPRI's trend-indicator value, summed over the window.",
        )
        ids = " ".join(claims["claim_id"])
        subject = (chart.data["label"] == p["recipient"]) & (
            chart.data["panel"].isin([span(c) for c in claims["period"]])
        )
        chart.data.loc[subject, ["claim_id", "paper", "verdict"]] = [
            ids,
            " ".join(claims["paper"]),
            " ".join(claims["verdict"]),
        ]
        self.shown |= set(claims["claim_id"])
        return [self.figure(chart, name, caption)]

    def findings(self, share_measures: list[str], rank_measures: list[str]) -> list[str]:
        p = self.parameters
        edition = self.edition().replace("Data generated:", "data generated")
        said = [
            f"{shown(s)} {v:.1f}% in {span(w.replace('-', '/'))}" for w, s, v in self.leaders()[-2:]
        ]
        out = [
            f"SIPRI's register ({edition}) gives the largest supplier of {p['recipient']}'s "
            f"major arms as {' and '.join(said)}."
        ]
        t = self._shares()
        for _, c in self.claims(share_measures).iterrows():
            got = t[
                (t["window"] == c["period"].replace("/", "-")) & (t["supplier"] == p["supplier"])
            ]
            if len(got):
                out.append(
                    f"{c['short']}'s {c['printed']} for {span(c['period'])} is "
                    f"{c['verdict']} ({got['share'].iloc[0]:.1f}% recomputed)."
                )
        for _, c in self.claims(rank_measures).iterrows():
            a, b = (int(y) for y in c["period"].split("/"))
            r = sipri.recipient_ranks(self.tiv(), p["supplier"], a, b)
            mine = r[r["recipient"] == p["recipient"]]["rank"]
            got = f"; the register gives rank {int(mine.iloc[0])}" if len(mine) else ""
            out.append(
                f"{c['short']} ranks {p['recipient']} {number(c['value'])} among "
                f"{p['supplier']}'s customers in {span(c['period'])}{got} ({c['verdict']})."
            )
        return out
