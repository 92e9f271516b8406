"""Small helpers shared by the audience and influence result objects.

Examples
--------
>>> pct(0.1234), number(1234567.0), money(11.2, "EUR")
('12.3%', '1,234,567', '€11.20')
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["html_block", "money", "new_axes", "number", "pct"]

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


def pct(value: float, decimals: int = 1) -> str:
    """A fraction as a percentage ("n/a" when missing).

    Examples
    --------
    >>> pct(float("nan"))
    'n/a'
    """
    if value is None or not np.isfinite(value):
        return "n/a"
    return f"{value * 100:.{decimals}f}%"


def number(value: float) -> str:
    """A count with thousands separators ("n/a" when missing).

    Examples
    --------
    >>> number(12.0)
    '12'
    """
    if value is None or not np.isfinite(value):
        return "n/a"
    return f"{value:,.0f}"


def money(value: float, currency: str | None) -> str:
    """An amount with its currency symbol (or ISO code).

    Examples
    --------
    >>> money(3.0, "CHF")
    'CHF 3.00'
    """
    if value is None or not np.isfinite(value):
        return "n/a"
    code = str(currency or "")
    sym = _SYMBOLS.get(code)
    return f"{sym}{value:,.2f}" if sym else f"{code} {value:,.2f}".strip()


def new_axes(ax: Axes | None, *, size: tuple[float, float] | None = None) -> Axes:
    """The axes to draw on: ``ax`` or a new figure in the smtools theme.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = new_axes(None); plt.close(ax.figure)
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    from smtools import viz

    viz.theme()
    _, new = plt.subplots(figsize=size)
    return new


def html_block(title: str, sentence: str, frame: pd.DataFrame, formats: dict[str, str],
               notes: list[str] | None = None) -> str:
    """A heading, a sentence, the table and notes, as notebook HTML (all text escaped).

    Examples
    --------
    >>> "<h4>T</h4>" in html_block("T", "s", pd.DataFrame({"a": [1]}), {})
    True
    """
    from smtools import viz

    table = viz.table(frame, formats=formats).to_html()
    parts = [f"<h4>{html.escape(title)}</h4>", f"<p>{html.escape(sentence)}</p>", table]
    for note in notes or []:
        parts.append(f"<p style='color:#555;font-size:90%'>{html.escape(note)}</p>")
    return "<div>" + "".join(parts) + "</div>"
