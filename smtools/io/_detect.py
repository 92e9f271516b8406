"""Recognising an export's format from its header.

The first 60 lines are tried as header candidates (``#`` comment lines and
blank lines skipped, each with the delimiters it contains) against every
format. A match is complete when all the format's identifying columns are
there. Complete matches win, a platform format before a generic canonical
table, then the one recognising the most columns. When nothing is complete,
the closest format is the one recognising the most columns, and the error
names it with the identifying columns it still needs.

Examples
--------
>>> from smtools.io._text import Text
>>> text = Text("g.csv", b"Report\\nAll time\\nDay,Campaign,Impr.,Cost\\n2025-01-01,A,5,1\\n",
...             "utf-8")
>>> m = best(text)
>>> m.adapter.name, m.line
('google_ads', 3)
"""

from __future__ import annotations

from collections.abc import Iterator

from smtools.errors import DataError
from smtools.io import generic
from smtools.io._adapter import Adapter, Match
from smtools.io._text import DELIMITERS, Text, split_line
from smtools.io.ga4 import GA4
from smtools.io.google_ads import GoogleAds
from smtools.io.linkedin import LinkedIn
from smtools.io.meta import Meta
from smtools.io.tiktok import TikTok

__all__ = ["ADAPTERS", "best", "detect_text", "locate"]

#: The platform formats, by source name.
ADAPTERS: dict[str, Adapter] = {a.name: a for a in (Meta(), GoogleAds(), LinkedIn(), TikTok(),
                                                    GA4())}


def candidates(text: Text) -> Iterator[tuple[int, str, list[str]]]:
    """``(line, delimiter, cells)`` for every line that could be a header."""
    for i, line in enumerate(text.head(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        delims = [d for d in DELIMITERS if d in line] or [","]
        for d in delims:
            cells = split_line(line, d)
            if len(cells) > 1 or len(delims) == 1:
                yield i, d, cells


def _rank(m: Match) -> tuple[bool, bool, int, float]:
    """Complete matches first (a platform before a generic table), then the number of
    columns recognised, then the share of identifying columns found."""
    fraction, matched = m.score
    return (m.complete, m.complete and m.adapter.name != "csv", matched, fraction)


def best(text: Text, adapters: list[Adapter] | None = None, *, canonical: bool = True,
         ) -> Match | None:
    """The best header match over ``adapters`` (all platforms by default)."""
    pool = list(ADAPTERS.values()) if adapters is None else adapters
    top: Match | None = None
    for line, delim, cells in candidates(text):
        matches = [a.match(cells, line, delim) for a in pool]
        if canonical:
            matches.append(generic.probe(cells, line, delim))
        for m in matches:
            if top is None or _rank(m) > _rank(top):
                top = m
    return top


def detect_text(text: Text) -> Match:
    """The format of a decoded export, or a :class:`DataError` naming the closest one."""
    m = best(text)
    if m is not None and m.complete:
        return m
    raise unknown(text.file, m)


def unknown(file: str, m: Match | None) -> DataError:
    """The error for a file no format recognises."""
    known = ", ".join(a.title for a in ADAPTERS.values())
    if m is None or m.score[0] == 0:
        return DataError(
            f"not a known export: no line near the top looks like the header of a {known} "
            "export or of a canonical table", file=file,
            hint="pass --source and, for other files, --mapping with a column mapping "
                 "(see smtools.io.generic)")
    needs = m.needs()
    return DataError(
        f"not a known export; closest is {m.adapter.title}, which also needs: "
        f"{', '.join(needs)}", file=file, row=m.line, column=needs[0] if needs else None,
        hint=f"export the report again with {'these columns' if len(needs) > 1 else 'it'}, "
             "or map the columns yourself with --source csv --mapping FILE")


def locate(text: Text, adapter: Adapter) -> Match:
    """The header of ``adapter``'s format in ``text`` (``--source`` given explicitly)."""
    m = best(text, [adapter], canonical=False)
    if m is not None and m.complete:
        return m
    if m is None:
        raise DataError(f"this is not a {adapter.title} export: no header line found",
                        file=text.file, hint="check --source, or leave it out to recognise "
                        "the format from the header")
    needs = m.needs()
    raise DataError(
        f"this is not a {adapter.title} export, or it lacks the column(s) {', '.join(needs)}",
        file=text.file, row=m.line, column=needs[0],
        hint=f"export the report with {'these columns' if len(needs) > 1 else 'that column'}, "
             "or leave out --source to recognise the format from the header")
