"""The book's pages, one module per page family, on a small shared base (`base.py`).

Notebooks stay thin: `page = Page.load("trade", papers=papers)` gives the trade family's page;
each chart is one call that names its figure (`page.parts("trade-2021-parts", ...)`), so
`git grep` finds where a figure is made.
"""

from __future__ import annotations

from .arms import ArmsPage
from .audit import AuditPage, ClaimsPage
from .base import Page
from .consistency import ConsistencyPage
from .energy import EnergyPage
from .military import MilitaryPage
from .students import StudentsPage
from .surveys import SurveysPage
from .timeline import TimelinePage
from .trade import TradePage

Page.families.update(
    {
        "trade": TradePage,
        "energy": EnergyPage,
        "arms": ArmsPage,
        "students": StudentsPage,
        "surveys": SurveysPage,
        "military": MilitaryPage,
        "timeline": TimelinePage,
        "consistency": ConsistencyPage,
        "audit": AuditPage,
        "claims": ClaimsPage,
    }
)

__all__ = ["Page"]
