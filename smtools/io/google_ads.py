"""Google Ads UI reports ("Download → CSV" or "Excel CSV").

The UI writes two title lines above the header (report name, date range),
``--`` for empty cells, thousands separators (``"1,240"``), percentages
(``7.69%``) and ``Total: …`` rows at the end. "Excel CSV" downloads are UTF-16
and tab-separated; the text layer reads both the same way.

=====================  ===============================================
export column          canonical
=====================  ===============================================
Day                    ``date`` (Week / Month segments are refused)
Campaign, Ad group     ``campaign``, ``ad_group``
Campaign type          ``channel``: Search → google_search, Display →
                       google_display, Video → youtube (google_search
                       without the column)
Impr., Clicks, Cost    ``impressions``, ``clicks``, ``spend``
Conversions            ``conversions``
Conv. value            ``revenue``
Currency code          ``currency``
=====================  ===============================================

Examples
--------
>>> GoogleAds().match(["Day", "Campaign", "Impr.", "Cost"], 3, ",").complete
True
>>> channel_of("Performance Max")
'google_pmax'
"""

from __future__ import annotations

import re
from typing import ClassVar

import numpy as np

from smtools.errors import DataError
from smtools.io import _text
from smtools.io._adapter import Adapter, Field, Options, Rows, map_values

__all__ = ["GoogleAds", "channel_of"]

_T = "text"

FIELDS: tuple[Field, ...] = (
    Field("date", ("Day", "Date"), "date"),
    Field("week", ("Week",), _T),
    Field("month", ("Month",), _T),
    Field("quarter", ("Quarter",), _T),
    Field("year", ("Year",), _T),
    Field("campaign", ("Campaign",), _T),
    Field("ad_group", ("Ad group",), _T),
    Field("creative", ("Ad name",), _T),
    Field("campaign_type", ("Campaign type", "Advertising channel type"), _T),
    Field("currency", ("Currency code", "Currency"), _T),
    Field("impressions", ("Impr.", "Impressions")),
    Field("clicks", ("Clicks",)),
    Field("spend", ("Cost",), money=True),
    Field("conversions", ("Conversions",)),
    Field("revenue", ("Conv. value", "Conversion value", "Total conv. value"), money=True),
    Field("video_views", ("Views", "Video views", "YouTube views")),
    Field("engagements", ("Engagements",)),
    Field("ctr", ("CTR",), "rate", read=False),
    Field("conv_rate", ("Conv. rate",), "rate", read=False),
    Field("avg_cpc", ("Avg. CPC",), money=True, read=False),
    Field("avg_cpm", ("Avg. CPM",), money=True, read=False),
)

_CHANNELS = {
    "search": "google_search", "display": "google_display", "video": "youtube",
    "shopping": "google_shopping", "performance max": "google_pmax",
    "demand gen": "google_demand_gen", "discovery": "google_demand_gen",
    "app": "google_app", "smart": "google_search", "hotel": "google_hotel",
    "local": "google_local", "multi channel": "google_pmax",
}
_FORMATS = {"google_search": "search", "youtube": "video"}


def channel_of(campaign_type: str) -> str:
    """Canonical channel of a Google Ads campaign type.

    Examples
    --------
    >>> channel_of("Search"), channel_of("Display"), channel_of("Video")
    ('google_search', 'google_display', 'youtube')
    """
    key = _text.norm(campaign_type).replace("_", " ")
    if key in _CHANNELS:
        return _CHANNELS[key]
    return "google_" + re.sub(r"[^a-z0-9]+", "_", key).strip("_")


class GoogleAds(Adapter):
    """Google Ads UI report → ``performance``."""

    name = "google_ads"
    title = "Google Ads"
    fields = FIELDS
    signature = (("date", "week", "month", "quarter", "year"), "campaign", "impressions", "spend")
    dayfirst: ClassVar[dict[str, bool | None]] = {"en": False}

    def drop_rows(self, rows: Rows, opts: Options) -> None:
        """Drop the ``Total: Account``, ``Total: Search``… rows."""
        total = np.zeros(rows.n, dtype=bool)
        for key in ("date", "week", "month", "campaign"):
            total |= rows.matches(key, r"^total\b")
        rows.drop(total, "total row")

    def build(self, rows: Rows, opts: Options) -> None:
        """Map the report's columns to the performance table."""
        if not rows.has("date"):
            coarse = next(k for k in ("week", "month", "quarter", "year") if rows.has(k))
            raise DataError(
                f"the report is segmented by {rows.col(coarse)}, but the performance table "
                "is daily", file=rows.file, row=rows.grid.header_line, column=rows.col(coarse),
                hint="download the report again with the segment Day (Segment → Time → Day)")
        rows.put("date", rows.date("date"), "date")
        if rows.has("campaign_type"):
            channel = map_values(rows.text("campaign_type"), channel_of).fillna("google_search")
            rows.put("channel", channel, "campaign_type")
            rows.put("format", map_values(channel, lambda c: _FORMATS.get(c)))
        else:
            rows.put("channel", "google_search")
            rows.put("format", "search")
        for key in ("campaign", "ad_group", "creative"):
            rows.put_text(key, key)
        rows.put("media_type", "paid")
        for key in ("impressions", "clicks", "spend", "conversions", "revenue", "video_views",
                    "engagements"):
            rows.put_number(key, key)
        rows.put_currency(opts)
