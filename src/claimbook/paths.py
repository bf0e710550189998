"""Where things are. Every other module takes paths as arguments with these as defaults.

The project root is found from the working directory upwards: the first folder that holds
both `data/datapackage.json` and `_toc.yml`. So the package works the same installed (Binder's
`pip install .`, where the package's own file lies in site-packages) or editable, run from the
root, from `notebooks/` or from a sub-folder. CLAIMBOOK_ROOT overrides the search (tests, and a
notebook run from outside the project). Outside any project the working directory stands in,
and reading the data then fails with a message naming the missing file.
"""

from __future__ import annotations

import os
from pathlib import Path

# What marks the project root.
MARKERS = ("data/datapackage.json", "_toc.yml")


def find_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` (default: the working directory) that holds
    every marker, or None."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if all((folder / m).is_file() for m in MARKERS):
            return folder
    return None


def _root() -> Path:
    override = os.environ.get("CLAIMBOOK_ROOT")
    if override:
        return Path(override).resolve()
    return find_root() or Path.cwd().resolve()


ROOT = _root()
# The data package: claims ledger, events, reference tables and datapackage.json.
DATA = ROOT / "data"
DATAPACKAGE = DATA / "datapackage.json"
# Notebook templates, stored without outputs, one cell tagged `parameters`.
NOTEBOOKS = ROOT / "notebooks"
# Committed figures: only `claimbook build` writes here.
FIGURES = ROOT / "figures"
# Everything a build or a hand run makes; removed by `make clean`.
BUILD = ROOT / "_build"
# Figures of a notebook run by hand (Jupyter, papermill): never the committed ones.
HAND_FIGURES = BUILD / "figures"
# The published HTML book (replaced only by a successful build).
HTML = BUILD / "html"
# Where the book is assembled before Jupyter Book runs (executed notebooks + pages).
STAGE = BUILD / "stage"
# Executed-notebook cache, keyed on everything that can change an output.
CACHE = BUILD / "cache"
# Stamps of data tables that passed validation (`ledger.validate`).
CHECKED = CACHE / "checked"
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
