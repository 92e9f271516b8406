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

# %% [markdown]
# # Lesson 1 · Objectives, the funnel and the KPIs of each stage
#
# *Leçon 1 · Objectifs, entonnoir de conversion et KPI de chaque étape*
#
# **Learning goals.** By the end of this lesson you can
#
# 1. turn a client's business objective into a media objective placed in the funnel;
# 2. pick the KPIs that measure each stage of the funnel, and say what each one costs;
# 3. compute a rate the right way — a ratio of sums — and know why the mean of rates misleads;
# 4. read a KPI table by network and a share-of-voice benchmark.
#
# | English | Français |
# |---|---|
# | objective | objectif |
# | funnel | entonnoir (de conversion) |
# | awareness · consideration | notoriété · considération |
# | conversion · loyalty | conversion · fidélisation |
# | reach | couverture |
# | impressions | impressions |
# | frequency | répétition (fréquence) |
# | CPM (cost per thousand impressions) | CPM (coût pour mille) |
# | click-through rate (CTR) | taux de clic |
# | engagement rate | taux d'engagement |
# | conversion rate | taux de conversion |
# | cost per acquisition / per lead (CPA, CPL) | coût par acquisition / par lead |
# | ROAS (return on ad spend) | ROAS (retour sur dépenses publicitaires) |
# | share of voice | part de voix |

# %% tags=["parameters"]
client: str = "cloudledger"  # the synthetic client (the text is written for this one)
seed: int = 0  # another seed gives other data, and other answers, for the same brief

# %%
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

import smtools as sm

sm.viz.theme()
data = sm.teach.dataset(client, seed)  # the client's tables and the truth that generated them
brief = data.brief

# %% [markdown]
# ## 1. From a business objective to a media objective
#
# A brief starts with what the business wants: more sales, more qualified leads, a new
# product known. The media plan translates it into an objective for each stage of the
# **funnel** (*entonnoir*): the path from not knowing the brand to buying it again.
#
# - **awareness** (*notoriété*) — how many people in the target saw us, how often, at what
#   cost? Reach, impressions, frequency, CPM, share of voice.
# - **consideration** (*considération*) — did they pay attention, interact, come to look?
#   Engagement rate, CTR, video view rate, CPC.
# - **conversion** (*conversion*) — did they act: buy, sign up, leave their details?
#   Conversions, conversion rate, CPA / CPL, ROAS.
# - **loyalty** (*fidélisation*) — did they come back, recommend us? Repeat purchase rate,
#   retention, customer lifetime value.
#
# A cost KPI belongs to the stage of what it buys: the CPM buys impressions (awareness), the
# CPC buys visits (consideration), the CPA buys actions (conversion). Judge a campaign on the
# KPIs of the stage it was bought for: an awareness campaign with a poor ROAS may be doing its
# job perfectly.

# %% tags=["remove-input"]
display(Markdown(
    f"**{brief.name}** — campaign *{brief.campaign.name}*, {brief.campaign.start} to "
    f"{brief.campaign.end}, budget {brief.campaign.budget:,.0f} {brief.currency}, objective "
    f"**{brief.campaign.objective}**. KPI targets in the brief: "
    + ", ".join(f"{k} {v:,g}" for k, v in brief.kpis.model_dump().items() if v is not None)
    + "."))

# %% [markdown]
# CloudLedger sells accounting software to small businesses: its objective is **leads**, a
# conversion-stage objective. Its targets still cover the whole funnel: reach and frequency
# (awareness), CPM and CPC (cost of attention), CPA (cost per lead) and ROAS.

# %% [markdown]
# ## 2. Compute a rate right: the ratio of sums
#
# A rate over several rows (days, ads, posts) is the **ratio of the sums**:
#
#     CTR = Σ clicks ÷ Σ impressions          CPA = Σ spend ÷ Σ conversions
#
# not the mean of the rows' own rates. Two days: 10 clicks out of 1,000 impressions (1%), then
# 1 click out of 10 impressions (10%). The mean of the rates says 5.5%; the campaign earned
# 11 clicks out of 1,010 impressions, **1.09%**. The mean of rates lets a tiny row weigh as much
# as a big one. smtools always gives the ratio of sums, and names the mean of per-row rates
# separately (`_mean`) when you want it.
#
# Reach (*couverture*) is the number of **different** people reached: it is never added across
# rows — the same person can be reached on Monday and on Tuesday.

# %% [markdown]
# ## 3. Worked example: CloudLedger's campaign, network by network
#
# Keep the campaign's days, then compute every KPI by network with `sm.channel.kpis`.

# %%
campaign = sm.teach.campaign_window(data, "performance")
kpis = sm.channel.kpis(campaign, by="channel")
kpis

# %%
kpis.plot("cpa")
plt.show()

# %% [markdown]
# Read the funnel of each network: impressions become clicks (CTR), clicks become leads
# (conversion rate per click). Google Search has by far the best CTR — people searching for
# accounting software are already in the consideration stage — while LinkedIn and YouTube
# buy cheaper attention higher in the funnel.

# %%
funnel = kpis.to_frame()[["impressions", "clicks", "conversions", "ctr", "cvr_click", "cpm",
                          "cpa"]].reset_index()
sm.viz.table(funnel, formats={"impressions": "{:,.0f}", "clicks": "{:,.0f}",
                              "conversions": "{:,.0f}", "ctr": "{:.2%}", "cvr_click": "{:.2%}",
                              "cpm": "{:,.2f}", "cpa": "{:,.2f}"})

# %% [markdown]
# ### Earned media: share of voice (*part de voix*)
#
# Share of voice is the brand's share of the conversation about its market:
#
#     share of voice = mentions of the brand ÷ mentions of all the brands compared
#
# Benchmark CloudLedger against its two competitors over the campaign's weeks.

# %%
mentions = sm.teach.campaign_window(data, "mentions")
bench = sm.channel.benchmark(mentions, brand=brief.name)
bench

# %%
bench.plot("sov")
plt.show()

# %% [markdown]
# **Against the truth.** The synthetic data were generated with a known mention rate per brand
# and a known campaign lift (the client is talked about more while its campaign runs). The
# share of voice those rates imply is what an infinitely long listening would measure:

# %%
truth = data.truth["mentions"]
rates = dict(truth["baseline_rate"])
rates[brief.name] *= 1 + truth["campaign_lift"]
expected_sov = rates[brief.name] / sum(rates.values())
measured_sov = bench.to_frame().loc[brief.name, "sov"]
display(Markdown(f"True share of voice during the campaign: **{expected_sov:.1%}**; measured on "
                 f"{len(mentions):,} mentions: **{measured_sov:.1%}** — the difference is "
                 "sampling noise and the weekly rhythm of the conversation."))

# %% [markdown]
# ## 4. Exercises
#
# Fill in each `answer = None`, run the cell, then run the check below it. The check says
# *right* or *not yet* with a hint — never the answer. Percentages may be written `0.42`,
# `42` or `"42%"` where the exercise asks for a share.
#
# ### Exercise 1.1 · KPIs in the funnel
#
# Put each KPI in the stage it measures: `"awareness"`, `"consideration"`, `"conversion"` or
# `"loyalty"` (French names are accepted too).

# %%
answer = {
    "reach": None,
    "cpm": None,
    "share_of_voice": None,
    "engagement_rate": None,
    "ctr": None,
    "cpa": None,
    "roas": None,
    "repeat_purchase_rate": None,
}

# %% tags=["solution"]
answer = {
    "reach": "awareness",
    "cpm": "awareness",
    "share_of_voice": "awareness",
    "engagement_rate": "consideration",
    "ctr": "consideration",
    "cpa": "conversion",
    "roas": "conversion",
    "repeat_purchase_rate": "loyalty",
}

# %%
sm.teach.check("lesson1.funnel_stages", answer)

# %% [markdown]
# ### Exercise 1.2 · Cost per lead on LinkedIn
#
# What did one lead (a conversion) cost on LinkedIn during the campaign, in pounds? Use the
# `campaign` rows above.

# %%
answer = None  # an amount in GBP

# %% tags=["solution"]
answer = kpis.to_frame().loc["linkedin", "cpa"]

# %%
sm.teach.check("lesson1.cost_per_lead", answer, data=data)

# %% [markdown]
# ### Exercise 1.3 · Click-through rate by network
#
# Give the CTR of each network over the campaign as a pandas Series (or a dict) indexed by
# network — for instance a column of a KPI table.

# %%
answer = None  # network -> CTR (fractions)

# %% tags=["solution"]
answer = kpis.to_frame()["ctr"]

# %%
sm.teach.check("lesson1.ctr_by_channel", answer, data=data)

# %% [markdown]
# ### Exercise 1.4 · Engagement rate of the LinkedIn posts
#
# Organic posts are in `data.tables["posts"]`. What is the engagement rate by impressions
# (*taux d'engagement*) of the LinkedIn posts published during the campaign? Engagements are
# likes, comments, shares, saves and clicks.

# %%
answer = None  # a share: 0.042 or "4.2%"

# %% tags=["solution"]
posts = sm.teach.campaign_window(data, "posts")
answer = sm.channel.kpis(posts, by="channel").to_frame().loc["linkedin", "er_impressions"]

# %%
sm.teach.check("lesson1.engagement_rate", answer, data=data)

# %% [markdown]
# ### Exercise 1.5 · Share of voice
#
# Which share of the mentions of the three brands did CloudLedger hold during the campaign?
# (By number of mentions, not weighted by their reach.)

# %%
answer = None  # a share

# %% tags=["solution"]
answer = bench.to_frame().loc[brief.name, "sov"]

# %%
sm.teach.check("lesson1.share_of_voice", answer, data=data)

# %% [markdown]
# ## Summary
#
# - A brief's objective sits in one stage of the funnel; each stage has its KPIs and its costs.
# - Rates are ratios of sums; reach is never added across rows.
# - Share of voice compares the brand with its competitors over the same days.
#
# **Going further.** `sm.channel.kpis(campaign, by=["channel", "week"])` gives the same table
# week by week: watch the CPA move as the campaign goes on.

# %%
sm.teach.progress(1)
