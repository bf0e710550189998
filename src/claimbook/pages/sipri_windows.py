"""SIPRI windows for the arms page: delivered TIV from the register given as a parameter or the
committed aggregates, consecutive windows of the parameter's length, shares and leaders."""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from .. import sipri

# A supplier is named on the shares chart when it held at least this share in some window.
NAMED_SHARE = 25.0
# Names as the book writes them where SIPRI's register spells them otherwise (the data keep
# SIPRI's spelling; the charts and sentences show these).
DISPLAY = {"Turkiye": "Türkiye"}


def shown(name: str) -> str:
    return DISPLAY.get(name, name)


# Windows on the shares chart (each as long as the `window` parameter, aligned with it).
WINDOWS = 4


class SipriWindows:
    """The SIPRI data of an arms page: the register or the committed aggregates, consecutive
    windows, each supplier's share per window and each window's leader (a mixin of Page:
    it reads `self.parameters` and `self.data`)."""

    @functools.cached_property
    def _sipri(self) -> tuple[pd.DataFrame, str]:
        """Delivered TIV and its edition: from the `sipri_register` parameter when given (read
        once), else the committed aggregates of the data package."""
        if self.parameters.get("sipri_register"):
            register = sipri.read_register(Path(self.parameters["sipri_register"]))
            return sipri.aggregate(register), register.generated
        return self.data.tables["sipri_tiv"], self.data.edition("sipri_tiv")

    def tiv(self) -> pd.DataFrame:
        return self._sipri[0]

    def edition(self) -> str:
        return self._sipri[1]

    def _source(self) -> str:
        return f"SIPRI Arms Transfers Database ({self.edition()})"

    def windows(self) -> list[tuple[int, int]]:
        """The last WINDOWS windows of the parameter's length, aligned with it, within the
        data's years."""
        first, last = (int(y) for y in self.parameters["window"].split("-"))
        n = last - first + 1
        end = int(self.tiv()["year"].max())
        starts = range(first - 20 * n, end - n + 2, n)
        return [(s, s + n - 1) for s in starts if s + n - 1 <= end][-WINDOWS:]

    def _shares(self) -> pd.DataFrame:
        """Each named supplier's share per window, the others summed as "all others"."""
        recipient = self.parameters["recipient"]
        rows = []
        for a, b in self.windows():
            s = sipri.supplier_shares(self.tiv(), recipient, a, b)
            for _, r in s.iterrows():
                rows.append(
                    {
                        "window": f"{a}-{b}",
                        "supplier": r["supplier"],
                        "share": float(r["share_percent"]),
                    }
                )
        t = pd.DataFrame(rows)
        named = set(t[t["share"] >= NAMED_SHARE]["supplier"]) | {self.parameters["supplier"]}
        t["supplier"] = t["supplier"].where(t["supplier"].isin(named), "all others")
        t = t.groupby(["window", "supplier"], sort=False)["share"].sum().reset_index()
        full = pd.MultiIndex.from_product([t["window"].unique(), t["supplier"].unique()])
        t = t.set_index(["window", "supplier"]).reindex(full, fill_value=0.0).reset_index()
        return t.rename(columns={"level_0": "window", "level_1": "supplier"})

    def leaders(self) -> list[tuple[str, str, float]]:
        t = self._shares()
        t = t[t["supplier"] != "all others"]
        return [
            (w, g.loc[g["share"].idxmax(), "supplier"], g["share"].max())
            for w, g in t.groupby("window", sort=False)
        ]
