"""The `claimbook` command: parses arguments and calls one plain function per command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from . import paths
from .errors import ClaimbookError, DataError


def check(package: Path = paths.DATAPACKAGE) -> str:
    """Validate the data package and the names the notebooks of its project (`notebooks/`
    beside `data/`, when there is one) look up in it; return the summary line."""
    from . import ledger, lookups

    data = ledger.load(package)
    problems = lookups.unknown(data, Path(package).resolve().parent.parent / "notebooks")
    if problems:
        raise DataError(problems)
    return ledger.summary(data)


def cmd_check(args: argparse.Namespace) -> None:
    """Validate the data package against its schemas, and the notebooks' names against it.

    On success prints one summary line; on failure prints one line per problem
    (`data/claims.csv:17: value: 'abc' is not a number`, or
    `notebooks/trade.ipynb: measure 'Turkey exports' is not in data/claims.csv`) and exits 2.

    Example:
        claimbook check
        claimbook check --package tests/data/good/datapackage.json
    """
    print(check(args.package))


def audit(
    fmt: str = "csv",
    package: Path = paths.DATAPACKAGE,
    about: float | None = None,
    sipri_revision: float | None = None,
    rounding: str | None = None,
    pace_factor: float | None = None,
) -> str:
    """The audit of every claim: CSV (one row per claim, with its checks as `kind:outcome`),
    a Markdown table, or JSON with the full evidence. Tolerances left None take the defaults."""
    from . import checks, ledger
    from .errors import ParameterError

    given = {
        "about": about,
        "sipri_revision": sipri_revision,
        "rounding": rounding,
        "pace_factor": pace_factor,
    }
    tol = {k: v for k, v in given.items() if v is not None}
    try:
        checks.tolerances(**tol)
    except ValueError as e:
        raise ParameterError(str(e)) from None
    data = ledger.load(package)
    if fmt == "json":
        return checks.as_json(data, **tol)
    table = checks.audit(data, **tol)
    if fmt == "markdown":
        cells = [[str(v).replace("|", "\\|") for v in row] for row in table.itertuples(index=False)]
        lines = ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
        return "\n".join(lines + ["| " + " | ".join(c) + " |" for c in cells])
    return table.to_csv(index=False, lineterminator="\n").rstrip("\n")


def cmd_audit(args: argparse.Namespace) -> None:
    """Print the audit: one row per claim with its verdict, reason, what it was compared with
    and its checks (each `kind:outcome`: arithmetic, another paper, primary source, repetition).

    Verdicts: differs, reproduced, corroborated, consistent, not comparable, unchecked (see the
    methods page); only independent evidence counts. `--format json` gives every check with
    its evidence and tolerance. The tolerances can be made stricter or looser.

    Example:
        claimbook audit
        claimbook audit --format markdown
        claimbook audit --format json --about 0.05 --sipri-revision 1 --rounding significant
        claimbook audit --pace-factor 3
    """
    print(
        audit(
            args.format,
            args.package,
            args.about,
            args.sipri_revision,
            args.rounding,
            args.pace_factor,
        )
    )


def refresh_sipri(register: Path, package: Path = paths.DATAPACKAGE) -> str:
    """Regenerate data/reference/sipri_tiv.csv from a register; record its edition stamp."""
    import json

    from . import sipri

    out, stamp = sipri.write_aggregates(register, package.parent / "reference")
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        if res["name"] == "sipri_tiv":
            for source in res.get("sources", []):
                source["version"] = f"Data generated: {stamp}"
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    tmp = package.with_name(package.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(package)
    return (
        f"wrote {paths.display(out)} (SIPRI data generated {stamp}); "
        f"edition recorded in {paths.display(package)}"
    )


def cmd_sipri(args: argparse.Namespace) -> None:
    """Regenerate the committed SIPRI aggregates from a trade register downloaded from SIPRI.

    Writes data/reference/sipri_tiv.csv (TIV by supplier, recipient and year) and records the
    register's "Data generated" stamp in data/datapackage.json. A file that is not a register
    is a one-line error naming its first bad line (exit 2); nothing is written then.

    Example:
        claimbook sipri --register ~/Downloads/trade_register.csv
    """
    print(refresh_sipri(args.register, args.package))


def cmd_build(args: argparse.Namespace) -> None:
    """Validate the data, execute every notebook of the grid (parallel, cached), build the book.

    The new book replaces _build/html only when everything succeeded.

    Example:
        claimbook build
        claimbook build --jobs 1
    """
    from . import book

    book.build(n_jobs=args.jobs)


def cmd_run(args: argparse.Namespace) -> None:
    """Execute notebooks with papermill: the whole grid, or the named ones with parameters.

    Parameters are checked before anything runs: an unknown name, a wrong type or a value
    outside the allowed set is a one-line error naming the parameter (exit 2). List values
    are comma-separated. Results go to _build/run/<notebook>/ (notebook.ipynb, figures/).

    Example:
        claimbook run --list
        claimbook run
        claimbook run timeline -p year_from 2000 -p relationships AZ-TR,TR-IL
        claimbook run surveys -p sample_size 400
    """
    from . import params, runner

    if args.list:
        print(params.describe_all())
        return
    runner.run_named(args.notebooks, dict(args.param or []), n_jobs=args.jobs)


def cmd_prepare(args: argparse.Namespace) -> None:
    """Write a ready-to-run copy of each per-paper page's notebook (launch buttons open them).

    The audit page of each paper is made from notebooks/audit.ipynb with `paper` set; this
    writes notebooks/audit/<paper>.ipynb with that parameter injected (papermill's
    prepare-only), so that opening it in Jupyter or on Binder audits that page's paper.
    Binder's postBuild and `make lab` run it; git ignores the copies.

    Example:
        claimbook prepare
    """
    from . import runner

    for path in runner.prepare():
        print(paths.display(path))


def cmd_pdf(args: argparse.Namespace) -> None:
    """Build the book (cached), then the PDF edition: _build/pdf/book.pdf.

    Every page, figure and the bibliography, after a title page (title, version, date, how
    to cite), printed from the single-page HTML by Debian's Chromium (CLAIMBOOK_CHROMIUM).

    Example:
        claimbook pdf
    """
    from . import publish

    publish.pdf()


def cmd_release(args: argparse.Namespace) -> None:
    """Write the release files to _build/release from the built book (and PDF if made).

    claimbook-<version>-html.tar.gz, its .sha256, claimbook-<version>-manifest.json (version,
    commit, date, file count, checksums) and claimbook-<version>.pdf.

    With --tag (the git tag being released), the tag must be v<version> of pyproject.toml.

    Example:
        claimbook release
        claimbook release --tag v0.1.0
    """
    from . import publish

    for f in publish.release(tag=args.tag):
        print(paths.display(f))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser: one sub-command per function, each with its docstring as help."""
    parser = argparse.ArgumentParser(
        prog="claimbook",
        description="Build and check the companion book to five papers on Azerbaijan, "
        "Türkiye and Israel.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], None]) -> argparse.ArgumentParser:
        doc = func.__doc__ or ""
        p = sub.add_parser(
            name,
            help=doc.strip().splitlines()[0],
            description=doc,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(func=func)
        return p

    p = add("check", cmd_check)
    p.add_argument("--package", type=Path, default=paths.DATAPACKAGE, help="datapackage.json")
    p = add("audit", cmd_audit)
    p.add_argument(
        "--format", choices=["csv", "markdown", "json"], default="csv", help="output format"
    )
    p.add_argument("--about", type=float, help="relative tolerance of 'about' (default 0.1)")
    p.add_argument(
        "--sipri-revision", type=float, help="SIPRI share revision tolerance, points (default 2)"
    )
    p.add_argument(
        "--rounding",
        choices=["half", "significant", "none"],
        help="how a printed number stands for its value (default half)",
    )
    p.add_argument(
        "--pace-factor",
        type=float,
        help="times a part of a year's monthly pace the rest may run (default 2)",
    )
    p.add_argument("--package", type=Path, default=paths.DATAPACKAGE, help="datapackage.json")
    p = add("sipri", cmd_sipri)
    p.add_argument("--register", type=Path, required=True, help="SIPRI trade register (CSV)")
    p.add_argument("--package", type=Path, default=paths.DATAPACKAGE, help="datapackage.json")
    p = add("run", cmd_run)
    p.add_argument("notebooks", nargs="*", metavar="NOTEBOOK", help="notebooks (default: all)")
    p.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="a parameter for the named notebooks (repeatable)",
    )
    p.add_argument("--list", action="store_true", help="print every notebook's parameters")
    p.add_argument("--jobs", type=int, default=None, help="notebooks at once (default: cores)")
    add("prepare", cmd_prepare)
    p = add("build", cmd_build)
    p.add_argument("--jobs", type=int, default=None, help="notebooks at once (default: cores)")
    add("pdf", cmd_pdf)
    p = add("release", cmd_release)
    p.add_argument("--tag", default=None, help="the git tag released: must be v<version>")
    return parser


def version() -> str:
    """The installed package's version (pyproject.toml's, as installed)."""
    from importlib.metadata import version as installed

    return installed("claimbook")


def main(argv: list[str] | None = None) -> int:
    """Entry point: run one command; a ClaimbookError becomes its message and exit 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except DataError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        print(f"claimbook {args.command}: {len(e.problems)} problem(s) found", file=sys.stderr)
        return e.exit_code
    except ClaimbookError as e:
        print(f"claimbook {args.command}: {e}", file=sys.stderr)
        return e.exit_code
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
