"""Where things are. Every other module takes paths as arguments with these as defaults."""

from __future__ import annotations

import os
from pathlib import Path

# The repository root (the folder holding pyproject.toml); CLAIMBOOK_ROOT overrides it for tests.
ROOT = Path(os.environ.get("CLAIMBOOK_ROOT", Path(__file__).resolve().parents[2]))
# The data package: claims ledger, events, reference tables and datapackage.json.
DATA = ROOT / "data"
# The data package descriptor every table is validated against.
DATAPACKAGE = DATA / "datapackage.json"
# Notebook templates, stored without outputs, one cell tagged `parameters`.
NOTEBOOKS = ROOT / "notebooks"
# Committed figures: SVG + PNG + the CSV of the plotted data.
FIGURES = ROOT / "figures"
# Everything a build makes; removed by `make clean`.
BUILD = ROOT / "_build"
# The published HTML book (replaced only by a successful build).
HTML = BUILD / "html"
# Where the book is assembled before Jupyter Book runs (executed notebooks + pages).
STAGE = BUILD / "stage"
# Executed-notebook cache, keyed on everything that can change an output.
CACHE = BUILD / "cache"
# The five papers' texts, beside the project (not part of it; used by quote checks).
PAPERS = Path(os.environ.get("CLAIMBOOK_PAPERS", ROOT.parent / "shared" / "papers"))
# Primary-source downloads beside the project (SIPRI register, official figures).
SHARED_REFERENCE = Path(
    os.environ.get("CLAIMBOOK_SHARED_REFERENCE", ROOT.parent / "shared" / "reference")
)


def display(path: Path, root: Path = ROOT) -> str:
    """A path as a reader should see it in a message: relative to the root when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return str(path)
