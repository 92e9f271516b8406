"""One error hierarchy for everything smtools refuses to do.

Every message says what was wrong, where (file, row, column, parameter) and how
to fix it, so that a planner can act on it without reading a traceback.

Examples
--------
>>> err = DataError("text in a numeric column", file="meta.csv", row=7,
...                 column="Impressions", hint="remove the text or leave the cell empty")
>>> print(err)  # doctest: +NORMALIZE_WHITESPACE
meta.csv, row 7, column 'Impressions': text in a numeric column.
Fix: remove the text or leave the cell empty.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SmtoolsError", "DataError", "BriefError", "RunError"]


class SmtoolsError(Exception):
    """Base class of every error smtools raises on purpose."""


class DataError(SmtoolsError, ValueError):
    """Input data that cannot be used as it is.

    Parameters
    ----------
    message : str
        What is wrong, in one sentence.
    file : str or Path, optional
        The file the data came from.
    row : int, optional
        1-based line number in that file (header lines included).
    column : str, optional
        The column (as named in the file) that holds the bad value.
    hint : str, optional
        How to fix it.

    Examples
    --------
    >>> DataError("negative spend", file="x.csv", row=3, column="Cost").row
    3
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.row = row
        self.column = column
        self.hint = hint
        super().__init__(self._format())

    def _format(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        text = f"{', '.join(where)}: {self.message}" if where else self.message
        if self.hint:
            text += f". Fix: {self.hint}"
            if not text.endswith("."):
                text += "."
        return text

    def located(self, *, file: str | Path | None = None) -> DataError:
        """Return a copy of the error with ``file`` filled in when it was unknown."""
        return DataError(
            self.message,
            file=self.file or (str(file) if file is not None else None),
            row=self.row,
            column=self.column,
            hint=self.hint,
        )


class BriefError(SmtoolsError, ValueError):
    """A client brief that is missing, malformed or inconsistent.

    Examples
    --------
    >>> str(BriefError("clients/acme.yaml: campaign.end is before campaign.start"))
    'clients/acme.yaml: campaign.end is before campaign.start'
    """


class RunError(SmtoolsError, RuntimeError):
    """A notebook run that failed.

    Parameters
    ----------
    message : str
        What failed.
    client : str, optional
        The client slug of the run.
    notebook : str, optional
        The notebook that was executed.
    cell : int, optional
        Index of the failing cell.
    partial : str or Path, optional
        Path of the partially executed notebook kept for inspection.

    Examples
    --------
    >>> RunError("cell 4 raised KeyError", client="acme", cell=4).cell
    4
    """

    def __init__(
        self,
        message: str,
        *,
        client: str | None = None,
        notebook: str | None = None,
        cell: int | None = None,
        partial: str | Path | None = None,
    ) -> None:
        self.message = message
        self.client = client
        self.notebook = notebook
        self.cell = cell
        self.partial = str(partial) if partial is not None else None
        where = ", ".join(
            p for p in (
                f"client '{client}'" if client else "",
                notebook or "",
                f"cell {cell}" if cell is not None else "",
            ) if p
        )
        text = f"{where}: {message}" if where else message
        if self.partial:
            text += f" (partial notebook kept at {self.partial})"
        super().__init__(text)
