"""Return metrics: ROI, ROAS, CPA, CAC, LTV, LTV:CAC, payback, iROAS and marginal ROAS.

Every metric works on single numbers *and* on a frame grouped by anything
(``by="channel"``, ``by=["channel", "month"]``):

- **single numbers** are passed by keyword (``roas(revenue=5000, spend=1000)``); a
  money argument may carry its currency, ``Money(5000, "EUR")`` or ``(5000, "EUR")``;
- **a frame** is passed first and the keywords then name its columns
  (``roas(perf, by="channel")`` reads ``revenue`` and ``spend``).

Rules, the same in every function:

- **Ratio of sums.** A grouped metric is the ratio of the group's sums
  (ROAS = Σ revenue ÷ Σ spend), never the mean of row-level ratios, so a small
  row never weighs as much as a big one. Rows missing one of the inputs are left
  out of both sums (and counted in the ``note``).
- **One currency.** Money in different currencies is never mixed silently:
  money arguments with different currencies, or a group whose ``currency``
  column holds two codes, raise :class:`~smtools.errors.DataError`.
- **No infinities.** A division by zero gives ``NaN`` with the reason in
  ``note`` (a column of the frame, an attribute of the number); never ``inf``,
  never an exception, never a warning.
- Counts and money are never negative (``DataError`` naming the argument).

Definitions (where sources disagree, the choice is named):

- ROAS = revenue ÷ spend (Google Ads "conversion value / cost").
- ROI, **revenue-based** ("revenue ROI") = (revenue − cost) ÷ cost = ROAS − 1.
- ROI, **profit-based** ("profit ROI", with ``margin``) = (revenue × margin − cost)
  ÷ cost: Farris et al., *Marketing Metrics* (2nd ed., 2010), ch. 10, "return on
  marketing investment". Use it when the advertiser's margin is known: a revenue
  ROI of 150 % can still lose money at a 30 % margin.
- CPA = spend ÷ conversions (media cost per action).
- CAC = (media spend + non-media acquisition costs: salaries, agency fees,
  tools…) ÷ new customers (HubSpot / Harvard Business School "fully loaded" CAC).
- LTV, simple = average order value × purchase frequency × lifetime × margin
  (HubSpot "customer value × average customer lifespan"; Kissmetrics' Starbucks
  example), undiscounted.
- LTV, discounted retention = m·r / (1 + d − r), with m the margin per customer
  per period, r the retention rate and d the discount rate per period: Gupta &
  Lehmann (2003), *J. Interactive Marketing* 17(1); Farris et al. (2010) ch. 5;
  HBS note 9-511-029 (Steenburgh & Avery). It assumes the first margin arrives at
  the end of the first period, with probability r; ``first_period=True`` adds the
  margin of the current period (m·(1 + d) / (1 + d − r)).
- Payback = CAC ÷ monthly contribution per customer (months); the cohort version
  walks the cumulated monthly contribution and interpolates inside the month in
  which it reaches CAC.
- iROAS = (test revenue − control revenue) ÷ (test spend − control spend), test vs
  control groups or after vs before periods.
- Marginal ROAS = Δrevenue ÷ Δspend between two points, or the slope of a
  response curve.

Examples
--------
>>> roas(revenue=5000, spend=1000)
5.0
>>> roi(revenue=Money(1500, "EUR"), cost=Money(1000, "EUR"))
0.5
>>> import pandas as pd
>>> perf = pd.DataFrame({"channel": ["meta", "meta", "tiktok"], "revenue": [300.0, 100.0, 0.0],
...                      "spend": [100.0, 100.0, 0.0], "currency": "EUR"})
>>> table = roas(perf, by="channel")
>>> table[["channel", "revenue", "spend", "roas"]]
  channel  revenue  spend  roas
0    meta    400.0  200.0   2.0
1  tiktok      0.0    0.0   NaN
>>> table["note"].tolist()
['', 'spend is 0']
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from smtools.errors import DataError

__all__ = [
    "Money",
    "Ratio",
    "cac",
    "cohort_payback",
    "cpa",
    "iroas",
    "ltv",
    "ltv_cac",
    "ltv_retention",
    "marginal_roas",
    "payback",
    "roas",
    "roi",
]

_ISO = re.compile(r"[A-Z]{3}")


class Money(NamedTuple):
    """An amount with its ISO 4217 currency, e.g. ``Money(1200.0, "EUR")``.

    A plain tuple ``(1200.0, "EUR")`` is accepted wherever a ``Money`` is.

    Examples
    --------
    >>> Money(1200.0, "EUR").currency
    'EUR'
    """

    amount: float
    currency: str


class Ratio(float):
    """A metric value that remembers what it is: a ``float`` with attributes.

    It behaves as a number (``roas(...) * 2``); the attributes say what was
    computed, in which currency, and why a value is ``NaN``.

    Attributes
    ----------
    metric : str
        Name, e.g. ``"ROAS"`` or ``"profit ROI"``.
    definition : str
        The formula used.
    unit : str
        ``"ratio"``, ``"money"`` (in ``currency``) or ``"months"``.
    currency : str or None
        Currency of the money inputs, when known.
    note : str
        Why the value is ``NaN`` or needs care; ``""`` when all is well.
    inputs : dict
        The (summed) inputs.

    Examples
    --------
    >>> r = roas(revenue=0, spend=0)
    >>> r.note
    'spend is 0'
    >>> float(r) != float(r)  # NaN
    True
    """

    metric: str
    definition: str
    unit: str
    currency: str | None
    note: str
    inputs: dict[str, float]

    def __new__(
        cls,
        value: float,
        *,
        metric: str,
        definition: str,
        unit: str = "ratio",
        currency: str | None = None,
        note: str = "",
        inputs: Mapping[str, float] | None = None,
    ) -> Ratio:
        obj = super().__new__(cls, value)
        obj.metric = metric
        obj.definition = definition
        obj.unit = unit
        obj.currency = currency
        obj.note = note
        obj.inputs = dict(inputs or {})
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_ratio, (float(self), self.metric, self.definition, self.unit,
                                 self.currency, self.note, self.inputs))

    def to_frame(self) -> pd.DataFrame:
        """One row: metric, value, unit, currency, definition, note and the inputs.

        Examples
        --------
        >>> roas(revenue=50, spend=10).to_frame()[["metric", "value"]]
          metric  value
        0   ROAS    5.0
        """
        row = {"metric": self.metric, "value": float(self), "unit": self.unit,
               "currency": self.currency, "definition": self.definition, "note": self.note}
        row.update(self.inputs)
        return pd.DataFrame([row])

    def _repr_html_(self) -> str:
        value = float(self)
        if math.isnan(value):
            shown = "not defined"
        elif self.unit == "money":
            shown = f"{value:,.2f} {self.currency or ''}".strip()
        elif self.unit == "months":
            shown = f"{value:,.1f} months"
        else:
            shown = f"{value:,.2f}"
        inputs = ", ".join(f"{k.replace('_', ' ')} {v:,.2f}" for k, v in self.inputs.items())
        note = f"<br><em>{escape(self.note)}</em>" if self.note else ""
        return (f"<p><strong>{escape(self.metric)}</strong>: {escape(shown)} "
                f"<small>({escape(self.definition)}; {escape(inputs)})</small>{note}</p>")


def _rebuild_ratio(value: float, metric: str, definition: str, unit: str,
                   currency: str | None, note: str, inputs: dict[str, float]) -> Ratio:
    return Ratio(value, metric=metric, definition=definition, unit=unit, currency=currency,
                 note=note, inputs=inputs)


# --------------------------------------------------------------------------- scalars


def _amount(value: Any, name: str, *, allow_negative: bool = False) -> tuple[float, str | None]:
    """A number (or ``(amount, "CUR")``) checked: finite, not negative unless allowed."""
    code: str | None = None
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], str):
        value, code = value
        if not _ISO.fullmatch(code):
            raise DataError(f"{name} has currency {code!r}, not an ISO 4217 code",
                            column=name, hint="use a 3-letter code such as EUR, USD or GBP")
    if value is None:
        raise DataError(f"{name} is missing", column=name, hint=f"pass {name}=<number>")
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise DataError(f"{name} must be a number, got {value!r}", column=name,
                        hint="pass a single number, or pass a frame first and name its columns")
    amount = float(value)
    if not math.isfinite(amount):
        raise DataError(f"{name} is not a finite number ({amount})", column=name,
                        hint="pass a finite number")
    if amount < 0 and not allow_negative:
        raise DataError(f"{name} is negative ({amount:g})", column=name,
                        hint="counts and amounts are never negative; check the sign")
    return amount, code


def _fraction(value: Any, name: str, *, upper: float = 1.0, strict_upper: bool = False) -> float:
    amount, _ = _amount(value, name)
    if amount > upper or (strict_upper and amount >= upper):
        raise DataError(f"{name}={amount:g} is not a fraction", column=name,
                        hint=f"pass a share such as 0.35 for 35% (at most {upper:g})")
    return amount


def _one_currency(found: Mapping[str, str | None], declared: str | None = None) -> str | None:
    """The single currency of the money arguments; refuses mixed currencies."""
    codes = {name: code for name, code in found.items() if code}
    if declared:
        if not _ISO.fullmatch(declared):
            raise DataError(f"currency={declared!r} is not an ISO 4217 code", column="currency",
                            hint="use a 3-letter code such as EUR, USD or GBP")
        codes["currency"] = declared
    distinct = sorted(set(codes.values()))
    if len(distinct) > 1:
        detail = ", ".join(f"{name} in {code}" for name, code in codes.items())
        first = next(name for name, code in codes.items() if code != distinct[0])
        raise DataError(f"money in several currencies ({detail}) is never mixed silently",
                        column=first, hint="convert every amount to one currency first")
    return distinct[0] if distinct else None


def _scalar_only(by: Any) -> None:
    if by is not None:
        raise DataError("by= groups the rows of a frame, but no frame was given", column="by",
                        hint="pass the frame first, e.g. roas(perf, by='channel')")


def _divide(num: float, den: float, den_label: str) -> tuple[float, str]:
    if den == 0:
        return math.nan, f"{den_label} is 0"
    return num / den, ""


# --------------------------------------------------------------------------- frames


@dataclass
class _Groups:
    """Rows of a frame summed per group (valid rows only)."""

    keys: pd.DataFrame
    sums: dict[str, np.ndarray]
    dropped: np.ndarray
    currency: list[str | None]
    index: np.ndarray
    valid: np.ndarray


def _by_list(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _column(data: pd.DataFrame, name: Any, role: str) -> pd.Series:
    if not isinstance(name, str):
        raise DataError(f"with a frame, {role}= names a column, got {name!r}", column=role,
                        hint=f"pass {role}='<column name>' or leave it to the default")
    if name not in data.columns:
        raise DataError(f"the frame has no column {name!r}", column=name,
                        hint=f"pass {role}='<your column>' "
                        f"(columns: {', '.join(map(str, data.columns))})")
    series = pd.to_numeric(data[name], errors="coerce")
    text = series.isna() & data[name].notna()
    if text.any():
        raise DataError(f"column {name!r} holds text where numbers are expected "
                        f"(first at index {data.index[text.to_numpy()][0]!r})", column=name,
                        hint="clean the column or leave the cell empty")
    return series.astype("float64")


def _currency_columns(data: pd.DataFrame, currency: str | Mapping[str, str] | None,
                      money: Sequence[str]) -> list[str]:
    if currency is None:
        return ["currency"] if "currency" in data.columns and money else []
    if isinstance(currency, str):
        if currency not in data.columns:
            raise DataError(f"the frame has no currency column {currency!r}", column=currency,
                            hint="with a frame, currency= names the column holding ISO codes")
        return [currency] if money else []
    cols = []
    for money_col, cur_col in currency.items():
        if money_col not in money:
            raise DataError(f"currency= maps {money_col!r}, which is not a money column here",
                            column=money_col, hint=f"map one of: {', '.join(money)}")
        if cur_col not in data.columns:
            raise DataError(f"the frame has no currency column {cur_col!r}", column=cur_col,
                            hint="name the column holding the ISO code of that amount")
        cols.append(cur_col)
    return cols


def _group(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None,
    values: Mapping[str, pd.Series],
    money: Sequence[str],
    currency: str | Mapping[str, str] | None,
    allow_negative: Sequence[str] = (),
) -> _Groups:
    """Sum ``values`` per group of ``by`` with the currency checked per group."""
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"data must be a pandas DataFrame, got {type(data).__name__}",
                        column="data", hint="pass a frame first, or single numbers by keyword")
    if data.empty:
        raise DataError("the frame has no rows", column="data", hint="pass a frame with data")
    keys = _by_list(by)
    for key in keys:
        if key not in data.columns:
            raise DataError(f"cannot group by {key!r}: no such column", column=key,
                            hint=f"group by one of: {', '.join(map(str, data.columns))}")
    for role, series in values.items():
        if role in allow_negative:
            continue
        negative = (series < 0).to_numpy()
        if negative.any():
            where = data.index[negative][0]
            raise DataError(f"column {series.name!r} has a negative value at index {where!r}",
                            column=str(series.name),
                            hint="counts and amounts are never negative; check the sign")
    valid = np.ones(len(data), dtype=bool)
    for series in values.values():
        valid &= series.notna().to_numpy()
    if keys:
        grouped = data.groupby(keys, dropna=False, sort=True, observed=True)
        index = grouped.ngroup().to_numpy()
        key_frame = grouped.size().index.to_frame(index=False)
    else:
        index = np.zeros(len(data), dtype=int)
        key_frame = pd.DataFrame(index=[0])
    n = len(key_frame)
    sums = {role: np.bincount(index, weights=np.where(valid, s.to_numpy(), 0.0), minlength=n)
            for role, s in values.items()}
    dropped = np.bincount(index, weights=(~valid).astype(float), minlength=n).astype(int)
    group_index, group_code = [], []
    for col in _currency_columns(data, currency, money):
        codes = data[col].to_numpy(dtype=object)
        keep = np.array([isinstance(c, str) and c != "" for c in codes], dtype=bool)
        group_index.append(index[keep])
        group_code.append(codes[keep])
    pairs = pd.DataFrame({"g": np.concatenate(group_index) if group_index else np.array([], int),
                          "code": (np.concatenate(group_code) if group_code
                                   else np.array([], dtype=object))})
    found = pairs.drop_duplicates().groupby("g")["code"].agg(lambda c: sorted(map(str, c)))
    group_currency: list[str | None] = [None] * n
    for i, codes in found.items():
        if len(codes) > 1:
            where = ", ".join(f"{k}={key_frame.iloc[i][k]!r}" for k in keys) or "the frame"
            raise DataError(f"money for {where} is in several currencies "
                            f"({', '.join(codes)}) and is never mixed silently",
                            column="currency", hint="filter one currency, convert to one "
                            "currency first, or add 'currency' to by=")
        group_currency[int(i)] = codes[0]
    return _Groups(key_frame, sums, dropped, group_currency, index, valid)


def _ratio_array(num: np.ndarray, den: np.ndarray, den_label: str) -> tuple[np.ndarray, list[str]]:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den != 0, num / np.where(den != 0, den, 1.0), np.nan)
    notes = [f"{den_label} is 0" if d == 0 else "" for d in den]
    return out, notes


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _finish(
    groups: _Groups,
    *,
    by: str | Sequence[str] | None,
    columns: Mapping[str, np.ndarray],
    metric_column: str,
    values: np.ndarray,
    notes: Sequence[str],
    metric: str,
    definition: str,
    unit: str,
) -> Ratio | pd.DataFrame:
    """A ``Ratio`` when there is no ``by``, otherwise a frame with a ``note`` column."""
    all_notes = []
    for i, note in enumerate(notes):
        left_out = groups.dropped[i]
        extra = (f"{left_out} row{'s' if left_out > 1 else ''} with a missing value left out"
                 if left_out else "")
        all_notes.append(_join(note, extra))
    if not _by_list(by):
        return Ratio(float(values[0]), metric=metric, definition=definition, unit=unit,
                     currency=groups.currency[0], note=all_notes[0],
                     inputs={k: float(v[0]) for k, v in columns.items()})
    frame = groups.keys.copy()
    for name, arr in columns.items():
        frame[name] = arr
    frame[metric_column] = values
    if any(c is not None for c in groups.currency):
        frame["currency"] = groups.currency
    frame["note"] = all_notes
    frame.attrs.update({"metric": metric, "definition": definition,
                        "aggregation": "ratio of sums per group"})
    return frame


def _is_frame(data: Any, function: str) -> bool:
    if data is None:
        return False
    if isinstance(data, pd.DataFrame):
        return True
    raise DataError(f"data must be a pandas DataFrame, got {type(data).__name__}", column="data",
                    hint=f"pass single numbers by keyword, e.g. {function}")


# --------------------------------------------------------------------------- ROI / ROAS / CPA


def roi(
    data: pd.DataFrame | None = None,
    *,
    revenue: Any = None,
    cost: Any = None,
    margin: float | str | None = None,
    by: str | Sequence[str] | None = None,
    currency: str | Mapping[str, str] | None = None,
) -> Ratio | pd.DataFrame:
    """Return on investment, revenue-based or profit-based.

    - without ``margin``: **revenue ROI** = (revenue − cost) ÷ cost (= ROAS − 1);
    - with ``margin``: **profit ROI** = (revenue × margin − cost) ÷ cost, the
      "return on marketing investment" of Farris et al. (2010), ch. 10.

    Parameters
    ----------
    data : DataFrame, optional
        Rows to sum (ratio of sums per group). Without it, pass single numbers.
    revenue, cost : number, Money or column name
        Revenue and cost (media spend, or the full cost of the investment). With
        a frame they name columns (defaults ``"revenue"`` and ``"spend"``).
    margin : float or column name, optional
        Gross margin as a share of revenue (0.35 for 35 %). With a frame it may
        name a column; then Σ(revenue × margin) is used.
    by : str or list of str, optional
        Group the frame by these columns.
    currency : str or dict, optional
        Single numbers: the currency of the amounts. Frame: the column holding
        the currency codes (default ``"currency"`` when present), or a dict
        mapping each money column to its currency column.

    Returns
    -------
    Ratio or DataFrame
        A :class:`Ratio` (``metric`` says "revenue ROI" or "profit ROI"), or with
        ``by`` a frame with the summed inputs, ``roi``, ``currency`` and ``note``.

    Examples
    --------
    >>> roi(revenue=1500, cost=1000)
    0.5
    >>> r = roi(revenue=1500, cost=1000, margin=0.4)  # 600 gross profit on 1000 spent
    >>> round(r, 2), r.metric
    (-0.4, 'profit ROI')
    """
    profit = margin is not None
    metric = "profit ROI" if profit else "revenue ROI"
    definition = ("(revenue × margin − cost) ÷ cost" if profit else "(revenue − cost) ÷ cost")
    if not _is_frame(data, "roi(revenue=1500, cost=1000)"):
        _scalar_only(by)
        rev, rev_cur = _amount(revenue, "revenue")
        cst, cst_cur = _amount(cost, "cost")
        cur = _one_currency({"revenue": rev_cur, "cost": cst_cur},
                            currency if isinstance(currency, str) else None)
        inputs = {"revenue": rev, "cost": cst}
        gain = rev
        if profit:
            m = _fraction(margin, "margin")
            gain = rev * m
            inputs["gross_profit"] = gain
        value, note = _divide(gain - cst, cst, "cost")
        return Ratio(value, metric=metric, definition=definition, currency=cur, note=note,
                     inputs=inputs)
    assert data is not None
    rev_col = revenue or "revenue"
    cost_col = cost or "spend"
    values = {"revenue": _column(data, rev_col, "revenue"), "cost": _column(data, cost_col, "cost")}
    if profit:
        if isinstance(margin, str):
            share = _column(data, margin, "margin")
            if (share > 1).any() or (share < 0).any():
                raise DataError(f"column {margin!r} holds margins outside 0–1", column=margin,
                                hint="store margins as shares (0.35 for 35%)")
        else:
            share = pd.Series(_fraction(margin, "margin"), index=data.index)
        values["gross_profit"] = values["revenue"] * share
    groups = _group(data, by=by, values=values, money=[rev_col, cost_col], currency=currency)
    gain = groups.sums["gross_profit"] if profit else groups.sums["revenue"]
    out, notes = _ratio_array(gain - groups.sums["cost"], groups.sums["cost"], cost_col)
    columns = {rev_col: groups.sums["revenue"]}
    if profit:
        columns["gross_profit"] = groups.sums["gross_profit"]
    columns[cost_col] = groups.sums["cost"]
    return _finish(groups, by=by, columns=columns, metric_column="roi", values=out, notes=notes,
                   metric=metric, definition=definition, unit="ratio")


def roas(
    data: pd.DataFrame | None = None,
    *,
    revenue: Any = None,
    spend: Any = None,
    by: str | Sequence[str] | None = None,
    currency: str | Mapping[str, str] | None = None,
) -> Ratio | pd.DataFrame:
    """Return on ad spend: revenue ÷ spend (ratio of sums per group).

    Parameters
    ----------
    data : DataFrame, optional
        Rows to sum; without it, pass single numbers.
    revenue, spend : number, Money or column name
        Revenue attributed to the ads and the ad spend (frame defaults
        ``"revenue"`` and ``"spend"``).
    by : str or list of str, optional
        Group the frame by these columns.
    currency : str or dict, optional
        See :func:`roi`.

    Returns
    -------
    Ratio or DataFrame

    Examples
    --------
    >>> roas(revenue=Money(4200, "EUR"), spend=Money(1200, "EUR"))
    3.5
    >>> roas(revenue=Money(4200, "EUR"), spend=Money(1200, "USD"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    smtools.errors.DataError: column 'spend': money in several currencies (revenue in EUR, ...
    """
    if not _is_frame(data, "roas(revenue=5000, spend=1000)"):
        _scalar_only(by)
        rev, rev_cur = _amount(revenue, "revenue")
        spd, spd_cur = _amount(spend, "spend")
        cur = _one_currency({"revenue": rev_cur, "spend": spd_cur},
                            currency if isinstance(currency, str) else None)
        value, note = _divide(rev, spd, "spend")
        return Ratio(value, metric="ROAS", definition="revenue ÷ spend", currency=cur, note=note,
                     inputs={"revenue": rev, "spend": spd})
    assert data is not None
    rev_col, spd_col = revenue or "revenue", spend or "spend"
    values = {"revenue": _column(data, rev_col, "revenue"),
              "spend": _column(data, spd_col, "spend")}
    groups = _group(data, by=by, values=values, money=[rev_col, spd_col], currency=currency)
    out, notes = _ratio_array(groups.sums["revenue"], groups.sums["spend"], spd_col)
    return _finish(groups, by=by, columns={rev_col: groups.sums["revenue"],
                                           spd_col: groups.sums["spend"]},
                   metric_column="roas", values=out, notes=notes, metric="ROAS",
                   definition="revenue ÷ spend", unit="ratio")


def cpa(
    data: pd.DataFrame | None = None,
    *,
    spend: Any = None,
    conversions: Any = None,
    by: str | Sequence[str] | None = None,
    currency: str | Mapping[str, str] | None = None,
) -> Ratio | pd.DataFrame:
    """Cost per acquisition (action): spend ÷ conversions, in the spend's currency.

    Parameters
    ----------
    data : DataFrame, optional
        Rows to sum; without it, pass single numbers.
    spend : number, Money or column name
        Media spend (frame default ``"spend"``).
    conversions : number or column name
        Conversions (frame default ``"conversions"``).
    by : str or list of str, optional
        Group the frame by these columns.
    currency : str or dict, optional
        See :func:`roi`.

    Returns
    -------
    Ratio or DataFrame

    Examples
    --------
    >>> cpa(spend=Money(1500, "EUR"), conversions=60)
    25.0
    """
    if not _is_frame(data, "cpa(spend=1500, conversions=60)"):
        _scalar_only(by)
        spd, cur = _amount(spend, "spend")
        conv, _ = _amount(conversions, "conversions")
        cur = _one_currency({"spend": cur}, currency if isinstance(currency, str) else None)
        value, note = _divide(spd, conv, "conversions")
        return Ratio(value, metric="CPA", definition="spend ÷ conversions", unit="money",
                     currency=cur, note=note, inputs={"spend": spd, "conversions": conv})
    assert data is not None
    spd_col, conv_col = spend or "spend", conversions or "conversions"
    values = {"spend": _column(data, spd_col, "spend"),
              "conversions": _column(data, conv_col, "conversions")}
    groups = _group(data, by=by, values=values, money=[spd_col], currency=currency)
    out, notes = _ratio_array(groups.sums["spend"], groups.sums["conversions"], conv_col)
    return _finish(groups, by=by, columns={spd_col: groups.sums["spend"],
                                           conv_col: groups.sums["conversions"]},
                   metric_column="cpa", values=out, notes=notes, metric="CPA",
                   definition="spend ÷ conversions", unit="money")


# --------------------------------------------------------------------------- CAC / LTV


def cac(
    data: pd.DataFrame | None = None,
    *,
    spend: Any = None,
    other_costs: Any = None,
    new_customers: Any = None,
    by: str | Sequence[str] | None = None,
    currency: str | Mapping[str, str] | None = None,
) -> Ratio | pd.DataFrame:
    """Customer acquisition cost: (media spend + other acquisition costs) ÷ new customers.

    "Fully loaded" CAC (HubSpot; Harvard Business School Online): besides media
    spend, count what it took to win the customers (sales and marketing
    salaries, agency fees, tools, promotions).

    Parameters
    ----------
    data : DataFrame, optional
        Rows to sum; without it, pass single numbers.
    spend : number, Money or column name
        Media spend (frame default ``"spend"``).
    other_costs : number, Money, dict of them, or column name(s), optional
        Non-media acquisition costs. Single numbers: one amount or a dict of
        itemised amounts ``{"salaries": 10000, "agency": 2000}``. Frame: a column
        or a list of columns.
    new_customers : number or column name
        Customers acquired in the period (frame default ``"new_customers"``).
    by : str or list of str, optional
        Group the frame by these columns.
    currency : str or dict, optional
        See :func:`roi`.

    Returns
    -------
    Ratio or DataFrame

    Examples
    --------
    >>> cac(spend=1000, other_costs={"salaries": 10000, "agency": 2000}, new_customers=1000)
    13.0
    """
    definition = "(media spend + other acquisition costs) ÷ new customers"
    if not _is_frame(data, "cac(spend=1000, other_costs=500, new_customers=30)"):
        _scalar_only(by)
        spd, spd_cur = _amount(spend, "spend")
        found = {"spend": spd_cur}
        items: dict[str, float] = {}
        if isinstance(other_costs, Mapping):
            for label, value in other_costs.items():
                items[str(label)], found[str(label)] = _amount(value, str(label))
        elif other_costs is not None:
            items["other_costs"], found["other_costs"] = _amount(other_costs, "other_costs")
        cur = _one_currency(found, currency if isinstance(currency, str) else None)
        customers, _ = _amount(new_customers, "new_customers")
        total = spd + sum(items.values())
        value, note = _divide(total, customers, "new_customers")
        return Ratio(value, metric="CAC", definition=definition, unit="money", currency=cur,
                     note=note, inputs={"spend": spd, **items, "total_cost": total,
                                        "new_customers": customers})
    assert data is not None
    spd_col, cust_col = spend or "spend", new_customers or "new_customers"
    if other_costs is None:
        other_cols: list[str] = []
    elif isinstance(other_costs, str):
        other_cols = [other_costs]
    elif isinstance(other_costs, Sequence):
        other_cols = list(other_costs)
    else:
        raise DataError("with a frame, other_costs= names one column or a list of columns",
                        column="other_costs", hint="e.g. other_costs=['salaries', 'agency_fees']")
    values = {"spend": _column(data, spd_col, "spend")}
    for col in other_cols:
        values[f"other:{col}"] = _column(data, col, "other_costs")
    values["new_customers"] = _column(data, cust_col, "new_customers")
    groups = _group(data, by=by, values=values, money=[spd_col, *other_cols], currency=currency)
    total = groups.sums["spend"] + sum((groups.sums[f"other:{c}"] for c in other_cols),
                                       np.zeros_like(groups.sums["spend"]))
    out, notes = _ratio_array(total, groups.sums["new_customers"], cust_col)
    columns = {spd_col: groups.sums["spend"]}
    columns.update({c: groups.sums[f"other:{c}"] for c in other_cols})
    columns["total_cost"] = total
    columns[cust_col] = groups.sums["new_customers"]
    return _finish(groups, by=by, columns=columns, metric_column="cac", values=out, notes=notes,
                   metric="CAC", definition=definition, unit="money")


def ltv(
    data: pd.DataFrame | None = None,
    *,
    aov: Any = None,
    frequency: Any = None,
    lifetime: Any = None,
    margin: float = 1.0,
    revenue: str | None = None,
    orders: str | None = None,
    customers: str | None = None,
    periods: float = 1.0,
    by: str | Sequence[str] | None = None,
    currency: str | Mapping[str, str] | None = None,
) -> Ratio | pd.DataFrame:
    """Simple (undiscounted) customer lifetime value: AOV × frequency × lifetime × margin.

    HubSpot's "customer value × average customer lifespan", with the gross margin
    applied (Kissmetrics' Starbucks example). For retention and discounting use
    :func:`ltv_retention`.

    Parameters
    ----------
    data : DataFrame, optional
        Customer-level rows (one row per customer, or per group of distinct
        customers). AOV = Σ revenue ÷ Σ orders and frequency = Σ orders ÷
        (customers × ``periods``), both ratios of sums.
    aov : number or Money
        Single numbers: average order value.
    frequency : number
        Single numbers: purchases per customer per time unit.
    lifetime : number
        Expected customer lifetime, in the same time unit as ``frequency``.
    margin : float
        Gross margin as a share of revenue (1.0 = revenue LTV).
    revenue, orders : str, optional
        Frame columns (defaults ``"revenue"`` and ``"orders"``).
    customers : str, optional
        Frame column counting the distinct customers in each row; without it
        each row is one customer. Customers must be distinct across the rows
        that are summed (like reach, customers are not additive otherwise).
    periods : float
        Length of the observation window of the frame, in ``lifetime`` units
        (a frame of one year of orders with a lifetime in years: 1).
    by : str or list of str, optional
        Group the frame by these columns.
    currency : str or dict, optional
        See :func:`roi`.

    Returns
    -------
    Ratio or DataFrame
        With a frame, the columns ``aov`` and ``frequency`` are included.

    Examples
    --------
    >>> round(ltv(aov=5.90, frequency=4.2 * 52, lifetime=20, margin=0.213), 2)
    5489.27
    """
    definition = "average order value × purchase frequency × lifetime × margin"
    if not _is_frame(data, "ltv(aov=50, frequency=3, lifetime=4, margin=0.4)"):
        _scalar_only(by)
        value_aov, cur = _amount(aov, "aov")
        freq, _ = _amount(frequency, "frequency")
        life, _ = _amount(lifetime, "lifetime")
        m = _fraction(margin, "margin")
        cur = _one_currency({"aov": cur}, currency if isinstance(currency, str) else None)
        return Ratio(value_aov * freq * life * m, metric="LTV (simple)", definition=definition,
                     unit="money", currency=cur,
                     inputs={"aov": value_aov, "frequency": freq, "lifetime": life, "margin": m})
    assert data is not None
    if aov is not None or frequency is not None:
        raise DataError("with a frame, AOV and frequency are computed from its columns",
                        column="aov", hint="pass revenue=, orders= and customers= column names")
    life, _ = _amount(lifetime, "lifetime")
    m = _fraction(margin, "margin")
    span, _ = _amount(periods, "periods")
    if span == 0:
        raise DataError("periods is 0", column="periods",
                        hint="pass the length of the data window in lifetime units")
    rev_col, ord_col = revenue or "revenue", orders or "orders"
    values = {"revenue": _column(data, rev_col, "revenue"),
              "orders": _column(data, ord_col, "orders")}
    if customers is None:
        values["customers"] = pd.Series(1.0, index=data.index, name="customers")
    else:
        values["customers"] = _column(data, customers, "customers")
    groups = _group(data, by=by, values=values, money=[rev_col], currency=currency)
    aov_v, aov_notes = _ratio_array(groups.sums["revenue"], groups.sums["orders"], ord_col)
    freq_v, freq_notes = _ratio_array(groups.sums["orders"], groups.sums["customers"] * span,
                                      "customers")
    out = aov_v * freq_v * life * m
    notes = [_join(a, b) for a, b in zip(aov_notes, freq_notes, strict=True)]
    columns = {rev_col: groups.sums["revenue"], ord_col: groups.sums["orders"],
               "customers": groups.sums["customers"], "aov": aov_v, "frequency": freq_v}
    return _finish(groups, by=by, columns=columns, metric_column="ltv", values=out, notes=notes,
                   metric="LTV (simple)", definition=definition, unit="money")


def _retention_value(m: np.ndarray, r: np.ndarray, d: float,
                     first_period: bool) -> tuple[np.ndarray, list[str]]:
    den = 1.0 + d - r
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(den > 0, (1.0 + d if first_period else r) / np.where(den > 0, den, 1.0),
                          np.nan)
    notes = ["retention is 100% with no discount: the value never stops growing" if x <= 0 else ""
             for x in den]
    return m * factor, notes


def ltv_retention(
    data: pd.DataFrame | None = None,
    *,
    contribution: Any = None,
    retention: Any = None,
    discount: float = 0.0,
    first_period: bool = False,
    customers: str | None = None,
    retained: str | None = None,
    by: str | Sequence[str] | None = None,
    currency: str | Mapping[str, str] | None = None,
) -> Ratio | pd.DataFrame:
    """Discounted-retention lifetime value: m·r / (1 + d − r).

    Gupta & Lehmann (2003), "Customers as assets", *J. Interactive Marketing*
    17(1): 9–24; Farris et al., *Marketing Metrics* (2010), ch. 5; HBS note
    9-511-029. m is the contribution margin per customer per period, r the
    retention rate per period and d the discount rate per period. The first
    margin arrives at the end of the first period with probability r; with
    ``first_period=True`` the margin of the current period is added:
    m + m·r/(1 + d − r) = m·(1 + d)/(1 + d − r).

    Parameters
    ----------
    data : DataFrame, optional
        Rows of customers at the start of a period: ``contribution`` (their total
        margin over the period), ``customers`` (how many) and ``retained`` (how
        many were still customers one period later). m = Σ contribution ÷ Σ
        customers and r = Σ retained ÷ Σ customers.
    contribution : number, Money or column name
        Single numbers: margin per customer per period.
    retention : float
        Single numbers: share of customers kept from one period to the next.
    discount : float
        Discount rate per period (0.01 per month, 0.10 per year).
    first_period : bool
        Add the margin of the current period.
    customers, retained : str, optional
        Frame columns (defaults ``"customers"`` and ``"retained"``).
    by : str or list of str, optional
        Group the frame by these columns.
    currency : str or dict, optional
        See :func:`roi`.

    Returns
    -------
    Ratio or DataFrame

    Examples
    --------
    >>> round(ltv_retention(contribution=18.95, retention=0.788, discount=0.01), 2)
    67.26
    """
    definition = ("m·(1 + d) / (1 + d − r)" if first_period else "m·r / (1 + d − r)")
    metric = "LTV (discounted retention)"
    d = _amount(discount, "discount")[0]
    if not _is_frame(data, "ltv_retention(contribution=40, retention=0.8, discount=0.1)"):
        _scalar_only(by)
        m, cur = _amount(contribution, "contribution")
        r = _fraction(retention, "retention")
        cur = _one_currency({"contribution": cur}, currency if isinstance(currency, str) else None)
        value, notes = _retention_value(np.array([m]), np.array([r]), d, first_period)
        return Ratio(float(value[0]), metric=metric, definition=definition, unit="money",
                     currency=cur, note=notes[0],
                     inputs={"contribution": m, "retention": r, "discount": d})
    assert data is not None
    con_col = contribution or "contribution"
    cust_col, ret_col = customers or "customers", retained or "retained"
    values = {"contribution": _column(data, con_col, "contribution"),
              "customers": _column(data, cust_col, "customers"),
              "retained": _column(data, ret_col, "retained")}
    over = (values["retained"] > values["customers"]).to_numpy()
    if over.any():
        raise DataError(f"more customers retained than there were at index "
                        f"{data.index[over][0]!r}", column=ret_col,
                        hint="retained counts the customers of the row still active a period later")
    groups = _group(data, by=by, values=values, money=[con_col], currency=currency)
    m, m_notes = _ratio_array(groups.sums["contribution"], groups.sums["customers"], cust_col)
    r, _ = _ratio_array(groups.sums["retained"], groups.sums["customers"], cust_col)
    out, v_notes = _retention_value(m, np.nan_to_num(r), d, first_period)
    out = np.where(np.isnan(m), np.nan, out)
    notes = [_join(a, b) for a, b in zip(m_notes, v_notes, strict=True)]
    columns = {con_col: groups.sums["contribution"], cust_col: groups.sums["customers"],
               ret_col: groups.sums["retained"], "margin_per_customer": m, "retention": r}
    return _finish(groups, by=by, columns=columns, metric_column="ltv", values=out, notes=notes,
                   metric=metric, definition=definition, unit="money")


def ltv_cac(
    data: pd.DataFrame | None = None,
    *,
    ltv: Any = None,
    cac: Any = None,
    customers: str | None = None,
    by: str | Sequence[str] | None = None,
    currency: str | Mapping[str, str] | None = None,
) -> Ratio | pd.DataFrame:
    """LTV:CAC, lifetime value per customer ÷ acquisition cost per customer.

    With a frame, each row holds per-customer ``ltv`` and ``cac`` for
    ``customers`` customers (default 1), and the ratio is Σ(n·LTV) ÷ Σ(n·CAC).

    Parameters
    ----------
    data : DataFrame, optional
        Rows to sum; without it, pass single numbers.
    ltv, cac : number, Money or column name
        Lifetime value and acquisition cost per customer (frame defaults
        ``"ltv"`` and ``"cac"``).
    customers : str, optional
        Frame column with the number of customers each row stands for.
    by : str or list of str, optional
        Group the frame by these columns.
    currency : str or dict, optional
        See :func:`roi`.

    Returns
    -------
    Ratio or DataFrame

    Examples
    --------
    >>> ltv_cac(ltv=Money(900, "GBP"), cac=Money(300, "GBP"))
    3.0
    """
    if not _is_frame(data, "ltv_cac(ltv=900, cac=300)"):
        _scalar_only(by)
        value_ltv, ltv_cur = _amount(ltv, "ltv")
        value_cac, cac_cur = _amount(cac, "cac")
        cur = _one_currency({"ltv": ltv_cur, "cac": cac_cur},
                            currency if isinstance(currency, str) else None)
        value, note = _divide(value_ltv, value_cac, "cac")
        return Ratio(value, metric="LTV:CAC", definition="LTV ÷ CAC", currency=cur, note=note,
                     inputs={"ltv": value_ltv, "cac": value_cac})
    assert data is not None
    ltv_col, cac_col = ltv or "ltv", cac or "cac"
    weight = (pd.Series(1.0, index=data.index) if customers is None
              else _column(data, customers, "customers"))
    values = {"ltv": _column(data, ltv_col, "ltv") * weight,
              "cac": _column(data, cac_col, "cac") * weight, "customers": weight}
    values["ltv"].name, values["cac"].name = ltv_col, cac_col
    groups = _group(data, by=by, values=values, money=[ltv_col, cac_col], currency=currency)
    out, notes = _ratio_array(groups.sums["ltv"], groups.sums["cac"], cac_col)
    columns = {"customers": groups.sums["customers"], f"total_{ltv_col}": groups.sums["ltv"],
               f"total_{cac_col}": groups.sums["cac"]}
    return _finish(groups, by=by, columns=columns, metric_column="ltv_cac", values=out,
                   notes=notes, metric="LTV:CAC", definition="Σ LTV ÷ Σ CAC", unit="ratio")


# --------------------------------------------------------------------------- payback


def payback(
    data: pd.DataFrame | None = None,
    *,
    cac: Any = None,
    monthly_contribution: Any = None,
    customers: str | None = None,
    by: str | Sequence[str] | None = None,
    currency: str | Mapping[str, str] | None = None,
) -> Ratio | pd.DataFrame:
    """CAC payback period in months: CAC ÷ monthly contribution margin per customer.

    Assumes a flat monthly margin; for a measured, changing one use
    :func:`cohort_payback`.

    Parameters
    ----------
    data : DataFrame, optional
        Rows with per-customer ``cac`` and ``monthly_contribution`` for
        ``customers`` customers each (default 1): Σ(n·CAC) ÷ Σ(n·margin).
    cac : number, Money or column name
        Acquisition cost per customer (frame default ``"cac"``).
    monthly_contribution : number, Money or column name
        Monthly revenue × gross margin per customer (frame default
        ``"monthly_contribution"``).
    customers : str, optional
        Frame column with the number of customers each row stands for.
    by : str or list of str, optional
        Group the frame by these columns.
    currency : str or dict, optional
        See :func:`roi`.

    Returns
    -------
    Ratio or DataFrame
        Months (``NaN`` with a note when the monthly contribution is 0).

    Examples
    --------
    >>> payback(cac=500, monthly_contribution=50)
    10.0
    >>> payback(cac=500, monthly_contribution=0).note
    'monthly contribution is 0: CAC is never recovered'
    """
    zero = "monthly contribution is 0: CAC is never recovered"
    definition = "CAC ÷ monthly contribution per customer"
    if not _is_frame(data, "payback(cac=500, monthly_contribution=50)"):
        _scalar_only(by)
        value_cac, cac_cur = _amount(cac, "cac")
        contrib, con_cur = _amount(monthly_contribution, "monthly_contribution")
        cur = _one_currency({"cac": cac_cur, "monthly_contribution": con_cur},
                            currency if isinstance(currency, str) else None)
        value, note = _divide(value_cac, contrib, "monthly contribution")
        return Ratio(value, metric="CAC payback", definition=definition, unit="months",
                     currency=cur, note=zero if note else "",
                     inputs={"cac": value_cac, "monthly_contribution": contrib})
    assert data is not None
    cac_col = cac or "cac"
    con_col = monthly_contribution or "monthly_contribution"
    weight = (pd.Series(1.0, index=data.index) if customers is None
              else _column(data, customers, "customers"))
    values = {"cac": _column(data, cac_col, "cac") * weight,
              "contribution": _column(data, con_col, "monthly_contribution") * weight,
              "customers": weight}
    values["cac"].name, values["contribution"].name = cac_col, con_col
    groups = _group(data, by=by, values=values, money=[cac_col, con_col], currency=currency)
    out, notes = _ratio_array(groups.sums["cac"], groups.sums["contribution"], con_col)
    notes = [zero if n else "" for n in notes]
    columns = {"customers": groups.sums["customers"], f"total_{cac_col}": groups.sums["cac"],
               f"total_{con_col}": groups.sums["contribution"]}
    return _finish(groups, by=by, columns=columns, metric_column="payback_months", values=out,
                   notes=notes, metric="CAC payback", definition=definition, unit="months")


def _walk_payback(contrib: np.ndarray, target: float) -> tuple[float, float, str]:
    """Months until the cumulated contribution reaches ``target`` (linear within a month)."""
    cumulated = np.cumsum(contrib)
    recovered = float(cumulated[-1]) if len(cumulated) else 0.0
    if target == 0:
        return 0.0, recovered, "CAC is 0"
    hit = np.nonzero(cumulated >= target)[0]
    if len(hit) == 0:
        share = recovered / target
        return (math.nan, recovered,
                f"not recovered within the {len(contrib)} months of data ({share:.0%} recovered)")
    k = int(hit[0])
    before = float(cumulated[k - 1]) if k else 0.0
    return k + (target - before) / float(contrib[k]), recovered, ""


def cohort_payback(
    data: pd.DataFrame | pd.Series | Sequence[float],
    *,
    cac: Any,
    contribution: str | None = None,
    month: str | None = None,
    by: str | Sequence[str] | None = None,
    currency: str | Mapping[str, str] | None = None,
) -> Ratio | pd.DataFrame:
    """Months until a cohort's cumulated contribution margin repays its acquisition cost.

    The contribution of month k is assumed to arrive evenly through month k, so
    the payback is interpolated inside the month in which the cumulated margin
    reaches CAC: with a flat margin it equals :func:`payback`.

    Parameters
    ----------
    data : sequence, Series or DataFrame
        Monthly contribution in month order (month 1 first), per customer or for
        the whole cohort (then ``cac`` is the whole cohort's cost). A frame has a
        ``month`` column (consecutive integers) and a ``contribution`` column;
        rows of the same month (e.g. per channel) are summed within each group.
    cac : number, Money or column name
        Acquisition cost, in the same unit as the contribution. With a frame it
        may name a column holding each group's cost (one value per group).
    contribution, month : str, optional
        Frame columns (defaults ``"contribution"`` and ``"month"``).
    by : str or list of str, optional
        Group the frame, typically by cohort.
    currency : str or dict, optional
        See :func:`roi`.

    Returns
    -------
    Ratio or DataFrame
        Months (``NaN`` with a note when not repaid within the data).

    Examples
    --------
    >>> cohort_payback([20.0, 30.0, 40.0, 40.0], cac=100)
    3.25
    >>> cohort_payback([20.0, 30.0], cac=100).note
    'not recovered within the 2 months of data (50% recovered)'
    """
    definition = "months until cumulated monthly contribution reaches CAC"
    if not isinstance(data, pd.DataFrame):
        _scalar_only(by)
        sequence = isinstance(data, (Sequence, pd.Series, np.ndarray))
        if isinstance(data, (str, bytes)) or not sequence:
            raise DataError("data must be the monthly contributions (a list or Series) or a frame",
                            column="data", hint="e.g. cohort_payback([20, 30, 40], cac=100)")
        arr = pd.to_numeric(pd.Series(list(data), dtype=object), errors="coerce").to_numpy(float)
        if len(arr) == 0 or np.isnan(arr).any():
            raise DataError("monthly contributions must be numbers, one per month, none missing",
                            column="contribution", hint="fill missing months with 0")
        if (arr < 0).any():
            raise DataError("a monthly contribution is negative", column="contribution",
                            hint="contribution margins are never negative here; check the sign")
        value_cac, cur = _amount(cac, "cac")
        cur = _one_currency({"cac": cur}, currency if isinstance(currency, str) else None)
        months, recovered, note = _walk_payback(arr, value_cac)
        return Ratio(months, metric="cohort CAC payback", definition=definition, unit="months",
                     currency=cur, note=note,
                     inputs={"cac": value_cac, "months_observed": float(len(arr)),
                             "recovered": recovered})
    con_col, mon_col = contribution or "contribution", month or "month"
    values = {"contribution": _column(data, con_col, "contribution"),
              "month": _column(data, mon_col, "month")}
    cac_series = None
    money = [con_col]
    if isinstance(cac, str):
        cac_series = _column(data, cac, "cac")
        values["cac"] = cac_series
        money.append(cac)
    else:
        value_cac, cac_cur = _amount(cac, "cac")
    groups = _group(data, by=by, values=values, money=money, currency=currency)
    frame = pd.DataFrame({"g": groups.index, "month": values["month"].to_numpy(),
                          "c": values["contribution"].to_numpy()})[groups.valid]
    rows = []
    notes = []
    for g in range(len(groups.keys)):
        part = frame[frame["g"] == g]
        if part.empty:
            rows.append((math.nan, math.nan, 0.0, math.nan))
            notes.append("no rows with a month and a contribution")
            continue
        per_month = part.groupby("month")["c"].sum().sort_index()
        months = per_month.index.to_numpy()
        if not np.allclose(np.diff(months), 1.0) or not np.allclose(months, np.round(months)):
            where = (", ".join(f"{k}={groups.keys.iloc[g][k]!r}" for k in _by_list(by))
                     or "the frame")
            raise DataError(f"months of {where} are not consecutive whole numbers "
                            f"({', '.join(f'{m:g}' for m in months[:6])}…)", column=mon_col,
                            hint="add the missing months with a contribution of 0")
        if cac_series is not None:
            own = cac_series[groups.index == g].dropna().unique()
            if len(own) != 1:
                raise DataError(f"column {cac!r} must hold one value per group, found {len(own)}",
                                column=str(cac),
                                hint="put the cohort's acquisition cost on every row")
            target = float(own[0])
        else:
            target = value_cac
        months_paid, recovered, note = _walk_payback(per_month.to_numpy(), target)
        rows.append((target, months_paid, float(len(per_month)), recovered))
        notes.append(note)
    if cac_series is None:
        for code in groups.currency:
            _one_currency({"cac": cac_cur, "contribution": code})
    arr = np.array(rows, dtype=float)
    columns = {"cac": arr[:, 0], "months_observed": arr[:, 2], "recovered": arr[:, 3]}
    return _finish(groups, by=by, columns=columns, metric_column="payback_months",
                   values=arr[:, 1], notes=notes, metric="cohort CAC payback",
                   definition=definition, unit="months")


# --------------------------------------------------------------------------- incremental / marginal


def iroas(
    data: pd.DataFrame | None = None,
    *,
    revenue: Any = None,
    spend: Any = None,
    control_revenue: Any = None,
    control_spend: Any = 0.0,
    arm: str = "arm",
    test: Any = "test",
    control: Any = "control",
    control_scale: float = 1.0,
    by: str | Sequence[str] | None = None,
    currency: str | Mapping[str, str] | None = None,
) -> Ratio | pd.DataFrame:
    """Incremental ROAS: incremental revenue ÷ incremental spend.

    iROAS = (R_test − s·R_control) ÷ (S_test − s·S_control), for a test group
    against a control (hold-out) group, or an "after" period against a "before"
    period. ``s`` (``control_scale``) scales the control to the test's size, e.g.
    test population ÷ control population in a geo test.

    Parameters
    ----------
    data : DataFrame, optional
        Rows with an ``arm`` column telling test from control rows; revenue and
        spend are summed per arm (and per ``by`` group).
    revenue, spend : number, Money or column name
        Single numbers: the test (or after-period) revenue and spend. Frame:
        columns (defaults ``"revenue"`` and ``"spend"``).
    control_revenue, control_spend : number or Money
        Single numbers: the control (or before-period) revenue and spend
        (a hold-out usually has no spend: default 0).
    arm : str
        Frame column holding the arm of each row.
    test, control : label
        Values of ``arm`` for the two arms (``"after"``/``"before"`` for periods).
    control_scale : float
        Multiplier applied to the control's revenue and spend.
    by : str or list of str, optional
        Group the frame by these columns (e.g. channel).
    currency : str or dict, optional
        See :func:`roi`.

    Returns
    -------
    Ratio or DataFrame
        ``NaN`` with a note when the incremental spend is 0. A negative iROAS
        (the test lost revenue) is reported as it is.

    Examples
    --------
    >>> iroas(revenue=150_000, spend=20_000, control_revenue=120_000, control_spend=10_000)
    3.0
    """
    definition = "(test revenue − control revenue) ÷ (test spend − control spend)"
    scale = _amount(control_scale, "control_scale")[0]
    if not _is_frame(data, "iroas(revenue=..., spend=..., control_revenue=...)"):
        _scalar_only(by)
        rev, c1 = _amount(revenue, "revenue")
        spd, c2 = _amount(spend, "spend")
        crev, c3 = _amount(control_revenue, "control_revenue")
        cspd, c4 = _amount(control_spend, "control_spend")
        cur = _one_currency({"revenue": c1, "spend": c2, "control_revenue": c3,
                             "control_spend": c4}, currency if isinstance(currency, str) else None)
        inc_rev, inc_spd = rev - scale * crev, spd - scale * cspd
        value, note = _divide(inc_rev, inc_spd, "incremental spend")
        return Ratio(value, metric="iROAS", definition=definition, currency=cur, note=note,
                     inputs={"incremental_revenue": inc_rev, "incremental_spend": inc_spd})
    assert data is not None
    if arm not in data.columns:
        raise DataError(f"the frame has no column {arm!r} telling test from control",
                        column=arm, hint="pass arm='<column>' with test= and control= labels")
    labels = set(data[arm].dropna().unique())
    for role, label in (("test", test), ("control", control)):
        if label not in labels:
            raise DataError(f"no {role} rows: column {arm!r} has no value {label!r}", column=arm,
                            hint=f"pass {role}= one of {sorted(map(str, labels))}")
    rev_col, spd_col = revenue or "revenue", spend or "spend"
    is_test = (data[arm] == test).to_numpy()
    is_control = (data[arm] == control).to_numpy()
    rev_s, spd_s = _column(data, rev_col, "revenue"), _column(data, spd_col, "spend")
    sign = np.where(is_test, 1.0, np.where(is_control, -scale, 0.0))
    values = {"revenue": rev_s, "spend": spd_s,
              "inc_revenue": rev_s * sign, "inc_spend": spd_s * sign}
    groups = _group(data[is_test | is_control], by=by,
                    values={k: v[is_test | is_control] for k, v in values.items()},
                    money=[rev_col, spd_col], currency=currency,
                    allow_negative=("inc_revenue", "inc_spend"))
    out, notes = _ratio_array(groups.sums["inc_revenue"], groups.sums["inc_spend"],
                              "incremental spend")
    columns = {"incremental_revenue": groups.sums["inc_revenue"],
               "incremental_spend": groups.sums["inc_spend"]}
    return _finish(groups, by=by, columns=columns, metric_column="iroas", values=out, notes=notes,
                   metric="iROAS", definition=definition, unit="ratio")


def _segments(spend: np.ndarray, revenue: np.ndarray) -> tuple[np.ndarray, list[str]]:
    order = np.argsort(spend, kind="stable")
    s, r = spend[order], revenue[order]
    out, notes = _ratio_array(np.diff(r), np.diff(s), "the spend step")
    return np.column_stack([s[:-1], s[1:], r[:-1], r[1:], out]), notes


def marginal_roas(
    data: pd.DataFrame | None = None,
    *,
    spend: Any = None,
    revenue: Any = None,
    curve: Callable[[float], float] | None = None,
    at: float | Sequence[float] | None = None,
    by: str | Sequence[str] | None = None,
    currency: str | Mapping[str, str] | None = None,
) -> Ratio | pd.DataFrame:
    """Marginal ROAS: the revenue the next unit of spend brings, Δrevenue ÷ Δspend.

    Three ways in:

    - two points, ``spend=(s0, s1), revenue=(r0, r1)`` → a number (more points
      give a frame of consecutive segments, sorted by spend);
    - a response curve, ``curve=f`` (revenue as a function of spend) and
      ``at=`` the spend level(s): the slope by central differences;
    - a frame of points on a curve (e.g. an MMM's response curves), grouped by
      ``by``: one row per segment between consecutive spend levels.

    Unlike ROAS it is not a ratio of sums: it is a slope.

    Parameters
    ----------
    data : DataFrame, optional
        Points (spend, revenue) of a curve.
    spend, revenue : sequence of numbers or column name
        The points (frame defaults ``"spend"`` and ``"revenue"``).
    curve : callable, optional
        Revenue as a function of spend.
    at : float or sequence of float, optional
        Spend level(s) where to take the slope of ``curve``.
    by : str or list of str, optional
        Group the frame (e.g. by channel).
    currency : str or dict, optional
        Single numbers: the currency; frame: see :func:`roi`.

    Returns
    -------
    Ratio or DataFrame

    Examples
    --------
    >>> marginal_roas(spend=(10_000, 12_000), revenue=(40_000, 45_000))
    2.5
    >>> round(marginal_roas(curve=lambda s: 1000 * s ** 0.5, at=2500), 3)
    10.0
    """
    definition = "Δrevenue ÷ Δspend"
    if curve is not None:
        _scalar_only(by)
        if data is not None or spend is not None or revenue is not None:
            raise DataError("pass either a curve or points, not both", column="curve",
                            hint="curve=f with at=…, or spend=/revenue= points")
        if at is None:
            raise DataError("curve= needs at=, the spend level(s) where to take the slope",
                            column="at", hint="e.g. at=2500 or at=[1000, 2000, 3000]")
        levels = [at] if np.isscalar(at) else list(at)  # type: ignore[arg-type]
        slopes, notes = [], []
        for level in levels:
            x, _ = _amount(level, "at")
            h = 1e-5 * max(abs(x), 1.0)
            lo = max(x - h, 0.0)
            hi = x + h
            try:
                slope = (float(curve(hi)) - float(curve(lo))) / (hi - lo)
            except (ArithmeticError, ValueError) as exc:
                slope, note = math.nan, f"the curve fails near {x:g}: {exc}"
            else:
                note = "" if math.isfinite(slope) else "the curve is not finite there"
                slope = slope if math.isfinite(slope) else math.nan
            slopes.append(slope)
            notes.append(note)
        cur = currency if isinstance(currency, str) else None
        if np.isscalar(at):
            return Ratio(slopes[0], metric="marginal ROAS", definition="d revenue / d spend",
                         currency=cur, note=notes[0], inputs={"spend": float(levels[0])})
        return pd.DataFrame({"spend": [float(v) for v in levels], "mroas": slopes, "note": notes})
    if not _is_frame(data, "marginal_roas(spend=(1000, 1200), revenue=(4000, 4500))"):
        _scalar_only(by)
        if isinstance(spend, (str, bytes)) or not isinstance(spend, Sequence) or \
                isinstance(revenue, (str, bytes)) or not isinstance(revenue, Sequence):
            raise DataError("pass spend= and revenue= as sequences of points, or curve= and at=",
                            column="spend", hint="e.g. spend=(1000, 1200), revenue=(4000, 4500)")
        if len(spend) != len(revenue):
            raise DataError(f"spend has {len(spend)} points but revenue has {len(revenue)}",
                            column="revenue", hint="give one revenue value per spend level")
        if len(spend) < 2:
            raise DataError("a marginal ROAS needs at least two points", column="spend",
                            hint="pass two spend levels and their revenues")
        parsed_s = [_amount(v, "spend") for v in spend]
        parsed_r = [_amount(v, "revenue") for v in revenue]
        found = {f"spend[{i}]": c for i, (_, c) in enumerate(parsed_s)}
        found.update({f"revenue[{i}]": c for i, (_, c) in enumerate(parsed_r)})
        cur = _one_currency(found, currency if isinstance(currency, str) else None)
        seg, notes = _segments(np.array([a for a, _ in parsed_s]),
                               np.array([a for a, _ in parsed_r]))
        if len(seg) == 1:
            return Ratio(float(seg[0, 4]), metric="marginal ROAS", definition=definition,
                         currency=cur, note=notes[0],
                         inputs={"spend_from": seg[0, 0], "spend_to": seg[0, 1],
                                 "revenue_from": seg[0, 2], "revenue_to": seg[0, 3]})
        frame = pd.DataFrame(seg, columns=["spend_from", "spend_to", "revenue_from", "revenue_to",
                                           "mroas"])
        frame["note"] = notes
        return frame
    assert data is not None
    spd_col, rev_col = spend or "spend", revenue or "revenue"
    values = {"spend": _column(data, spd_col, "spend"),
              "revenue": _column(data, rev_col, "revenue")}
    groups = _group(data, by=by, values=values, money=[spd_col, rev_col], currency=currency)
    keys = _by_list(by)
    pieces = []
    s_all, r_all = values["spend"].to_numpy(), values["revenue"].to_numpy()
    for g in range(len(groups.keys)):
        mask = (groups.index == g) & groups.valid
        seg, notes = _segments(s_all[mask], r_all[mask])
        part = pd.DataFrame(seg, columns=["spend_from", "spend_to", "revenue_from", "revenue_to",
                                          "mroas"])
        if len(seg) == 0:
            part = pd.DataFrame({"spend_from": [math.nan], "spend_to": [math.nan],
                                 "revenue_from": [math.nan], "revenue_to": [math.nan],
                                 "mroas": [math.nan]})
            notes = ["fewer than two points"]
        for k in keys:
            part.insert(keys.index(k), k, groups.keys.iloc[g][k])
        if groups.currency[g]:
            part["currency"] = groups.currency[g]
        part["note"] = notes
        pieces.append(part)
    frame = pd.concat(pieces, ignore_index=True)
    frame.attrs.update({"metric": "marginal ROAS", "definition": definition})
    return frame
