"""What every section of a campaign review shares (private).

A section holds its numbers (``to_frame()``), the sentences a client reads
(``sentences``), notes on method and data (``notes``), a display table in the
reader's language (``view()``), an escaped HTML view (``_repr_html_``) and
JSON-safe data (``to_dict()``).

Examples
--------
>>> s = Section(language="en", currency="EUR", sentences=["<b>x</b>"], notes=[])
>>> "<b>" in s._repr_html_()
False
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd

from smtools.report import _text

__all__ = ["Section", "source_line", "week_labels", "new_axes", "localise"]


@dataclass(kw_only=True)
class Section:
    """Base of the review's sections.

    Attributes
    ----------
    language : {"fr", "en"}
        Language of the sentences, tables and charts.
    currency : str
        Currency of every amount.
    sentences : list of str
        What the client reads, with the numbers.
    notes : list of str
        Method and data notes (small print).
    """

    key: ClassVar[str] = "section"
    language: str
    currency: str
    sentences: list[str]
    notes: list[str] = field(default_factory=list)

    def heading(self) -> str:
        """The section's Markdown heading (``## …``) in the reader's language."""
        entry = _text.HEADINGS.get(self.key, {"en": self.key, "fr": self.key})
        return f"## {entry['fr' if self.language == 'fr' else 'en']}"

    def to_frame(self) -> pd.DataFrame:
        """The section's numbers (raw, one row per item)."""
        return pd.DataFrame()

    def view(self) -> pd.DataFrame | None:
        """The table shown to the client: localised headers, formatted values."""
        return None

    def _repr_html_(self) -> str:
        return _text.html_block(self.sentences, self.view(), notes=self.notes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe content: sentences, notes and the table's rows."""
        return _text.jsonable({"sentences": self.sentences, "notes": self.notes,
                               "rows": self.to_frame()})


def source_line(language: str, what: str) -> str:
    """A chart's source line: ``Source: …`` / ``Source : …``.

    Examples
    --------
    >>> source_line("fr", "Meta")
    'Source\\xa0: Meta'
    """
    return _text.say(language, f"Source: {what}", f"Source\u00a0: {what}")


def week_labels(weeks: Any, language: str) -> list[str]:
    """Short labels of weeks (their Monday): ``14/09`` / ``Sep 14``.

    Examples
    --------
    >>> week_labels(pd.to_datetime(["2026-09-14"]), "fr"), week_labels(
    ...     pd.to_datetime(["2026-09-14"]), "en")
    (['14/09'], ['Sep 14'])
    """
    out = []
    for w in pd.to_datetime(pd.Series(list(weeks))):
        out.append(f"{w:%d/%m}" if language == "fr" else f"{w:%b} {w.day}")
    return out


_NUMBER = re.compile(r"^[\u2212+-]?\d[\d,]*(\.\d+)?(%|k|M|B)?$")


def _french(text: str) -> str:
    """``1,234.5k`` → ``1 234,5 k``; text that is not a number is left alone."""
    if not _NUMBER.match(text):
        return text
    return (text.replace(",", "\u202f").replace(".", ",").replace("%", "\u00a0%")
            .replace("k", "\u00a0k").replace("M", "\u00a0M").replace("B", "\u00a0Md"))


@functools.cache
def _french_ticks() -> type:
    """The tick formatter class that writes a wrapped formatter's numbers the French way
    (made at first use: reviews are computed, and shared, without loading matplotlib)."""
    import matplotlib.ticker as mticker

    class FrenchTicks(mticker.Formatter):
        def __init__(self, inner: mticker.Formatter) -> None:
            self.inner = inner

        def set_axis(self, axis: Any) -> None:
            super().set_axis(axis)
            self.inner.set_axis(axis)

        def set_locs(self, locs: Any) -> None:
            self.inner.set_locs(locs)

        def __call__(self, x: float, pos: int | None = None) -> str:
            return _french(self.inner(x, pos))

        def format_ticks(self, values: Any) -> list[str]:
            return [_french(t) for t in self.inner.format_ticks(values)]

    return FrenchTicks


def localise(ax: Any, language: str) -> Any:
    """Write the numeric tick labels of a chart the French way (``7,5 %``, ``1,2 k``).

    Category and date ticks are left alone; English charts are unchanged.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from smtools import viz
    >>> fig, ax = plt.subplots(); _ = ax.plot([0, 1], [0.0, 0.075])
    >>> _ = ax.set_xticks([0, 1], ["Mark", "k"])
    >>> _ = viz.percent_axis(ax, decimals=1); _ = localise(ax, "fr")
    >>> fig.canvas.draw()
    >>> labels = [t.get_text() for t in ax.get_yticklabels()]
    >>> all(t.endswith("\xa0%") and "." not in t for t in labels), "7,0\xa0%" in labels
    (True, True)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['Mark', 'k']
    >>> plt.close(fig)
    """
    if language != "fr":
        return ax
    import matplotlib.ticker as mticker

    for axis in (ax.xaxis, ax.yaxis):
        old = axis.get_major_formatter()
        if isinstance(old, (mticker.ScalarFormatter, mticker.PercentFormatter,
                            mticker.FuncFormatter)):
            if isinstance(old, mticker.ScalarFormatter):
                old.set_useOffset(False)
            axis.set_major_formatter(_french_ticks()(old))
    return ax


def new_axes(ax: Any = None) -> Any:
    """``ax``, or new axes in the smtools theme."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    from smtools import viz

    viz.theme()
    _, ax = plt.subplots()
    return ax
