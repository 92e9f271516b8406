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
# Weekly spend by network, from the ad platforms' exports.

# %% tags=["remove-input"]
if perf.empty:
    display(Markdown("_No paid media data yet: ingest the ad platforms' exports._"))
else:
    currency = sm.overview.single_currency(perf, what="spend")
    weekly = sm.overview.totals(perf, "spend", by="channel", complete=True)
    sm.viz.lines(weekly, x="date", y="spend", hue="channel", xlabel="Week",
                 ylabel=f"Spend ({currency})", title="Weekly paid media spend by network",
                 source=f"ad platform exports, {source}")

# %% [markdown]
# ## Business results
#
# What the business recorded (shop, CRM or analytics), week by week.

# %% tags=["remove-input"]
if outcomes.empty:
    display(Markdown("_No business results yet: ingest the shop or CRM export._"))
else:
    for kpi, rows in outcomes.groupby("kpi"):
        weekly = sm.overview.totals(rows, "value", complete=True)
        unit = rows["currency"].dropna().iloc[0] if rows["currency"].notna().any() else "count"
        sm.viz.lines(weekly, x="date", y="value", xlabel="Week",
                     ylabel=f"{kpi.replace('_', ' ').capitalize()} ({unit})",
                     title=f"Weekly {kpi.replace('_', ' ')}", source=f"business results, {source}")
        plt.show()

# %% [markdown]
# ## Organic posts and mentions
#
# How often the brand posted on each network, and how often people talked about it.

# %% tags=["remove-input"]
if posts.empty:
    display(Markdown("_No organic posts yet._"))
else:
    counts = sm.overview.counts(posts, date="published_at", by="channel", tz=brief.timezone)
    sm.viz.lines(counts, x="date", y="rows", hue="channel", xlabel="Week",
                 ylabel="Posts per week (count)", title="Organic posts per week",
                 source=f"network insights, {source}")
    plt.show()
if not mentions.empty:
    counts = sm.overview.counts(mentions, date="ts", by="brand", tz=brief.timezone)
    sm.viz.lines(counts, x="date", y="rows", hue="brand", xlabel="Week",
                 ylabel="Mentions per week (count)", title="Mentions per week by brand",
                 source=f"social listening, {source}")
    plt.show()
