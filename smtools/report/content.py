"""Best and worst content of the campaign: the organic posts that engaged most and least.

A post's engagement rate is its engagements (its ``engagements`` column, or likes +
comments + shares + saves) ÷ its impressions. Only posts with at least
``min_impressions`` impressions are ranked (a post seen 40 times can reach 20% by
luck); formats and pillars are compared as ratios of sums with 95% Wilson
intervals. Post texts are kept as they are in the data and escaped wherever the
report shows them.

Examples
--------
>>> import pandas as pd
>>> p = pd.DataFrame({"post_id": ["a", "b", "c"], "channel": "instagram",
...                   "impressions": [1000.0, 2000.0, 10.0], "likes": [50.0, 20.0, 5.0]})
>>> rank_posts(p, min_impressions=100)[["post_id", "er"]].to_dict("list")
{'post_id': ['a', 'b'], 'er': [0.05, 0.01]}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import pandas as pd

from smtools.errors import DataError
from smtools.report import _text
from smtools.report._base import Section, localise, new_axes, source_line
from smtools.report.actuals import Actuals

__all__ = ["Content", "content", "rank_posts", "MIN_IMPRESSIONS", "TOP"]

#: Posts with fewer impressions are not ranked.
MIN_IMPRESSIONS = 300
#: Posts shown at each end of the ranking.
TOP = 3
_TEXT_CHARS = 160


def rank_posts(posts: pd.DataFrame, *, min_impressions: float = MIN_IMPRESSIONS
               ) -> pd.DataFrame:
    """Posts with at least ``min_impressions`` impressions, best engagement rate first."""
    from smtools.channel._common import engagements

    if posts.empty:
        return posts.assign(engagements=pd.Series(dtype=float), er=pd.Series(dtype=float))
    out = posts.assign(engagements=engagements(posts))
    out = out[(out["impressions"] >= min_impressions) & out["engagements"].notna()]
    out = out.assign(er=out["engagements"] / out["impressions"])
    return out.sort_values("er", ascending=False, kind="stable").reset_index(drop=True)


@dataclass(kw_only=True)
class Content(Section):
    """The campaign's best and worst posts, and formats and pillars compared.

    Attributes
    ----------
    best, worst : DataFrame
        The top and bottom posts: ``channel``, ``published_at``, ``format``,
        ``pillar``, ``text``, ``impressions``, ``engagements``, ``er``.
    formats, pillars : DataFrame
        Engagement rate by format and by pillar (``er``, ``er_low``, ``er_high``,
        ``posts``), ratio of sums with 95% Wilson intervals.
    min_impressions : float
        The ranking's threshold.
    """

    key: ClassVar[str] = "content"
    best: pd.DataFrame
    worst: pd.DataFrame
    formats: pd.DataFrame
    pillars: pd.DataFrame
    min_impressions: float = MIN_IMPRESSIONS
    tz: str = "UTC"

    def to_frame(self) -> pd.DataFrame:
        """The best then the worst posts, with a ``rank`` column (``best`` / ``worst``)."""
        cols = ["channel", "post_id", "published_at", "format", "pillar", "text",
                "impressions", "engagements", "er"]
        parts = [f.reindex(columns=cols).assign(rank=r)
                 for f, r in ((self.best, "best"), (self.worst, "worst")) if len(f)]
        if not parts:
            return pd.DataFrame(columns=[*cols, "rank"])
        return pd.concat(parts, ignore_index=True)

    def view(self) -> pd.DataFrame:
        lang = self.language
        rows = []
        for r in self.to_frame().itertuples(index=False):
            text = str(r.text) if isinstance(r.text, str) else ""
            if len(text) > _TEXT_CHARS:
                text = text[:_TEXT_CHARS - 1].rstrip() + "…"
            when = pd.Timestamp(r.published_at).tz_convert(self.tz)
            rows.append({
                _text.say(lang, "Rank", "Rang"): _text.say(lang, "best", "meilleur")
                if r.rank == "best"
                else _text.say(lang, "worst", "moins bon"),
                _text.say(lang, "Network", "Réseau"): _text.net(r.channel),
                _text.say(lang, "Published", "Publié le"): _text.date(when, lang),
                _text.say(lang, "Format · pillar", "Format · pilier"): f"{r.format} · {r.pillar}",
                _text.say(lang, "Text", "Texte"): text,
                _text.say(lang, "Impressions", "Impressions"): _text.number(r.impressions, lang),
                _text.say(lang, "Engagement rate", "Taux d'engagement"):
                    _text.percent(r.er, lang, decimals=1),
            })
        return pd.DataFrame(rows)

    def plot(self, by: str = "format", *, ax: Any = None) -> Any:
        """Engagement rate by ``format`` or ``pillar`` with 95% Wilson intervals."""
        from smtools import viz

        lang = self.language
        if by not in ("format", "pillar"):
            raise DataError(f"by={by!r} is not drawn", column="by",
                            hint="use 'format' or 'pillar'")
        frame = self.formats if by == "format" else self.pillars
        if frame.empty:
            raise DataError("no organic post in the campaign window", column="posts",
                            hint="ingest the networks' post exports")
        ax = new_axes(ax)
        word = {"format": _text.say(lang, "format", "format"),
                "pillar": _text.say(lang, "content pillar", "pilier éditorial")}[by]
        ax = viz.interval_bars(
            frame, x=by, y="er", low="er_low", high="er_high", percent=True, ax=ax,
            title=_text.say(lang, f"Engagement rate by {word}", f"Taux d'engagement par {word}"),
            xlabel=word.capitalize(),
            ylabel=_text.say(lang, "Engagement rate (% of impressions)",
                             "Taux d'engagement (% des impressions)"),
            source=source_line(lang, _text.say(
                lang, f"organic posts of the campaign window ({int(frame['posts'].sum())} "
                "posts); Σ engagements ÷ Σ impressions; 95% Wilson intervals",
                f"posts organiques de la période ({int(frame['posts'].sum())} posts) ; "
                "Σ engagements ÷ Σ impressions ; intervalles de Wilson à 95 %")))
        return localise(ax, lang)


def _by(posts: pd.DataFrame, key: str) -> pd.DataFrame:
    from smtools.channel import kpis

    if posts.empty or key not in posts.columns or posts[key].isna().all():
        return pd.DataFrame(columns=[key, "posts", "er", "er_low", "er_high"])
    k = kpis(posts[posts[key].notna()], by=key).to_frame().reset_index()
    out = pd.DataFrame({key: k[key].astype(str), "posts": k["rows"], "er": k["er_impressions"],
                        "er_low": k["er_impressions_low"], "er_high": k["er_impressions_high"]})
    return out.sort_values("er", ascending=False).reset_index(drop=True)


def content(actuals: Actuals, *, language: str | None = None,
            min_impressions: float = MIN_IMPRESSIONS, top: int = TOP) -> Content:
    """The campaign's best and worst organic posts, and formats and pillars compared.

    Parameters
    ----------
    actuals : Actuals
        The campaign's actuals.
    language : {"fr", "en"}, optional
        Language of the sentences (the brief's by default).
    min_impressions : float
        Posts with fewer impressions are not ranked.
    top : int
        Posts shown at each end.

    Returns
    -------
    Content

    Examples
    --------
    >>> content(actuals).to_frame()[["rank", "channel", "er"]]  # doctest: +SKIP
    """
    lang = language or actuals.language
    posts = actuals.posts
    ranked = rank_posts(posts, min_impressions=min_impressions)
    best = ranked.head(top)
    worst = ranked.iloc[max(len(ranked) - top, len(best)):].iloc[::-1]
    formats, pillars = _by(posts, "format"), _by(posts, "pillar")
    tz = actuals.brief.timezone
    sentences: list[str] = []
    if posts.empty:
        sentences.append(_text.say(lang, "No organic post was published during the campaign.",
                                   "Aucun post organique n'a été publié pendant la campagne."))
    elif ranked.empty:
        sentences.append(_text.say(
            lang, f"No organic post of the window had {_text.number(min_impressions, lang)} "
            "impressions or more: nothing to rank.",
            f"Aucun post organique de la période n'a atteint "
            f"{_text.number(min_impressions, lang)} impressions : rien à classer."))
    else:
        b = best.iloc[0]
        sentences.append(_text.say(
            lang, f"The best post ({_text.net(b['channel'])}, format “{b['format']}”, pillar "
            f"“{b['pillar']}”, {_text.date(b['published_at'].tz_convert(tz), lang)}) reached an "
            f"engagement rate of {_text.percent(b['er'], lang)} on "
            f"{_text.number(b['impressions'], lang)} impressions.",
            f"Le meilleur post ({_text.net(b['channel'])}, format « {b['format']} », pilier "
            f"« {b['pillar']} », {_text.date(b['published_at'].tz_convert(tz), lang)}) a atteint "
            f"un taux d'engagement de {_text.percent(b['er'], lang)} sur "
            f"{_text.number(b['impressions'], lang)} impressions."))
        if len(worst):
            w = worst.iloc[0]
            sentences.append(_text.say(
                lang, f"The weakest ({_text.net(w['channel'])}, format “{w['format']}”, pillar "
                f"“{w['pillar']}”) reached {_text.percent(w['er'], lang)} "
                f"({_text.number(len(ranked), lang)} posts ranked, each with "
                f"{_text.number(min_impressions, lang)} impressions or more).",
                f"Le moins bon ({_text.net(w['channel'])}, format « {w['format']} », pilier "
                f"« {w['pillar']} ») a atteint {_text.percent(w['er'], lang)} "
                f"({_text.number(len(ranked), lang)} posts classés, chacun avec au moins "
                f"{_text.number(min_impressions, lang)} impressions)."))
    for frame, key, en, fr in ((formats, "format", "format", "format"),
                               (pillars, "pillar", "pillar", "pilier")):
        if len(frame) >= 2:
            hi, lo = frame.iloc[0], frame.iloc[-1]
            sentences.append(_text.say(
                lang, f"By {en}, “{hi[key]}” engaged most "
                f"({_text.percent(hi['er'], lang, decimals=2)}, 95% interval "
                f"{_text.percent(hi['er_low'], lang, decimals=2)}–"
                f"{_text.percent(hi['er_high'], lang, decimals=2)}) and “{lo[key]}” least "
                f"({_text.percent(lo['er'], lang, decimals=2)}).",
                f"Par {fr}, « {hi[key]} » engage le plus "
                f"({_text.percent(hi['er'], lang, decimals=2)}, intervalle à 95 % "
                f"{_text.percent(hi['er_low'], lang, decimals=2)}–"
                f"{_text.percent(hi['er_high'], lang, decimals=2)}) et « {lo[key]} » le moins "
                f"({_text.percent(lo['er'], lang, decimals=2)})."))
    notes = [_text.say(
        lang, f"Engagement rate = engagements ÷ impressions; posts with fewer than "
        f"{_text.number(min_impressions, lang)} impressions are not ranked.",
        f"Taux d'engagement = engagements ÷ impressions ; les posts de moins de "
        f"{_text.number(min_impressions, lang)} impressions ne sont pas classés.")]
    return Content(language=lang, currency=actuals.currency, sentences=sentences, notes=notes,
                   best=best, worst=worst, formats=formats, pillars=pillars,
                   min_impressions=min_impressions, tz=tz)
