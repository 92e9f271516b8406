# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["remove-cell"]
# # Exploring a client's data
#
# A strategist's first look at one client: what data the workspace holds, how paid
# media, business results, organic posts and mentions moved over time.
# Run it for any client with `smtools explore SLUG`; change the parameters below to
# explore interactively.

# %% tags=["parameters"]
client: str = "bistro-lumiere"
workspace: str = "workspace.duckdb"
clients_dir: str = "clients"
as_of: str = ""  # ISO date: only data up to this day; empty for all

# %% tags=["remove-cell"]
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

import smtools as sm

sm.viz.theme()
brief = sm.brief.load(client, clients_dir)
ws = sm.Workspace(workspace)
end = as_of or None
perf = ws.table("performance", client=client, end=end)
outcomes = ws.table("outcomes", client=client, end=end)
posts = ws.table("posts", client=client, end=end)
mentions = ws.table("mentions", client=client, end=end)
audience = ws.table("audience", client=client)
audience = audience[audience["source"] == "followers"]
influencers = ws.table("influencers", client=client)
influencer_posts = ws.table("influencer_posts", client=client, end=end)
coverage = sm.overview.coverage(ws, client)
source = f"{brief.name} workspace ({ws.path.name})"

# %% tags=["remove-input"]
display(Markdown(sm.overview.summary(brief, coverage)))

# %% [markdown]
# ## What data we have
#
# Rows, first and last day of every table in the workspace for this client.

# %% tags=["remove-input"]
display(sm.viz.table(sm.overview.coverage_table(coverage)))

# %% [markdown]
# ## Paid media
#
# Weekly spend by network, from the ad platforms' exports, and the last 52 weeks' KPIs
# (ratios of sums; reach is not added across days, so it appears as bounds).

# %% tags=["remove-input"]
if perf.empty:
    display(Markdown("_No paid media data yet: ingest the ad platforms' exports._"))
else:
    currency = sm.overview.single_currency(perf, what="spend")
    weekly = sm.overview.totals(perf, "spend", by="channel", complete=True)
    sm.viz.lines(weekly, x="date", y="spend", hue="channel", xlabel="Week",
                 ylabel=f"Spend ({currency})", title="Weekly paid media spend by network",
                 source=f"ad platform exports, {source}")
    plt.show()
    recent = perf[perf["date"] > perf["date"].max() - pd.Timedelta(weeks=52)]
    kpis = sm.channel.kpis(recent, by="channel")
    display(sm.viz.table(sm.overview.kpi_view(kpis), caption="Last 52 weeks by network"))
    kpis.plot("cpa" if recent["conversions"].sum() > 0 else "ctr")
    plt.show()

# %% [markdown]
# ## Business results
#
# What the business recorded (shop, CRM or analytics), week by week, with its trend and
# the weeks that stood out.

# %% tags=["remove-input"]
if outcomes.empty:
    display(Markdown("_No business results yet: ingest the shop or CRM export._"))
else:
    for kpi, rows in outcomes.groupby("kpi"):
        weekly = sm.overview.totals(rows, "value", complete=True).set_index("date")["value"]
        unit = rows["currency"].dropna().iloc[0] if rows["currency"].notna().any() else "count"
        found = sm.channel.trend(weekly.rename(kpi), freq="W")
        found.plot(title=f"Weekly {kpi.replace('_', ' ')}: trend and unusual weeks",
                   ylabel=f"{kpi.replace('_', ' ').capitalize()} ({unit})",
                   source=f"business results, {source}")
        plt.show()

# %% [markdown]
# ## Audience
#
# How well each network's users match the brief's target (composition index: 100 = the
# population's own share), and the client's followers against the target.

# %% tags=["remove-input"]
target = sm.audience.target(brief)
try:
    fit = sm.audience.platform_fit(target, country=brief.country,
                                   audience=audience if not audience.empty else None)
    fit.plot()
    plt.show()
    if not audience.empty:
        gap = sm.audience.follower_gap(audience, target, country=brief.country)
        display(gap)
except sm.DataError as err:
    display(Markdown(f"_Audience fit not available: {sm.fmt.markdown_text(err)}_"))

# %% [markdown]
# ## Organic posts
#
# When posting works best on each network (engagement rate by impressions, local time,
# with shrinkage so that a slot with few lucky posts cannot win), and which formats earn more.

# %% tags=["remove-input"]
if posts.empty:
    display(Markdown("_No organic posts yet._"))
else:
    times = sm.channel.best_times(posts, tz=brief.timezone, top=3)
    display(Markdown("\n".join(f"- {sm.fmt.markdown_text(line)}"
                            for line in times.sentences())))
    for network in sorted(posts["channel"].unique()):
        times.plot(network)
        plt.show()
    content = sm.channel.compare_content(posts, by="format")
    display(Markdown(sm.fmt.markdown_text(content.sentence())))
    content.plot()
    plt.show()

# %% [markdown]
# ## Reputation
#
# Mentions of the brand and its competitors: share of voice, sentiment and the crisis
# windows the detector flags.

# %% tags=["remove-input"]
if mentions.empty:
    display(Markdown("_No mentions yet._"))
else:
    counts = sm.overview.counts(mentions, date="ts", by="brand", tz=brief.timezone)
    sm.viz.lines(counts, x="date", y="rows", hue="brand", xlabel="Week",
                 ylabel="Mentions per week (count)", title="Mentions per week by brand",
                 source=f"social listening, {source}")
    plt.show()
    display(sm.channel.benchmark(mentions))
    crises = sm.channel.detect_crises(mentions, brand=brief.name, tz=brief.timezone)
    display(crises)
    if len(crises.to_frame()):
        crises.plot(brief.name)
        plt.show()

# %% [markdown]
# ## Influencer candidates
#
# Candidates ranked on audience fit, engagement against their follower band's norm, signs
# of bought followers or engagement, brand safety and cost.

# %% tags=["remove-input"]
if influencers.empty:
    display(Markdown("_No influencer candidates listed._"))
else:
    shortlist = sm.influence.shortlist(influencers, target=target, posts=influencer_posts,
                                       country=brief.country)
    display(shortlist)
