"""The ``audience`` table: each organic channel's follower breakdown (source ``followers``).

Generating shares, per channel::

    share(age, gender, region) = age_share[age] · gender_share[gender | age] · region_share[region]

``age_share`` is the profile's age mix with a little noise, the share of
women varies a little by age band, ``region_share`` is the client's region
mix with a little noise per channel. The table's ``users`` are a multinomial
draw of the channel's followers over those cells and ``share`` is
``users / followers`` (so shares sum to 1 per channel).

Examples
--------
>>> AGE_BANDS[0], AGE_BANDS[-1]
('13-17', '65+')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smtools.synth.profiles import Profile

__all__ = ["AGE_BANDS", "GENDERS", "audience_table"]

AGE_BANDS: tuple[str, ...] = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
GENDERS: tuple[str, ...] = ("female", "male")


def _r(values: np.ndarray) -> list[float]:
    return [float(v) for v in values]


def audience_table(profile: Profile, followers: dict[str, float], rng: np.random.Generator
                   ) -> tuple[pd.DataFrame, dict]:
    """Follower breakdown by age band × gender × region for every organic channel.

    Parameters
    ----------
    profile : Profile
        The client (organic channels with their age mix and share of women, regions).
    followers : dict
        Followers of each channel (the last day of the history).
    rng : numpy.random.Generator
        The client's ``audience`` stream.

    Returns
    -------
    frame : DataFrame
        Canonical ``audience`` columns, ``source = "followers"``.
    truth : dict
        Per channel: ``followers``, ``age`` (band → share), ``female_by_age``
        (band → share of women) and ``region`` (region → share); the
        generating share of a cell is ``age · (female_by_age or 1 −
        female_by_age) · region``.

    Examples
    --------
    >>> from smtools.synth.archetypes import BISTRO
    >>> f, t = audience_table(BISTRO, {"facebook": 3000.0, "instagram": 6000.0},
    ...                       np.random.default_rng(0))
    >>> f.groupby("channel")["share"].sum().round(6).tolist()
    [1.0, 1.0]
    """
    names = [r for r, _ in profile.regions]
    base_region = np.array([s for _, s in profile.regions])
    frames, truth = [], {}
    for oc in profile.organic:
        ages = np.asarray(oc.ages, dtype=float) * rng.lognormal(0.0, 0.08, len(AGE_BANDS))
        ages = np.round(ages / ages.sum(), 5)
        female = np.round(np.clip(oc.female + np.linspace(0.04, -0.04, len(AGE_BANDS))
                                  + rng.normal(0.0, 0.015, len(AGE_BANDS)), 0.05, 0.95), 5)
        region = base_region * rng.lognormal(0.0, 0.1, len(names))
        region = np.round(region / region.sum(), 5)
        gender = np.stack([female, 1 - female], axis=1)              # (age, gender)
        cell = ages[:, None, None] * gender[:, :, None] * region[None, None, :]
        total = int(followers[oc.channel])
        users = rng.multinomial(total, cell.ravel() / cell.sum()).astype(float)
        a, g, r = np.meshgrid(np.arange(len(AGE_BANDS)), np.arange(2), np.arange(len(names)),
                              indexing="ij")
        frames.append(pd.DataFrame({
            "client": profile.slug,
            "source": "followers",
            "channel": oc.channel,
            "age_band": np.array(AGE_BANDS, dtype=object)[a.ravel()],
            "gender": np.array(GENDERS, dtype=object)[g.ravel()],
            "region": np.array(names, dtype=object)[r.ravel()],
            "users": users,
            "share": users / users.sum(),
        }))
        truth[oc.channel] = {
            "followers": float(total),
            "age": dict(zip(AGE_BANDS, _r(ages), strict=True)),
            "female_by_age": dict(zip(AGE_BANDS, _r(female), strict=True)),
            "region": dict(zip(names, _r(region), strict=True)),
        }
    return pd.concat(frames, ignore_index=True), truth
