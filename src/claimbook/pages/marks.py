"""Chart marks from the data: a paper's claim (with its claim_id, period, qualifier and
verdict), an official figure (with its source and reporter), a growth rate as the level it
implies; and the official figures shaped for them. A mixin of Page (reads `self.data`)."""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd

from .. import checks, tables
from .periods import ledger_decimals

# Official tables' units that are the ledger's under another name.
UNIT_ALIASES = {"students": "count"}


class Marks:
    @staticmethod
    def paper_mark(r: pd.Series, family: str, **extra: Any) -> dict[str, Any]:
        """A paper's claim as a chart mark: its claim_id, period, qualifier and verdict."""
        return {
            "family": family,
            "mark": "paper",
            "label": r["measure"],
            "value": r["value"],
            "unit": r["unit"],
            "printed": r["printed"],
            "period": r["period"],
            "qualifier": r["qualifier"],
            "paper": r["paper"],
            "claim_id": r["claim_id"],
            "verdict": r["verdict"],
            "source": "",
            "who": r["short"],
            "kind": "paper",
            **extra,
        }

    @staticmethod
    def source_mark(o: pd.Series, family: str, **extra: Any) -> dict[str, Any]:
        """An official figure as a chart mark: its source body, reporter and period."""
        return {
            "family": family,
            "mark": "source",
            "label": o["quantity"],
            "value": o["value"],
            "unit": o["unit"],
            "printed": o["printed"],
            "period": o["period"],
            "qualifier": "exact",
            "paper": "",
            "claim_id": "",
            "verdict": "",
            "source": o["short"],
            "reported_by": o["reported_by"],
            "who": o["short"],
            "kind": "source",
            **extra,
        }

    @functools.cached_property
    def usable_official(self) -> pd.DataFrame:
        """The official rows the vetting (under the page's tolerances) does not flag: vetted
        once per page, not once per chart."""
        tol = checks.page_tolerances(self.parameters)
        return checks.vet_usable(self.data.tables["official_figures"], **tol)

    def official(
        self,
        measures: list[str] | None = None,
        quantities: list[str] | None = None,
        bearing: list[str] | None = None,
    ):
        """Official figures of these ledger measures or official quantities, or that bear on
        these measures (`bears_on`: another quantity that bounds them, e.g. one year's
        enrolment inside a count over a span)."""
        o = self.usable_official.copy()
        keep = o["measure"].isin(measures or []) | o["quantity"].isin(quantities or [])
        keep |= o["bears_on"].map(lambda b: bool(set(checks.bears_on(b)) & set(bearing or [])))
        o = o[keep]
        o["unit"] = o["unit"].replace(UNIT_ALIASES)
        o["period"] = o["period"].astype(str)
        o["short"] = o["source_body"].str.replace(r" \(.*\)$", "", regex=True)
        o["printed"] = [
            tables.format_value(v, ledger_decimals(v), u, "exact")
            for v, u in zip(o["value"], o["unit"], strict=True)
        ]
        return o

    def growth_mark(
        self, g: pd.Series, level: float, since: str, family: str, **extra: Any
    ) -> dict[str, Any]:
        """A paper's growth rate drawn as the level it implies: `level` (the official figure
        of the period before, `since`) times 1 + the rate."""
        implied = level * (1 + g["value"] / 100)
        return self.paper_mark(
            g, family, value=implied, printed=f"{g['printed']} on {since}", **extra
        )

    def bar_marks(self, c: pd.DataFrame, family: str, label, who: bool = True) -> pd.DataFrame:
        """One bar per claim: `label(row)` on the axis, the printed value, the paper (when
        `who`) and the verdict at the bar's end."""
        return pd.DataFrame(
            [
                self.paper_mark(
                    r,
                    family,
                    label=label(r),
                    end_text=" · ".join(
                        [r["printed"], *([r["short"]] if who else []), r["verdict"]]
                    ),
                )
                for _, r in c.iterrows()
            ]
        )
