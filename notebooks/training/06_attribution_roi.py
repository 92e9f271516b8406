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
# # Lesson 6 · Attribution and ROI
#
# *Leçon 6 · Attribution et retour sur investissement*
#
# **Learning goals.** By the end of this lesson you can
#
# 1. compute ROAS, revenue ROI and profit ROI, and say which one answers "did we make money?";
# 2. share a conversion's credit between touchpoints with rule-based models (last touch,
#    linear…) and with a Markov chain;
# 3. explain why platforms over-report, and why attribution is not incrementality.
#
# | English | Français |
# |---|---|
# | ROAS (return on ad spend) | ROAS (retour sur dépenses publicitaires) |
# | ROI (return on investment) | ROI (retour sur investissement) |
# | gross margin | marge brute |
# | attribution | attribution |
# | touchpoint | point de contact |
# | conversion path | parcours de conversion |
# | last touch / first touch | dernier contact / premier contact |
# | removal effect | effet de retrait |
# | incrementality, incremental revenue | incrémentalité, chiffre d'affaires incrémental |

# %% tags=["parameters"]
client: str = "bistro-lumiere"  # the synthetic client (the text is written for this one)
seed: int = 0  # another seed gives other data, and other answers, for the same brief

# %%
import matplotlib.pyplot as plt
import pandas as pd

import smtools as sm

sm.viz.theme()
data = sm.teach.dataset(client, seed)
brief = data.brief

# %% [markdown]
# ## 1. Three returns, three questions
#
#     ROAS          = revenue ÷ spend                         (how much revenue per euro)
#     revenue ROI   = (revenue − spend) ÷ spend = ROAS − 1
#     profit ROI    = (revenue × margin − spend) ÷ spend      (did the campaign make money?)
#
# Bistro Lumière, a Lyon restaurant, earns a gross margin of about 30% on a meal. A ROAS of 3
# sounds good; at a 30% margin each euro spent brings back 0.90 € of profit — a loss.

# %%
campaign = sm.teach.campaign_window(data, "performance")
returns = sm.roi.metrics.roi(campaign, by="channel", margin=0.30)
returns["roas"] = returns["revenue"] / returns["spend"]
sm.viz.table(returns[["channel", "spend", "revenue", "roas", "gross_profit", "roi"]],
             formats={"spend": "{:,.0f}", "revenue": "{:,.0f}", "roas": "{:.2f}",
                      "gross_profit": "{:,.0f}", "roi": "{:+.0%}"})

# %% [markdown]
# These revenues are what the **ad platforms report** — the conversions they saw after an ad.
# Keep that in mind for section 4.
#
# ## 2. Attribution: who gets the credit?
#
# A customer often meets several touchpoints before booking: an Instagram reel, a Facebook
# post, a Google search. The `journeys` table records them per (pseudonymous) user. Rule-based
# models share each conversion by a fixed rule:
#
# - **last touch** / **first touch**: all to the last / first touchpoint;
# - **linear**: equal shares to every touchpoint of the path;
# - **position based**: 40% first, 40% last, 20% shared by the middle;
# - **time decay**: more to the touchpoints close to the conversion.
#
# The **Markov chain** model learns from every path, converting or not, how journeys move
# between channels, then asks: if channel c disappeared, how many conversions would be lost?
#
#     removal effect of c = 1 − P(conversion without c) ÷ P(conversion)
#
# Conversions are then shared in proportion to the removal effects. **Shapley values** share
# them by each channel's average contribution to every coalition of channels.

# %%
journeys = data.tables["journeys"]
models = sm.roi.attribution.compare(journeys)
models

# %%
models.plot()
plt.show()

# %% [markdown]
# ## 3. Attribution is not incrementality
#
# The journeys were generated with a known effect per touch, and some users convert with no
# ad at all. The true **removal effect** of a channel is the share of conversions that would
# really disappear without its touches — an experiment could measure it, attribution cannot.

# %%
markov = sm.roi.attribution.Markov().fit(journeys)
true_effects = data.truth["journeys"]["removal_effect"]
effects = pd.DataFrame({
    "channel": list(true_effects),
    "true removal effect": list(true_effects.values()),
    "Markov removal effect": [markov.removal_effects_[ch] for ch in true_effects]})
sm.viz.table(effects, formats={"true removal effect": "{:.1%}",
                               "Markov removal effect": "{:.1%}"})

# %% [markdown]
# The Markov chain credits a channel with every conversion whose path goes through it,
# including the customers who would have booked anyway: its removal effects are far above the
# true ones. Attribution **shares the credit** for conversions that happened; it does not
# measure what the ads **caused**. That question needs experiments and marketing-mix models
# (lesson 7).
#
# ## 4. How much do platforms over-report?
#
# Each ad platform counts the conversions that followed one of its ads, including those
# another channel (or nothing) caused. The truth holds each channel's real contribution to
# revenue during the campaign.

# %%
media = data.truth["media"]["channels"]
reported = campaign.groupby("channel")["revenue"].sum()
over = pd.DataFrame({
    "channel": list(media),
    "platform-reported revenue": [reported[ch] for ch in media],
    "true incremental revenue": [media[ch]["campaign_contribution"] for ch in media]})
over["reported ÷ true"] = over["platform-reported revenue"] / over["true incremental revenue"]
sm.viz.table(over, formats={"platform-reported revenue": "{:,.0f}",
                            "true incremental revenue": "{:,.0f}", "reported ÷ true": "{:.2f}"})

# %%
long = over.melt(id_vars="channel", value_vars=["platform-reported revenue",
                                                "true incremental revenue"],
                 var_name="measure", value_name="revenue")
ax = sm.viz.bars(long, x="channel", y="revenue", hue="measure",
                 title="Platform-reported against true incremental revenue, campaign",
                 ylabel=f"Revenue ({brief.currency})", xlabel="Channel",
                 source=f"performance table and synthetic truth of {client} (seed {seed})")
sm.viz.money_axis(ax)
ax.get_legend().set_title(None)
plt.show()

# %% [markdown]
# ## 5. Exercises
#
# ### Exercise 6.1 · ROI with a margin
#
# A campaign brings 12,000 of revenue for 4,000 of media cost; the gross margin is 30%. What
# is its profit ROI?

# %%
answer = None  # a share, negative if the campaign loses money

# %% tags=["solution"]
answer = sm.roi.metrics.roi(revenue=12_000, cost=4_000, margin=0.30)

# %%
sm.teach.check("lesson6.profit_roi", answer)

# %% [markdown]
# ### Exercise 6.2 · Linear attribution by hand
#
# Five paths, with their conversions and the journeys that did not convert:

# %%
paths = pd.DataFrame({
    "path": ["facebook > instagram > search", "instagram > search", "facebook", "instagram",
             "search"],
    "total_conversions": [10, 6, 4, 0, 0],
    "total_null": [20, 30, 40, 50, 25]})
paths

# %% [markdown]
# How many conversions does the **linear** model credit to `search`? (By hand first, then check
# with `sm.roi.attribution.heuristics`.)

# %%
answer = None  # a number of conversions

# %% tags=["solution"]
answer = sm.roi.attribution.heuristics(paths).loc["search", "linear"]

# %%
sm.teach.check("lesson6.linear_credit", answer)

# %% [markdown]
# ### Exercise 6.3 · The Markov removal effect
#
# On the same paths, what is the removal effect of `instagram` in a first-order Markov chain?

# %%
answer = None  # a share

# %% tags=["solution"]
answer = sm.roi.attribution.Markov().fit(paths).removal_effects_["instagram"]

# %%
sm.teach.check("lesson6.removal_effect", answer)

# %% [markdown]
# ### Exercise 6.4 · How much does Meta over-report Facebook?
#
# During the campaign, by what factor does Facebook's platform-reported revenue exceed its true
# incremental revenue (`data.truth["media"]["channels"]["facebook"]["campaign_contribution"]`)?

# %%
answer = None  # a ratio, reported ÷ true

# %% tags=["solution"]
answer = over.set_index("channel").loc["facebook", "reported ÷ true"]

# %%
sm.teach.check("lesson6.over_reporting", answer, data=data)

# %% [markdown]
# ## Summary
#
# - ROAS is not ROI: apply the margin to know whether a campaign makes money.
# - Attribution models share the credit of conversions by rules or by a chain of paths.
# - Platforms and attribution both count conversions that would have happened anyway:
#   incrementality needs experiments or a marketing-mix model.

# %%
sm.teach.progress(6)
