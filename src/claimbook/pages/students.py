"""Students: the two flows between Türkiye and Azerbaijan. A paper's count over a span of years
and an official count of one academic year are different quantities, so they never share an
axis: one chart for the paper's cumulative counts (each against its whole), one for the
enrolments of single years."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import charts, checks, style, tables
from .base import Page
from .periods import span, when

FAMILY_CUMULATIVE = "students over two decades, count (cumulative)"
FAMILY_YEAR = "students enrolled in one academic year, count"


class StudentsPage(Page):
    def deciding(self, c: pd.Series) -> pd.Series | None:
        """The official row the audit's deciding check compares a claim with (its
        `compared_with`, `official:<figure_id>`), when that check bounds the claim (a verdict
        other than unchecked or not comparable); None otherwise."""
        v = self.verdicts.loc[c["claim_id"]]
        if v["verdict"] in ("unchecked", "not comparable"):
            return None
        ids = [i.removeprefix("official:") for i in str(v["compared_with"]).split()]
        o = self.official([c["measure"]], bearing=[c["measure"]])
        o = o[o["figure_id"].isin([i for i in ids if i])]
        return o.iloc[0] if len(o) else None

    def about(self, o: pd.Series) -> tuple[str, float, float]:
        """An official figure's qualifier (the row's: "about" when its source states it so)
        and the interval the audit gives it (the value itself when stated as printed)."""
        if checks.qualifier_of(o) != "about":
            return "exact", o["value"], o["value"]
        tol = checks.Tolerances(**checks.page_tolerances(self.parameters))
        got = checks.interval(o["value"], 0, "about", "", tol)
        return "about", got.lo, got.hi

    def bound(self, name: str, caption: str, measures: list[str]) -> list[Any]:
        """A paper's count over a span beside the lower bound that the audit's deciding
        one-year enrolment implies for the same span (everyone enrolled that year went within
        it): both counts over the span, one axis; the bound an open-ended mark."""
        rows, titles = [], []
        for _, c in self.claims(measures).iterrows():
            o = self.deciding(c)
            if o is None:
                continue
            year, over = span(o["period"]), span(c["period"])
            panel = f"{c['measure'].removesuffix(' (cumulative)')}: everyone over {over}"
            rows.append(
                self.paper_mark(
                    c, FAMILY_CUMULATIVE, panel=panel, label=c["short"], row="paper",
                    tag=f"{c['printed']} · {c['verdict']}",
                )
            )  # fmt: skip
            rows.append(
                self.source_mark(
                    o,
                    FAMILY_CUMULATIVE,
                    panel=panel,
                    row="bound",
                    label=f"bound from {o['short']} {year}",
                    period=c["period"],
                    qualifier="at_least",
                    printed=f"at least {o['printed']}",
                    tag=f"at least {o['printed']}: all enrolled in {year} went within {over}",
                    bound_from=o["figure_id"],
                )
            )
            titles.append(
                f"{c['short']} counts {c['printed']} over {over}; {o['short']}'s {year} "
                f"enrolment alone implies at least {o['printed']}"
            )
        if not rows:
            return []
        rows, title = pd.DataFrame(rows), titles[0]
        chart = charts.dots(
            rows,
            title,
            "students, count over the span",
            note="the bound: everyone enrolled in one academic year inside the span started "
            "within it, so a count over the span is at least that year's enrolment.",
        )
        return [self.figure(chart, name, caption)]

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
                end_text=f"{pr['printed']} of the {wr['printed']} "
                f"{wr['measure'].removesuffix(' (cumulative)')} ({share:.1f}%) · {pr['verdict']}",
            )
            rows.append(rest)
        if not rows:
            return []
        rows = pd.DataFrame(rows)
        # The two shares are of different wholes: the title names the flows, not a
        # comparison of their percentages (each share is written beside its own whole).
        title = (
            f"{self._pairs(pairs)[0][0]['short']}'s two flows, each a part of a different "
            "whole: those who went abroad, international students"
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
            who = ", ".join(dict.fromkeys(found["short"]))
            heading = f"{m} ({who})"
            if total != m:
                heading = f"{total}, of which {m.split(' enrolled')[0]} ({who})"
            whole = found[(found["measure"] == total) & (total != m)].set_index("period")
            for _, o in found.iterrows():
                w, qualifier, lo, hi = when(o["period"]), *self.about(o)
                printed = tables.format_value(o["value"], 0, "count", qualifier)
                mark = self.source_mark(
                    o, FAMILY_YEAR, panel=heading, x=w.x, order=measures.index(m),
                    label=span(o["period"]), qualifier=qualifier, printed=printed,
                    low=lo if qualifier != "exact" else float("nan"),
                    high=hi if qualifier != "exact" else float("nan"),
                    tag=printed + (f" (±{(hi - lo) / 2:,.0f})" if qualifier != "exact" else ""),
                )  # fmt: skip
                # A part whose whole the data has for the same year: drawn within it, one row.
                if o["measure"] == total != m:
                    mark |= {"bar": "whole", "row": f"{heading} {o['period']}"}
                    mark["tag"] = printed
                    mark["label"] += f" · all {total.split(' enrolled')[0].lower()}"
                elif o["period"] in whole.index:
                    share = 100 * o["value"] / whole.loc[o["period"], "value"]
                    mark |= {
                        "bar": "part",
                        "row": f"{heading} {o['period']}",
                        "part_of": whole.loc[o["period"], "figure_id"],
                    }
                    mark["tag"] = f"of which {printed} {m.split(' enrolled')[0]} ({share:.0f}%)"
                rows.append(mark)
        if not rows:
            return []
        rows = pd.DataFrame(rows)
        # In each panel by year; a whole before its part on a shared row (drawn within it).
        nest = (rows["bar"] != "whole").astype(int) if "bar" in rows else 0
        rows = rows.assign(nest=nest).sort_values(["order", "x", "nest"], kind="stable")
        rows = rows.drop(columns=["order", "nest"])
        first = rows[rows["panel"] == rows["panel"].iloc[0]].sort_values("x", kind="stable")
        title = (
            f"{measures[0]}: {first['printed'].iloc[0]} in {span(first['period'].iloc[0])},"
            f" {first['printed'].iloc[-1]} in {span(first['period'].iloc[-1])}"
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
            share = (
                f"{pr['short']} gives {pr['printed']} ({pr['measure']}) over "
                f"{span(pr['period'])}, {100 * pr['value'] / wr['value']:.1f}% of "
                f"{wr['printed']} ({pr['verdict']})."
            )
            # The one-year count the audit's deciding check uses (its evidence, not a pick
            # of our own): a bound only when inside the span.
            o = self.deciding(pr)
            if o is not None:
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
