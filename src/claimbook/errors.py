"""Every exception claimbook raises on purpose; the CLI turns them into one-line messages."""

from __future__ import annotations


class ClaimbookError(Exception):
    """Base class: an error the user can fix, reported without a traceback (exit 2)."""

    exit_code = 2


class DataError(ClaimbookError):
    """The data package breaks its schema; carries one `file:line: column: problem` per problem."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class ParameterError(ClaimbookError):
    """A notebook parameter is unknown, of the wrong type, or outside its allowed values."""


class NotebookError(ClaimbookError):
    """A notebook raised while executing; names the notebook and the failing cell."""


class BuildError(ClaimbookError):
    """Jupyter Book failed or warned; the last good book is left in place."""


class RegisterError(ClaimbookError):
    """A file given as a SIPRI trade register is not one; names the first bad line and why."""


class UndeclaredTableError(ClaimbookError):
    """A notebook reads a table its entry in the notebook registry does not declare."""
