"""Students: the two flows between Türkiye and Azerbaijan. A paper's count over twenty years
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
            "twenty years are on the chart above, never on this axis.",
        )
        return [self.figure(chart, name, caption)]

    def findings(self, pairs: list[tuple[str, str]]) -> list[str]:
        out = []
        for pr, wr in self._pairs(pairs):
            off = self.official([pr["measure"]]).sort_values("period")
            line = (
                f"{pr['short']}: {pr['printed']} ({pr['measure']}) over "
                f"{span(pr['period'])} ({100 * pr['value'] / wr['value']:.1f}% of "
                f"{wr['printed']})."
            )
            if len(off):
                o = off.iloc[0]
                cmp = "more" if o["value"] > pr["value"] else "fewer"
                line = line[:-1] + (
                    f"; {o['short']} counted {o['printed'].replace(' count', '')} "
                    f"enrolled in the single year {span(o['period'])}, {cmp} than "
                    "the paper's twenty-year count."
                )
            out.append(line)
        return out
