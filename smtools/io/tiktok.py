"""TikTok Ads Manager exports.

TikTok writes a ``Total`` row (dropped with a note) and ``-`` for empty cells.

===============================  ===========================================
export column                    canonical
===============================  ===========================================
By Day / Date                    ``date``
Campaign name, Ad group name,    ``campaign``, ``ad_group``, ``creative``
Ad name
Cost, Currency                   ``spend``, ``currency``
Impressions, Reach               ``impressions``, ``reach``
Clicks (destination)             ``clicks``
Conversions                      ``conversions``
Video views                      ``video_views``
Paid likes + comments + shares   ``engagements``
Total complete payment value     ``revenue``
===============================  ===========================================

Examples
--------
>>> TikTok().match(["By Day", "Campaign name", "Cost", "Impressions"], 1, ",").complete
True
"""

from __future__ import annotations

from typing import ClassVar

from smtools.io._adapter import Adapter, Field, Options, Rows, map_values, objective

__all__ = ["TikTok"]

_T = "text"

FIELDS: tuple[Field, ...] = (
    Field("date", ("By Day", "Date", "Stat time day"), "date"),
    Field("campaign", ("Campaign name",), _T),
    Field("ad_group", ("Ad group name",), _T),
    Field("creative", ("Ad name",), _T),
    Field("objective", ("Objective", "Advertising objective"), _T),
    Field("currency", ("Currency",), _T),
    Field("spend", ("Cost", "Total cost"), money=True),
    Field("impressions", ("Impressions",)),
    Field("reach", ("Reach",)),
    Field("clicks", ("Clicks (destination)", "Clicks")),
    Field("conversions", ("Conversions",)),
    Field("video_views", ("Video views",)),
    Field("likes", ("Paid likes",)),
    Field("comments", ("Paid comments",)),
    Field("shares", ("Paid shares",)),
    Field("follows", ("Paid follows",)),
    Field("revenue", ("Total complete payment value", "Complete payment value",
                      "Total purchase value", "Purchase value"), money=True),
    Field("ctr", ("CTR (destination)", "CTR"), "rate", read=False),
    Field("cpc", ("CPC (destination)", "CPC"), money=True, read=False),
    Field("cpm", ("CPM",), money=True, read=False),
    Field("cost_per_conversion", ("Cost per conversion",), money=True, read=False),
)


class TikTok(Adapter):
    """TikTok Ads Manager export → ``performance``."""

    name = "tiktok"
    title = "TikTok Ads Manager"
    fields = FIELDS
    signature = ("date", "campaign", "spend", "impressions")
    dayfirst: ClassVar[dict[str, bool | None]] = {"en": None}

    def drop_rows(self, rows: Rows, opts: Options) -> None:
        """Drop the ``Total`` row(s)."""
        total = rows.matches("date", r"^total\b")
        if rows.has("campaign"):
            total |= rows.matches("campaign", r"^total\b") & rows.text("date").isna().to_numpy()
        rows.drop(total, "total row")

    def build(self, rows: Rows, opts: Options) -> None:
        """Map the export's columns to the performance table."""
        rows.put("date", rows.date("date"), "date")
        rows.put("channel", "tiktok")
        for key in ("campaign", "ad_group", "creative"):
            rows.put_text(key, key)
        if rows.has("objective"):
            rows.put("objective", map_values(rows.text("objective"), objective), "objective")
        rows.put("media_type", "paid")
        rows.put("format", "video")
        for key in ("impressions", "reach", "clicks", "spend", "conversions", "video_views",
                    "revenue"):
            rows.put_number(key, key)
        total, key = rows.sum_of("likes", "comments", "shares", "follows")
        if total is not None:
            rows.put("engagements", total, key)
        rows.put_currency(opts)
