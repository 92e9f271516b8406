"""Reproducible random streams for the synthetic clients.

Every client draws from ``numpy.random.default_rng(seed + stable_hash(slug))``;
that root generator is split into one independent child stream per part of
the data (spend plan, outcomes, posts…), always in the same order, so that a
change in how one table is drawn leaves the others untouched.

:func:`stable_hash` uses SHA-256, not :func:`hash`, so it is the same in every
Python process (``hash`` of a string changes with ``PYTHONHASHSEED``).

Examples
--------
>>> stable_hash("bistro-lumiere") == stable_hash("bistro-lumiere")
True
>>> a = streams("acme", 0)["spend"].random()
>>> b = streams("acme", 0)["spend"].random()
>>> a == b
True
"""

from __future__ import annotations

import hashlib

import numpy as np

__all__ = ["STREAMS", "rng_for", "stable_hash", "streams"]

#: The child streams of a client, in the order they are spawned (never reorder: append).
STREAMS: tuple[str, ...] = (
    "spend", "media", "performance", "outcomes", "organic", "audience", "journeys",
    "mentions", "sessions", "influencers",
)


def stable_hash(text: str) -> int:
    """A 63-bit integer hash of ``text`` that is the same in every Python run.

    Parameters
    ----------
    text : str
        Any text, typically a client slug.

    Returns
    -------
    int
        The first 8 bytes of the SHA-256 digest of the UTF-8 text, as a
        non-negative integer below 2**63.

    Examples
    --------
    >>> stable_hash("acme")
    4689823734664569936
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def rng_for(slug: str, seed: int = 0) -> np.random.Generator:
    """The root generator of a client: ``default_rng(seed + stable_hash(slug))``.

    Parameters
    ----------
    slug : str
        Client slug.
    seed : int
        Non-negative seed chosen by the user.

    Returns
    -------
    numpy.random.Generator

    Raises
    ------
    ValueError
        When ``seed`` is negative or not an integer.

    Examples
    --------
    >>> float(rng_for("acme", 1).random()) == float(rng_for("acme", 1).random())
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed={seed!r} must be a non-negative integer, e.g. 0 or 42")
    return np.random.default_rng(int(seed) + stable_hash(slug))


def streams(slug: str, seed: int = 0) -> dict[str, np.random.Generator]:
    """One independent child generator per part of the data (see :data:`STREAMS`).

    Examples
    --------
    >>> sorted(streams("acme"))[:3]
    ['audience', 'influencers', 'journeys']
    """
    children = rng_for(slug, seed).spawn(len(STREAMS))
    return dict(zip(STREAMS, children, strict=True))
