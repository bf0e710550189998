"""What a notebook run read, recorded for the runner's cache.

The runner sets CLAIMBOOK_INPUTS to a file of the run's own folder. While the kernel runs,
every file the package reads for it (data tables, schemas, the descriptor, a SIPRI register)
is added with `read`; so is, through an audit hook on `open`, any other file of the project
(outside `.venv`, `_build`, `.git` and `__pycache__`) or of the shared papers and references
that anything in the process opens for reading: a reader that forgets `read` is recorded all
the same. After every cell that ran (IPython's `post_run_cell`; at exit in a plain Python
process) the package's modules imported so far and its other files (matplotlibrc) are added,
then an `end` line. A listing whose last line is not `end` is incomplete: the runner then
counts every data file and the whole package as read. Without CLAIMBOOK_INPUTS nothing is
written: a notebook opened in Jupyter records nothing.
"""

from __future__ import annotations

import atexit
import os
import sys
from pathlib import Path

from . import paths

# The environment variable naming the listing a kernel appends to.
ENV = "CLAIMBOOK_INPUTS"
# The listing's last line once the modules of the cells run so far are recorded.
END = "end"
# Whether this process has its module recording hooked in (after each cell, or at exit).
_hooked = False
# The package files this process has listed already (each cell adds only new ones).
_listed: set[Path] = set()


def read(path: Path | str) -> None:
    """Record that this run reads `path` (nothing happens outside the runner)."""
    listing = os.environ.get(ENV)
    if listing:
        _hook()
        with open(listing, "a", encoding="utf-8") as f:
            f.write(f"{Path(path).resolve()}\n")


# Where a file opened for reading is an input of the run (the audit hook records it).
WATCHED = tuple(
    Path(os.path.realpath(p)) for p in (paths.ROOT, paths.PAPERS, paths.SHARED_REFERENCE)
)
# Parts of the project that are not inputs: the environment, the build's own output, git.
UNWATCHED = tuple(WATCHED[0] / name for name in (".venv", "_build", ".git"))
# Modes of `open` that write (a file opened so is an output, not an input).
WRITING = set("wax+")


def _audit(event: str, args: tuple) -> None:
    """The audit hook: record a project or shared file opened for reading under the runner."""
    if os.environ.get(ENV):
        path = opened_input(event, args)
        if path is not None:
            read(path)


def opened_input(event: str, args: tuple) -> Path | None:
    """The real path of the file an audit event opens for reading, when that file is an input
    (in the project outside `.venv`, `_build`, `.git` and `__pycache__`, or in the shared
    papers and references); else None."""
    if event != "open" or not isinstance(args[0], (str, os.PathLike)):
        return None  # another event, or an open of a file descriptor or bytes path
    mode = args[1]
    if mode is None:  # os.open: read-only flags only
        if args[2] & os.O_ACCMODE != os.O_RDONLY:
            return None
    elif WRITING & set(mode):
        return None
    path = Path(os.path.realpath(args[0]))
    if "__pycache__" in path.parts or not any(path.is_relative_to(w) for w in WATCHED):
        return None
    return None if any(path.is_relative_to(u) for u in UNWATCHED) else path


sys.addaudithook(_audit)


def _hook() -> None:
    """Record the modules after each cell of an IPython kernel, or at exit of a plain process."""
    global _hooked
    if _hooked:
        return
    _hooked = True
    shell = sys.modules["IPython"].get_ipython() if "IPython" in sys.modules else None
    if shell is not None:
        shell.events.register("post_run_cell", lambda *_: record_modules())
    else:
        atexit.register(record_modules)


def record_modules() -> None:
    """Add the package's modules this process imported and its other files, then `end`."""
    listing = os.environ.get(ENV)
    if not listing:
        return
    package = Path(__file__).resolve().parent
    files = {
        Path(m.__file__).resolve()
        for name, m in list(sys.modules.items())
        if (name == "claimbook" or name.startswith("claimbook.")) and getattr(m, "__file__", None)
    }
    files |= {p.resolve() for p in package.iterdir() if p.is_file() and p.suffix != ".py"}
    new = files - _listed
    _listed.update(new)
    with open(listing, "a", encoding="utf-8") as f:
        f.writelines(f"{p}\n" for p in sorted(new))
        f.write(f"{END}\n")


def recorded(listing: Path) -> list[Path] | None:
    """The files a finished run recorded, or None when its listing is missing or incomplete."""
    try:
        lines = Path(listing).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return None
    if not lines or lines[-1] != END:
        return None
    return sorted({Path(line) for line in lines if line and line != END})
