"""The names a run is made of: client slugs and notebook kinds.

Light on purpose (no pandas, no DuckDB): the command line checks a batch's
names with it before it starts a kernel.

Examples
--------
>>> check_slug("acme-bakery")
'acme-bakery'
>>> sorted(KINDS)
['explore', 'plan', 'report']
"""

from __future__ import annotations

import re

from smtools.errors import DataError

__all__ = ["KINDS", "check_slug"]

#: Notebook kinds the runner knows, with the document title they publish.
KINDS: dict[str, dict[str, str]] = {
    "explore": {"en": "Data exploration", "fr": "Exploration des données"},
    "plan": {"en": "Media plan", "fr": "Plan média"},
    "report": {"en": "Post-campaign report", "fr": "Bilan de campagne"},
}

_SLUG = re.compile(r"^[a-z0-9-]+$")


def check_slug(client: str, *, parameter: str = "client") -> str:
    """Return ``client`` if it is a valid slug, else raise :class:`DataError`.

    Examples
    --------
    >>> check_slug("../etc")
    Traceback (most recent call last):
    ...
    smtools.errors.DataError: parameter client='../etc' is not a client slug. Fix: ...
    """
    if not isinstance(client, str) or not _SLUG.fullmatch(client):
        raise DataError(
            f"parameter {parameter}={client!r} is not a client slug",
            hint="use lowercase letters, digits and dashes only, e.g. acme-bakery",
        )
    return client
