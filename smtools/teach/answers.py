"""How an exercise reads a student's answer and compares it with the expected one.

Each *answer form* reads whatever a student is likely to type — ``0.58``,
``"58 %"``, ``"58,0 %"``, ``Fraction(29, 50)``, ``"Google Search"``, ``"oui"``,
``{"awareness": [...]}``, a pandas Series — into one canonical value, then
compares it with the expected value within the exercise's tolerance. A form
never puts the expected value in what it says: its ``detail`` explains *what*
is off (a missing item, a sum that does not match the budget, a factor of 100),
never what the right value is.

==================  =====================================================
form                reads
==================  =====================================================
:class:`Number`     a number (``1 234,5``, ``"€300"``, ``Fraction``, a 1-item Series)
:class:`Share`      a ratio, as a fraction or a percentage (``0.58``, ``"58%"``, 58)
:class:`Choice`     one option, case-, accent- and spelling-insensitive
:class:`YesNo`      ``True``/``False``, yes/no, oui/non, significant/not significant
:class:`Items`      several options (list, set, tuple, Series, Index)
:class:`Labels`     a mapping key → option (dict, Series, two-column DataFrame)
:class:`Numbers`    a number per key (dict, Series, DataFrame column)
:class:`Slot`       a weekday and an hour (``"Wednesday 21:00"``, ``("wed", 21)``)
:class:`Split`      a budget split, judged by what it earns (dict, Series, Allocation)
==================  =====================================================

Examples
--------
>>> Share(abs_tol=0.005).compare("58,2 %", 0.58).ok
True
>>> Number(rel_tol=0.01).compare("1 234,5", 1234.0).ok
True
>>> Choice(aliases={"reels": "reel"}).compare("Reels", "reel").ok
True
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "Choice",
    "Comparison",
    "Form",
    "Items",
    "Labels",
    "Number",
    "Numbers",
    "Share",
    "Slot",
    "Split",
    "AnswerError",
    "YesNo",
    "normalise",
    "read_number",
]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_NAMES = {
    **{d.lower(): i for i, d in enumerate(WEEKDAYS)},
    **{d[:3].lower(): i for i, d in enumerate(WEEKDAYS)},
    **{d: i for i, d in enumerate(("lundi", "mardi", "mercredi", "jeudi", "vendredi",
                                   "samedi", "dimanche"))},
    **{d: i for i, d in enumerate(("lun", "mar", "mer", "jeu", "ven", "sam", "dim"))},
}
_YES = {"yes", "y", "true", "oui", "o", "vrai", "1", "significant", "significatif",
        "significative", "it is significant", "c'est significatif"}
_NO = {"no", "n", "false", "non", "faux", "0", "not significant", "non significatif",
       "non significative", "pas significatif", "it is not significant", "insignificant"}


class AnswerError(ValueError):
    """The answer cannot be read in the exercise's form; the message says how to write it."""


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing an answer with the expected value.

    Attributes
    ----------
    ok : bool
        Within the tolerance.
    detail : str
        What is off (never the expected value); empty when nothing useful can be said.
    note : str
        How the answer was read, when it matters (e.g. "read as a percentage").
    """

    ok: bool
    detail: str = ""
    note: str = ""


# --------------------------------------------------------------------------- reading helpers
def normalise(text: str) -> str:
    """Lower case, accents removed, ``_``/``-`` and runs of spaces turned into one space.

    Examples
    --------
    >>> normalise("  Notoriété_de  marque ")
    'notoriete de marque'
    """
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[_\-]+", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


_CURRENCY = re.compile(r"(eur|usd|gbp|chf|€|\$|£)", re.I)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")


def _scalar(value: Any) -> Any:
    """A one-element Series, Index, array, list or 1×1 DataFrame → its element."""
    if isinstance(value, pd.DataFrame):
        if value.size == 1:
            return value.iloc[0, 0]
        raise AnswerError(f"a table of {value.shape[0]} rows × {value.shape[1]} columns is not "
                         "one number: pick the cell you mean, e.g. table.loc['tiktok', 'cpa']")
    if isinstance(value, (pd.Series, pd.Index, np.ndarray, list, tuple)):
        if len(value) == 1:
            return value.iloc[0] if isinstance(value, pd.Series) else next(iter(value))
        raise AnswerError(f"{len(value)} values are not one number: pick the one you mean")
    return value


def read_number(value: Any) -> tuple[float, bool]:
    """A number from a student's answer, and whether it was written as a percentage.

    Accepts ints, floats, numpy and pandas scalars, :class:`fractions.Fraction`,
    one-element Series or arrays, and text: ``"1 234,5"``, ``"1,234.5"``,
    ``"€300"``, ``"58 %"``, ``"3/4"``, ``"−0,1"``.

    Raises
    ------
    AnswerError
        When no number can be read (the message says how to write one).

    Examples
    --------
    >>> read_number("58,5 %"), read_number("1,234.5"), read_number(Fraction(3, 4))
    ((0.585, True), (1234.5, False), (0.75, False))
    """
    value = _scalar(value)
    if isinstance(value, (bool, np.bool_)):
        raise AnswerError("True/False is not a number: give a number such as 0.42")
    if isinstance(value, Fraction):
        return float(value), False
    if isinstance(value, numbers.Number):
        out = float(value)  # type: ignore[arg-type]
        if not math.isfinite(out):
            raise AnswerError(f"{value!r} is not a finite number")
        return out, False
    if isinstance(value, str):
        text = value.strip().replace("\u2212", "-")
        percent = text.endswith("%")
        text = _CURRENCY.sub("", text.rstrip("%"))
        text = _SPACES.sub("", text)
        if re.fullmatch(r"-?\d+(\.\d+)?/\d+(\.\d+)?", text):
            num, den = text.split("/")
            if float(den) == 0:
                raise AnswerError(f"{value!r} divides by zero")
            out = float(num) / float(den)
        else:
            if "," in text and "." in text:
                if text.rfind(",") > text.rfind("."):
                    text = text.replace(".", "").replace(",", ".")
                else:
                    text = text.replace(",", "")
            elif "," in text:
                if re.fullmatch(r"-?[1-9]\d{0,2}(,\d{3})+", text):
                    text = text.replace(",", "")
                else:
                    text = text.replace(",", ".")
            try:
                out = float(text)
            except ValueError:
                raise AnswerError(f"I could not read {value!r} as a number: write e.g. 0.42, "
                                 "'42%' or 1234.5") from None
        if not math.isfinite(out):
            raise AnswerError(f"{value!r} is not a finite number")
        return (out / 100.0 if percent else out), percent
    raise AnswerError(f"a {type(value).__name__} is not a number: give a number such as 0.42")


def _fmt(x: float) -> str:
    return f"{x:,.4g}"


def _factor_detail(given: float, expected: float) -> str:
    """A hint when the answer is off by a round factor (units, percentages, thousands)."""
    if expected == 0 or given == 0:
        return ""
    ratio = abs(given / expected)
    for factor, why in ((100.0, "a factor of 100: percentage and fraction mixed up?"),
                        (1000.0, "a factor of 1,000: check the ×1,000 of a CPM or the units"),
                        (1e6, "a factor of a million: check the units")):
        if abs(ratio / factor - 1) < 0.02 or abs(ratio * factor - 1) < 0.02:
            return f"Your answer is off by {why}"
    if abs(given / expected + 1) < 0.02:
        return "Your answer has the wrong sign."
    return ""


def _number_forms(x: float, *, integer: bool = False) -> list[str]:
    """Ways an expected number could be written in a message (for leak checks)."""
    forms = {f"{x:.4g}", f"{x:.3g}", f"{x:,.2f}", f"{x:.2f}"}
    if integer or abs(x) >= 100:
        forms |= {f"{x:,.0f}", f"{x:.0f}", f"{x:,.0f}".replace(",", " ")}
    if abs(x) >= 1000:
        forms |= {f"{x:,.1f}"}
    if abs(x) < 1:
        forms |= {f"{x:.3f}", f"{x:.4f}"}
    return sorted(f for f in forms if len(f.strip("-0.,")) >= 2 or integer)


# --------------------------------------------------------------------------- forms
@dataclass(frozen=True)
class Form:
    """Base of the answer forms: read, compare, describe, render, wrong example."""

    #: How to write the answer, shown when it cannot be read.
    describe: str = "an answer"

    def read(self, answer: Any) -> Any:  # pragma: no cover - abstract
        """The answer in canonical form (raises :class:`AnswerError`)."""
        raise NotImplementedError

    def compare(self, answer: Any, expected: Any) -> Comparison:  # pragma: no cover - abstract
        """Read ``answer`` and compare it with ``expected``."""
        raise NotImplementedError

    def tolerance(self) -> str:
        """The tolerance in words (for the trainer's key)."""
        return "exact"

    def render(self, expected: Any) -> str:
        """The expected value written for the trainer's key."""
        return str(expected)

    def forms(self, expected: Any) -> list[str]:
        """Strings that would reveal ``expected`` if they appeared in a message."""
        return [str(expected)]

    def wrong_example(self, expected: Any) -> Any:  # pragma: no cover - abstract
        """An answer this form must reject (used by the test suite)."""
        raise NotImplementedError

    def listing(self) -> str:
        """The options as a message lists them (every option: it reveals none)."""
        options = getattr(self, "options", ())
        return f"({', '.join(options)})" if options else ""


@dataclass(frozen=True)
class Number(Form):
    """A number, within an absolute and/or relative tolerance.

    Examples
    --------
    >>> n = Number(abs_tol=0.5)
    >>> n.compare(150.3, 150.0).ok, n.compare("€151", 150.0).ok
    (True, False)
    >>> n.compare(15000, 150.0).detail
    'Your answer is off by a factor of 100: percentage and fraction mixed up?'
    """

    describe: str = "a number, e.g. 1234.5"
    abs_tol: float | None = None
    rel_tol: float | None = None
    integer: bool = False
    unit: str = ""

    def read(self, answer: Any) -> float:
        """The number (a percentage sign divides by 100)."""
        return read_number(answer)[0]

    def _close(self, given: float, expected: float) -> bool:
        tol = 0.0
        if self.abs_tol is not None:
            tol = max(tol, self.abs_tol)
        if self.rel_tol is not None:
            tol = max(tol, self.rel_tol * abs(expected))
        return abs(given - expected) <= tol + 1e-12

    def compare(self, answer: Any, expected: Any) -> Comparison:
        """Within the tolerance?"""
        given = self.read(answer)
        exp = float(expected)
        if self._close(given, exp):
            return Comparison(True)
        return Comparison(False, _factor_detail(given, exp))

    def tolerance(self) -> str:
        """``± 0.5`` and/or ``± 1%``."""
        parts = []
        if self.abs_tol is not None:
            parts.append(f"± {self.abs_tol:g}{(' ' + self.unit) if self.unit else ''}")
        if self.rel_tol is not None:
            parts.append(f"± {self.rel_tol:.1%} of the value")
        return " or ".join(parts) or "exact"

    def render(self, expected: Any) -> str:
        """The number with separators (and the unit)."""
        x = float(expected)
        text = f"{x:,.0f}" if self.integer else (f"{x:,.2f}" if abs(x) >= 10 else f"{x:.4g}")
        return f"{text} {self.unit}".strip()

    def forms(self, expected: Any) -> list[str]:
        """Renderings of the expected number."""
        return _number_forms(float(expected), integer=self.integer)

    def wrong_example(self, expected: Any) -> float:
        """1.5 × the expected value plus one."""
        return float(expected) * 1.5 + 1.0


@dataclass(frozen=True)
class Share(Number):
    """A ratio that may be written as a fraction (0.58) or a percentage (``"58%"`` or 58).

    A bare number that is 100 times the expected value is read as a
    percentage (and the verdict says so).

    Examples
    --------
    >>> s = Share(abs_tol=0.005)
    >>> [s.compare(a, 0.58).ok for a in (0.58, "58%", "58,3 %", 58, Fraction(29, 50), 0.6)]
    [True, True, True, True, True, False]
    """

    describe: str = "a fraction such as 0.42 or a percentage such as '42%'"

    def compare(self, answer: Any, expected: Any) -> Comparison:
        """Within the tolerance, as a fraction or (bare numbers) as a percentage."""
        given, percent = read_number(answer)
        exp = float(expected)
        if self._close(given, exp):
            return Comparison(True)
        if not percent and self._close(given / 100.0, exp):
            return Comparison(True, note="read as a percentage")
        return Comparison(False, _factor_detail(given, exp))

    def tolerance(self) -> str:
        """``± 0.5 point`` and/or ``± 1% of the value``."""
        parts = []
        if self.abs_tol is not None:
            parts.append(f"± {self.abs_tol * 100:g} percentage point"
                         + ("s" if self.abs_tol * 100 != 1 else ""))
        if self.rel_tol is not None:
            parts.append(f"± {self.rel_tol:.1%} of the value")
        return " or ".join(parts) or "exact"

    def render(self, expected: Any) -> str:
        """``58.0% (0.580)``."""
        x = float(expected)
        return f"{x:.2%} ({x:.4f})"

    def forms(self, expected: Any) -> list[str]:
        """Fraction and percentage renderings."""
        x = float(expected)
        forms = set(_number_forms(x))
        forms |= {f"{x:.0%}", f"{x:.1%}", f"{x:.2%}", f"{x * 100:.1f}%", f"{x * 100:.1f} %",
                  f"{x * 100:.3g}"}
        return sorted(f for f in forms if len(f.strip("-0.,%")) >= 2)

    def wrong_example(self, expected: Any) -> float:
        """The expected share plus 12 points."""
        return float(expected) + 0.12


def _network_or_text(text: str) -> str:
    from smtools import networks

    for candidate in (text, normalise(text)):
        if networks.is_known(candidate):
            return networks.canonical(candidate)
    return normalise(text)


@dataclass(frozen=True)
class Choice(Form):
    """One option out of several, compared after normalising spelling.

    Network names are recognised in any spelling (``"Google Search"``,
    ``"google_search"``, ``"google"``); ``aliases`` maps other spellings
    (French words, plurals) to the canonical option.

    Examples
    --------
    >>> c = Choice(aliases={"bobine": "reel"})
    >>> c.compare("Google Search", "google_search").ok, c.compare("bobine", "reel").ok
    (True, True)
    """

    describe: str = "one of the options, as text"
    aliases: Mapping[str, str] = field(default_factory=dict)
    options: tuple[str, ...] = ()

    def read(self, answer: Any) -> str:
        """The canonical option."""
        answer = _scalar(answer)
        if not isinstance(answer, str) or not answer.strip():
            raise AnswerError(f"give {self.describe} (in quotes), e.g. \"instagram\"")
        key = normalise(answer)
        aliases = {normalise(k): v for k, v in self.aliases.items()}
        if key in aliases:
            return str(aliases[key])
        return _network_or_text(answer)

    def canonical(self, value: Any) -> str:
        """An expected value or option in canonical form."""
        return self.read(str(value))

    def compare(self, answer: Any, expected: Any) -> Comparison:
        """Same option?"""
        given = self.read(answer)
        if given == self.canonical(expected):
            return Comparison(True)
        known = {self.canonical(o) for o in self.options}
        if known and given not in known:
            return Comparison(False, f"“{answer}” is not one of the options {self.listing()}.")
        return Comparison(False)

    def forms(self, expected: Any) -> list[str]:
        """The option and its display name."""
        from smtools import networks

        out = {str(expected), str(expected).replace("_", " ")}
        if networks.is_known(str(expected)):
            out.add(networks.display(str(expected)))
        return sorted(out)

    def wrong_example(self, expected: Any) -> str:
        """Another option (or a made-up one)."""
        for o in self.options:
            if self.canonical(o) != self.canonical(expected):
                return o
        return "none of them"


@dataclass(frozen=True)
class YesNo(Form):
    """Yes or no: ``True``/``False``, ``"yes"``/``"no"``, ``"oui"``/``"non"``, 1/0…

    Examples
    --------
    >>> [YesNo().read(a) for a in (True, "Oui", "not significant", 0)]
    [True, True, False, False]
    """

    describe: str = "True or False (or 'yes' / 'no')"

    def read(self, answer: Any) -> bool:
        """The boolean."""
        answer = _scalar(answer)
        if isinstance(answer, (bool, np.bool_)):
            return bool(answer)
        if isinstance(answer, numbers.Number) and answer in (0, 1):
            return bool(answer)
        if isinstance(answer, str):
            key = normalise(answer).rstrip(".!")
            if key in _YES:
                return True
            if key in _NO:
                return False
        raise AnswerError(f"I could not read {answer!r} as yes or no: write True or False")

    def compare(self, answer: Any, expected: Any) -> Comparison:
        """Same truth value?"""
        return Comparison(self.read(answer) == bool(expected))

    def render(self, expected: Any) -> str:
        """``yes`` or ``no``."""
        return "yes (True)" if expected else "no (False)"

    def forms(self, expected: Any) -> list[str]:
        """Nothing to leak beyond the verdict itself."""
        return []

    def wrong_example(self, expected: Any) -> bool:
        """The opposite."""
        return not bool(expected)


def _iterable(answer: Any) -> list[Any]:
    if isinstance(answer, str):
        return [p for p in re.split(r"[,;/+]| and | et ", answer) if p.strip()]
    if isinstance(answer, pd.DataFrame):
        if answer.shape[1] != 1:
            raise AnswerError("give the items as a list, e.g. ['reach', 'roas']")
        return answer.iloc[:, 0].tolist()
    if isinstance(answer, (pd.Series, pd.Index, np.ndarray)):
        return list(answer)
    if isinstance(answer, Mapping):
        raise AnswerError("give the items as a list, e.g. ['reach', 'roas'], not a dict")
    if isinstance(answer, Iterable):
        return list(answer)
    return [answer]


@dataclass(frozen=True)
class Items(Form):
    """Several options, in any order (a list, set, tuple, Series, Index or "a, b").

    Examples
    --------
    >>> Items(options=("reach", "cpm", "roas")).compare(["ROAS", "Reach"], {"reach", "roas"}).ok
    True
    >>> Items(options=("reach", "cpm", "roas")).compare(["reach"], {"reach", "roas"}).detail
    'Something is missing from your list.'
    """

    describe: str = "a list of options, e.g. ['reach', 'roas']"
    options: tuple[str, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)

    def _choice(self) -> Choice:
        return Choice(aliases=self.aliases, options=self.options)

    def read(self, answer: Any) -> frozenset[str]:
        """The set of canonical options."""
        if answer is None:
            raise AnswerError(f"give {self.describe}")
        items = _iterable(answer)
        choice = self._choice()
        return frozenset(choice.read(str(i)) for i in items)

    def compare(self, answer: Any, expected: Any) -> Comparison:
        """Same set? Says whether items are missing or extra, and names unknown ones."""
        given = self.read(answer)
        choice = self._choice()
        exp = frozenset(choice.canonical(e) for e in expected)
        if given == exp:
            return Comparison(True)
        known = {choice.canonical(o) for o in self.options}
        unknown = sorted(g for g in given if known and g not in known)
        if unknown:
            return Comparison(False, f"{', '.join(unknown)} is not one of the options "
                                     f"{self.listing()}.")
        missing, extra = exp - given, given - exp
        if missing and extra:
            return Comparison(False, "Your list has something that should not be there, "
                                     "and misses something.")
        if missing:
            return Comparison(False, "Something is missing from your list.")
        return Comparison(False, "Your list has something that should not be there.")

    def render(self, expected: Any) -> str:
        """Sorted, comma-separated."""
        return ", ".join(sorted(expected)) or "(none)"

    def forms(self, expected: Any) -> list[str]:
        """The rendered set (single items are options the prompt names anyway)."""
        return [self.render(expected)] if len(expected) > 1 else []

    def wrong_example(self, expected: Any) -> list[str]:
        """The expected set with one option added or removed."""
        exp = {self._choice().canonical(e) for e in expected}
        for o in self.options:
            if self._choice().canonical(o) not in exp:
                return sorted(exp | {o})
        return sorted(exp)[1:]


@dataclass(frozen=True)
class Labels(Form):
    """A label (option) for each key: a dict, a Series or a two-column DataFrame.

    Keys and labels are compared after normalising spelling; the detail names
    the keys whose label is wrong, never the right label.

    Examples
    --------
    >>> f = Labels(options=("awareness", "conversion"), aliases={"notoriete": "awareness"})
    >>> f.compare({"CPM": "notoriété", "CPA": "awareness"},
    ...           {"cpm": "awareness", "cpa": "conversion"}).detail
    'Look again at: cpa.'
    """

    describe: str = "a dict such as {'cpm': 'awareness', ...}"
    options: tuple[str, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)

    def read(self, answer: Any) -> dict[str, str]:
        """Normalised key → canonical label."""
        if isinstance(answer, pd.DataFrame):
            if answer.shape[1] == 1:
                answer = answer.iloc[:, 0]
            elif answer.shape[1] == 2:
                answer = dict(zip(answer.iloc[:, 0], answer.iloc[:, 1], strict=True))
            else:
                raise AnswerError(f"give {self.describe}")
        if isinstance(answer, pd.Series):
            answer = answer.to_dict()
        if not isinstance(answer, Mapping):
            raise AnswerError(f"give {self.describe}")
        choice = Choice(aliases=self.aliases, options=self.options)
        out = {}
        for k, v in answer.items():
            if v is None or v is Ellipsis:
                out[normalise(str(k))] = ""
                continue
            out[normalise(str(k))] = choice.read(str(v))
        return out

    def compare(self, answer: Any, expected: Any) -> Comparison:
        """Every key with the right label? Names the keys to look at again."""
        given = self.read(answer)
        choice = Choice(aliases=self.aliases, options=self.options)
        exp = {normalise(str(k)): choice.canonical(v) for k, v in expected.items()}
        missing = sorted(set(exp) - set(given))
        if missing:
            return Comparison(False, f"Give a label for: {', '.join(missing)}.")
        known = {choice.canonical(o) for o in self.options}
        odd = sorted({v for v in given.values() if v and known and v not in known})
        if odd:
            return Comparison(False, f"{', '.join(odd)} is not one of the labels "
                                     f"{self.listing()}.")
        wrong = [k for k in exp if given.get(k) != exp[k]]
        if not wrong:
            return Comparison(True)
        return Comparison(False, f"Look again at: {', '.join(wrong)}.")

    def render(self, expected: Any) -> str:
        """``key → label`` pairs."""
        return "; ".join(f"{k} → {v}" for k, v in expected.items())

    def forms(self, expected: Any) -> list[str]:
        """The rendered mapping."""
        return [self.render(expected)]

    def wrong_example(self, expected: Any) -> dict[str, str]:
        """The expected mapping with one label changed."""
        out = dict(expected)
        first = next(iter(out))
        out[first] = next(o for o in self.options if o != out[first])
        return out


@dataclass(frozen=True)
class Numbers(Form):
    """A number for each key (channel…): a dict, a Series or a DataFrame column.

    Examples
    --------
    >>> f = Numbers(rel_tol=0.01, column="ctr")
    >>> table = pd.DataFrame({"ctr": [0.011, 0.02]}, index=["Facebook", "tiktok"])
    >>> f.compare(table, {"facebook": 0.011, "tiktok": 0.03}).detail
    'Look again at: tiktok.'
    """

    describe: str = "a number per key: a dict, a Series or a table column"
    abs_tol: float | None = None
    rel_tol: float | None = None
    column: str | None = None

    def read(self, answer: Any) -> dict[str, float]:
        """Canonical key → number."""
        if isinstance(answer, pd.DataFrame):
            if self.column and self.column in answer.columns:
                answer = answer[self.column]
            else:
                numeric = answer.select_dtypes("number")
                if numeric.shape[1] != 1:
                    hint = f" (the column {self.column!r})" if self.column else ""
                    raise AnswerError(f"give one column of numbers{hint}, e.g. table['ctr']")
                answer = numeric.iloc[:, 0]
        if isinstance(answer, pd.Series):
            answer = answer.to_dict()
        if not isinstance(answer, Mapping):
            raise AnswerError(f"give {self.describe}")
        return {_network_or_text(str(k)): read_number(v)[0] for k, v in answer.items()}

    def compare(self, answer: Any, expected: Any) -> Comparison:
        """Every key within the tolerance? Names keys missing, extra or off."""
        given = self.read(answer)
        exp = {_network_or_text(str(k)): float(v) for k, v in expected.items()}
        missing = sorted(set(exp) - set(given))
        extra = sorted(set(given) - set(exp))
        if missing:
            return Comparison(False, f"Missing: {', '.join(missing)}.")
        if extra:
            return Comparison(False, f"Not expected here: {', '.join(extra)}.")
        one = Number(abs_tol=self.abs_tol, rel_tol=self.rel_tol)
        off = [k for k in exp if not one._close(given[k], exp[k])]
        if off:
            return Comparison(False, f"Look again at: {', '.join(off)}.")
        return Comparison(True)

    def tolerance(self) -> str:
        """The per-key tolerance."""
        return Number(abs_tol=self.abs_tol, rel_tol=self.rel_tol).tolerance() + " for each key"

    def render(self, expected: Any) -> str:
        """``key: value`` pairs."""
        return "; ".join(f"{k}: {v:.4g}" for k, v in expected.items())

    def forms(self, expected: Any) -> list[str]:
        """Renderings of every value."""
        return sorted({f for v in expected.values() for f in _number_forms(float(v))})

    def wrong_example(self, expected: Any) -> dict[str, float]:
        """The expected values with the first one doubled."""
        out = {k: float(v) for k, v in expected.items()}
        first = next(iter(out))
        out[first] = out[first] * 2 + 1
        return out


@dataclass(frozen=True)
class Slot(Form):
    """A weekday and an hour: ``"Wednesday 21:00"``, ``"mer 21h"``, ``("Wednesday", 21)``.

    The canonical value is ``(weekday index 0 = Monday, hour)``.

    Examples
    --------
    >>> s = Slot()
    >>> s.read("mercredi 21h"), s.read({"weekday": "Wed", "hour": 21}), s.read(("Wednesday", 21))
    ((2, 21), (2, 21), (2, 21))
    """

    describe: str = "a weekday and an hour, e.g. 'Tuesday 18:00' or ('Tuesday', 18)"

    def read(self, answer: Any) -> tuple[int, int]:
        """(weekday, hour)."""
        if isinstance(answer, pd.DataFrame) and len(answer) >= 1:
            answer = answer.iloc[0]
        if isinstance(answer, pd.Series):
            answer = answer.to_dict()
        if isinstance(answer, Mapping):
            day = answer.get("weekday", answer.get("day"))
            hour = answer.get("hour")
            if day is None or hour is None:
                raise AnswerError(f"give {self.describe}")
            return self._day(day), self._hour(hour)
        if isinstance(answer, (tuple, list)) and len(answer) == 2:
            return self._day(answer[0]), self._hour(answer[1])
        if isinstance(answer, str):
            m = re.fullmatch(r"\s*([^\d\s]+)[\s,]*(?:at|à|a)?\s*(\d{1,2})\s*(?:[:h]\s*(?:00)?)?"
                             r"\s*(am|pm)?\s*", normalise(answer))
            if m:
                hour = int(m.group(2))
                if m.group(3) == "pm" and hour < 12:
                    hour += 12
                if m.group(3) == "am" and hour == 12:
                    hour = 0
                return self._day(m.group(1)), self._hour(hour)
        raise AnswerError(f"I could not read {answer!r}: give {self.describe}")

    @staticmethod
    def _day(day: Any) -> int:
        if isinstance(day, (int, np.integer)) and 0 <= int(day) <= 6:
            return int(day)
        key = normalise(str(day)).rstrip(".")
        if key in _WEEKDAY_NAMES:
            return _WEEKDAY_NAMES[key]
        raise AnswerError(f"{day!r} is not a weekday: write e.g. 'Tuesday'")

    @staticmethod
    def _hour(hour: Any) -> int:
        try:
            h = int(float(str(hour).replace("h", "").split(":")[0]))
        except ValueError:
            raise AnswerError(f"{hour!r} is not an hour: write e.g. 18 for 18:00") from None
        if not 0 <= h <= 23:
            raise AnswerError(f"{hour!r} is not an hour of the day (0-23)")
        return h

    def compare(self, answer: Any, expected: Any) -> Comparison:
        """Same weekday and hour? Says which of the two is off."""
        day, hour = self.read(answer)
        exp = self.read(expected)
        if (day, hour) == exp:
            return Comparison(True)
        if day == exp[0]:
            return Comparison(False, "The day is right, the hour is not.")
        if hour == exp[1]:
            return Comparison(False, "The hour is right, the day is not.")
        return Comparison(False)

    def render(self, expected: Any) -> str:
        """``Wednesday 21:00``."""
        day, hour = self.read(expected)
        return f"{WEEKDAYS[day]} {hour:02d}:00"

    def forms(self, expected: Any) -> list[str]:
        """The slot written out."""
        return [self.render(expected)]

    def wrong_example(self, expected: Any) -> tuple[str, int]:
        """The next day at the same hour."""
        day, hour = self.read(expected)
        return (WEEKDAYS[(day + 1) % 7], hour)


@dataclass(frozen=True)
class Split(Form):
    """A budget split, judged by what it earns rather than by its exact amounts.

    Near the best split the outcome is flat, so several splits are equally
    good: an answer is right when it spends the budget (within
    ``budget_tol``), funds only the listed channels, and its outcome is at
    least ``1 − outcome_tol`` times the best outcome. ``outcome`` and
    ``budget`` are computed by the exercise and passed in ``expected``, a dict
    ``{"split": best split, "value": callable(split) → outcome, "budget": total}``.

    Examples
    --------
    >>> import numpy as np
    >>> value = lambda s: 100 * np.log1p(s["a"] / 50) + 50 * np.log1p(s["b"] / 50)
    >>> exp = {"split": {"a": 75.0, "b": 25.0}, "value": value, "budget": 100.0}
    >>> Split().compare({"a": 74, "b": 26}, exp).ok, Split().compare({"a": 100, "b": 0}, exp).ok
    (True, False)
    """

    describe: str = "a dict channel → amount, e.g. {'facebook': 2000, 'instagram': 4000}"
    outcome_tol: float = 0.005
    budget_tol: float = 0.01

    def read(self, answer: Any) -> dict[str, float]:
        """Canonical channel → amount."""
        if hasattr(answer, "allocation") and isinstance(answer.allocation, Mapping):
            answer = answer.allocation
        if isinstance(answer, pd.DataFrame):
            col = "recommended" if "recommended" in answer.columns else None
            numeric = answer[[col]] if col else answer.select_dtypes("number")
            if numeric.shape[1] != 1:
                raise AnswerError("give one amount per channel, e.g. a dict or a Series")
            answer = numeric.iloc[:, 0]
        if isinstance(answer, pd.Series):
            answer = answer.to_dict()
        if not isinstance(answer, Mapping):
            raise AnswerError(f"give {self.describe}")
        out = {_network_or_text(str(k)): read_number(v)[0] for k, v in answer.items()}
        if any(v < 0 for v in out.values()):
            raise AnswerError("an amount is negative: budgets are 0 or more")
        return out

    def compare(self, answer: Any, expected: Any) -> Comparison:
        """Spends the budget, on the right channels, and earns (nearly) the most?"""
        given = self.read(answer)
        names = {_network_or_text(k): k for k in expected["split"]}
        best = {_network_or_text(k): float(v) for k, v in expected["split"].items()}
        budget = float(expected["budget"])
        extra = sorted(set(given) - set(best))
        if extra:
            return Comparison(False, f"Not a channel of this plan: {', '.join(extra)}.")
        full = {k: given.get(k, 0.0) for k in best}
        total = sum(full.values())
        if abs(total - budget) > self.budget_tol * budget:
            return Comparison(False, f"Your split adds up to {total:,.0f}; it should spend the "
                                     "whole budget given in the exercise.")
        scale = budget / total if total else 1.0
        value = float(expected["value"]({names[k]: v * scale for k, v in full.items()}))
        top = float(expected["value"](dict(expected["split"])))
        if value >= top * (1 - self.outcome_tol):
            return Comparison(True)
        short = 1 - value / top if top else 1.0
        return Comparison(False, f"Your split earns {short:.1%} less than the best split.")

    def tolerance(self) -> str:
        """In words."""
        return (f"any split of the budget (± {self.budget_tol:.0%}) earning at least "
                f"{1 - self.outcome_tol:.1%} of the best split's outcome")

    def render(self, expected: Any) -> str:
        """The best split, rounded."""
        return "; ".join(f"{k}: {v:,.0f}" for k, v in expected["split"].items())

    def forms(self, expected: Any) -> list[str]:
        """The best amounts."""
        return sorted({f"{v:,.0f}" for v in expected["split"].values()
                       if abs(v) >= 100})

    def wrong_example(self, expected: Any) -> dict[str, float]:
        """The whole budget on the first channel."""
        channels = list(expected["split"])
        return {ch: (float(expected["budget"]) if i == 0 else 0.0)
                for i, ch in enumerate(channels)}
