"""Students: the two flows between Türkiye and Azerbaijan. A paper's count over a span of years
and an official count of one academic year are different quantities, so they never share an
axis: one chart for the paper's cumulative counts (each against its whole), one for the
enrolments of single years."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import charts, style
from .base import Page
from .periods import number, span, when

FAMILY_CUMULATIVE = "students over two decades, count (cumulative)"
FAMILY_YEAR = "students enrolled in one academic year, count"


class StudentsPage(Page):
    def _pairs(self, pairs: list[tuple[str, str]]) -> list[tuple[pd.Series, pd.Series]]:
        out = []
        for part, whole in pairs:
            p, w = self.claims([part]), self.claims([whole])
            for _, pr in p.iterrows():
                wr = w[w["paper"] == pr["paper"]]
                if len(wr):
                    out.append((pr, wr.iloc[0]))
        return out

    def cumulative(self, name: str, caption: str, pairs: list[tuple[str, str]]) -> list[Any]:
        """Each flow as the paper counts it over its span: the part (students of the other
        country) stacked on the rest of the whole, the share computed and written."""
        rows = []
        for pr, wr in self._pairs(pairs):
            share = 100 * pr["value"] / wr["value"]
            label = f"{pr['measure']} ({span(pr['period'])})"
            rows.append(
                self.paper_mark(
                    pr, FAMILY_CUMULATIVE, label=label, inside=f"{share:.1f}%", end_text=""
                )
            )
            rest = self.paper_mark(
                wr,
                FAMILY_CUMULATIVE,
                label=label,
                value=wr["value"] - pr["value"],
                colour=style.NEUTRAL,
                mark="rest of the whole",
                printed=f"{wr['printed']} − {pr['printed']}",
                end_text=f"{pr['printed']} of {wr['printed']} ({share:.1f}%) · {pr['verdict']}",
            )
            rows.append(rest)
        if not rows:
            return []
        rows = pd.DataFrame(rows)
        shares = [100 * p["value"] / w["value"] for p, w in self._pairs(pairs)]
        title = (
            f"{self._pairs(pairs)[0][0]['short']} counts "
            + " and ".join(f"{s:.0f}%" for s in shares)
            + " of each whole as the other country's students"
        )
        chart = charts.stacked(
            rows,
            title,
            "students, cumulative over the span",
            note="coloured: the other country's students; grey: the rest of "
            "the whole the paper gives (going abroad / international).",
        )
        return [self.figure(chart, name, caption)]

    def enrolment(
        self, name: str, caption: str, official: list[str], official_totals: list[str]
    ) -> list[Any]:
        """Official counts of students enrolled in one academic year, one panel per direction
        (`official`: official_figures measures), with the whole of foreign students
        (`official_totals`) where the data has it (a direction with no whole repeats itself)."""
        measures, totals = official, official_totals
        rows = []
        for m, total in zip(measures, totals, strict=True):
            found = self.official([m, total])
            heading = f"{m} ({', '.join(dict.fromkeys(found['short']))})"
            for _, o in found.iterrows():
                w = when(o["period"])
                rows.append(
                    self.source_mark(
                        o,
                        FAMILY_YEAR,
                        panel=heading,
                        x=w.x,
                        order=measures.index(m),
                        label=f"{span(o['period'])}"
                        + (" · all foreign students" if o["measure"] == total != m else ""),
                        tag=o["printed"].replace(" count", "")
                        + (" (about)" if "about" in str(o["note"]) else ""),
                    )
                )
        if not rows:
            return []
        rows = pd.DataFrame(rows).sort_values(["order", "x"], kind="stable").drop(columns="order")
        first = rows[rows["panel"] == rows["panel"].iloc[0]]
        title = (
            f"{measures[0]}: {number(first['value'].iloc[0])} in {span(first['period'].iloc[0])},"
            f" {number(first['value'].iloc[-1])} in {span(first['period'].iloc[-1])}"
        )
        chart = charts.dots(
            rows,
            title,
            "students enrolled in the year",
            note="official counts of one academic year; the papers' counts over "
            "a span of years are on the chart above, never on this axis.",
        )
        return [self.figure(chart, name, caption)]

    def findings(self, pairs: list[tuple[str, str]]) -> list[str]:
        """Per flow: a one-year official count beside the paper's count over a span first
        (where one year holds more than the whole span, that is the finding), then the
        paper's share of the two flows."""
        out = []
        for pr, wr in self._pairs(pairs):
            off = self.official([pr["measure"]], bearing=[pr["measure"]]).sort_values("period")
            # Only counts inside the paper's span bound it.
            end = pr["period"].split("/")[-1][:4]
            off = off[off["period"].str[:4] <= end]
            share = (
                f"{pr['short']} gives {pr['printed']} ({pr['measure']}) over "
                f"{span(pr['period'])}, {100 * pr['value'] / wr['value']:.1f}% of "
                f"{wr['printed']} ({pr['verdict']})."
            )
            if len(off):
                o = off.loc[off["value"].idxmax()]  # the largest one-year count: the bound
                counted = o["printed"].replace(" count", "")
                if o["value"] > pr["value"]:
                    out.append(
                        f"{o['short']} counted {counted} enrolled in the single "
                        f"{'academic year' if '/' in o['period'] else 'year'} "
                        f"{span(o['period'])}, more than the {pr['printed']} {pr['short']} "
                        f"gives for all of {span(pr['period'])}."
                    )
                else:
                    out.append(
                        f"{o['short']} counted {counted} enrolled in {span(o['period'])}, "
                        f"within the {pr['printed']} {pr['short']} gives for "
                        f"{span(pr['period'])}."
                    )
            out.append(share)
        return out
