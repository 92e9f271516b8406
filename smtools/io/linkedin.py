"""LinkedIn Campaign Manager performance exports.

Campaign Manager writes a few title lines (report name, report start and end,
account) above the header, dates as month/day/year, and one row per day
when the export's time breakdown is "Daily".

LinkedIn's levels differ from Meta's and Google's: a *campaign group* is what
the other networks call a campaign, and a LinkedIn *campaign* is the level
below it (an ad set / ad group). So:

===============================  ===========================================
export column                    canonical
===============================  ===========================================
Start Date (in UTC)              ``date`` (with End Date: a row spanning
                                 several days is refused)
Campaign Group Name              ``campaign`` (Campaign Name without groups)
Campaign Name                    ``ad_group`` (when groups are exported)
Creative Name / Ad Name          ``creative``
Total Spent, Currency            ``spend``, ``currency``
Impressions, Clicks              ``impressions``, ``clicks``
Total Engagements                ``engagements`` (else the sum of reactions,
                                 comments, shares, follows and clicks)
Video Views                      ``video_views``
Conversions + Leads              ``conversions`` (website conversions plus
                                 lead form submissions)
===============================  ===========================================

Examples
--------
>>> LinkedIn().match(["Start Date (in UTC)", "Campaign Name", "Total Spent",
...                   "Impressions"], 6, ",").complete
True
"""

from __future__ import annotations

from typing import ClassVar

from smtools.io._adapter import Adapter, Field, Options, Rows, map_values, objective

__all__ = ["LinkedIn"]

_T = "text"

FIELDS: tuple[Field, ...] = (
    Field("date", ("Start Date (in UTC)", "Start Date"), "date"),
    Field("end", ("End Date (in UTC)", "End Date"), "date"),
    Field("campaign_group", ("Campaign Group Name", "Campaign Group"), _T),
    Field("campaign", ("Campaign Name",), _T),
    Field("creative", ("Creative Name", "Ad Name"), _T),
    Field("objective", ("Campaign Objective", "Objective"), _T),
    Field("currency", ("Currency",), _T),
    Field("spend", ("Total Spent", "Amount Spent"), money=True),
    Field("impressions", ("Impressions",)),
    Field("clicks", ("Clicks",)),
    Field("reach", ("Reach", "Approximate Reach", "Approximate Unique Member Reach")),
    Field("engagements", ("Total Engagements",)),
    Field("reactions", ("Reactions",)),
    Field("comments", ("Comments",)),
    Field("shares", ("Shares",)),
    Field("follows", ("Follows",)),
    Field("other_clicks", ("Other Clicks",)),
    Field("video_views", ("Video Views", "Views")),
    Field("conversions", ("Conversions", "Total Conversions")),
    Field("leads", ("Leads",)),
    Field("revenue", ("Conversion Value", "Total Conversion Value"), money=True),
    Field("ctr", ("Average CTR", "CTR"), "rate", read=False),
    Field("cpc", ("Average CPC",), money=True, read=False),
    Field("cpm", ("Average CPM",), money=True, read=False),
)


class LinkedIn(Adapter):
    """LinkedIn Campaign Manager export → ``performance``."""

    name = "linkedin"
    title = "LinkedIn Campaign Manager"
    fields = FIELDS
    signature = ("date", "campaign", "spend", "impressions")
    dayfirst: ClassVar[dict[str, bool | None]] = {"en": False}

    def build(self, rows: Rows, opts: Options) -> None:
        """Map the export's columns to the performance table."""
        self.check_daily(rows, "date", "end", hint='export again with the time breakdown '
                         '"Daily" so that every row is one day')
        rows.put("date", rows.date("date"), "date")
        rows.put("channel", "linkedin")
        if rows.has("campaign_group"):
            rows.put_text("campaign", "campaign_group")
            rows.put_text("ad_group", "campaign")
        else:
            rows.put_text("campaign", "campaign")
        rows.put_text("creative", "creative")
        if rows.has("objective"):
            rows.put("objective", map_values(rows.text("objective"), objective), "objective")
        rows.put("media_type", "paid")
        for key in ("impressions", "clicks", "reach", "spend", "video_views", "revenue"):
            rows.put_number(key, key)
        if rows.has("engagements"):
            rows.put_number("engagements", "engagements")
        else:
            total, key = rows.sum_of("reactions", "comments", "shares", "follows", "clicks",
                                     "other_clicks")
            if total is not None and key != "clicks":
                rows.put("engagements", total, key)
        total, key = rows.sum_of("conversions", "leads")
        if total is not None:
            rows.put("conversions", total, key)
        rows.put_currency(opts)
