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
# # Lesson 4 · When to post and what to post
#
# *Leçon 4 · Quand publier et quoi publier*
#
# **Learning goals.** By the end of this lesson you can
#
# 1. find the best weekday and hour to post on each network, in the audience's local time;
# 2. explain why a slot with three lucky posts must not win (shrinkage);
# 3. compare formats on the right rate, with an interval and a test;
# 4. tell "no significant difference" from "no difference".
#
# | English | Français |
# |---|---|
# | posting time, slot | horaire de publication, créneau |
# | time zone | fuseau horaire |
# | content format (reel, carousel, image) | format de contenu (reel, carrousel, image) |
# | content pillar | pilier éditorial |
# | engagement rate per follower / per impression | taux d'engagement par abonné / par impression |
# | lift | gain (lift) |
# | shrinkage | rétrécissement (lissage bayésien) |
# | confidence interval | intervalle de confiance |
# | statistically significant | statistiquement significatif |

# %% tags=["parameters"]
client: str = "atelier-nova"  # the synthetic client (the text is written for this one)
seed: int = 0  # another seed gives other data, and other answers, for the same brief

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

import smtools as sm

sm.viz.theme()
data = sm.teach.dataset(client, seed)
brief = data.brief
posts = data.tables["posts"]

# %% [markdown]
# ## 1. When to post: a weekday × hour map, in local time
#
# Each organic post has a publication time, stored in UTC. Atelier Nova's audience lives in
# New York time: a post at 01:00 UTC is a post at 21:00 the evening before. Always read slots
# in the **client's time zone**.
#
# Each slot's rate is compared with the account's average: a **lift** of 1.3 means 30% more
# engagement than an average slot.
#
# ### Why shrink?
#
# A slot with three posts that happened to do well would top a raw ranking. smtools treats the
# slots of an account as a family: each slot's average is pulled towards the account's level,
# the more so when it has few posts. With τ² the spread of the true slot rates, σ² the spread
# of posts within a slot and n the slot's posts, the slot keeps a share
#
#     B = τ² ÷ (τ² + σ² ÷ n)
#
# of its own deviation (empirical Bayes). One post: B is small; thirty posts: B is close to 1.

# %%
times = sm.channel.best_times(posts, tz=brief.timezone, top=3)
for sentence in times.sentences():
    display(Markdown(f"- {sentence}"))

# %%
times.plot("tiktok")
plt.show()

# %% [markdown]
# **Against the truth.** The data were generated with a known engagement effect for every
# slot; its peak is the true best slot of each network.

# %%
organic = data.truth["organic"]["channels"]
found = times.recommendations.query("rank == 1").set_index("channel")
slots = pd.DataFrame({
    "network": list(organic),
    "found (local time)": [found.loc[ch, "slot"] for ch in organic],
    "true best slot": [f"{v['best_slot']['weekday']} {v['best_slot']['hour']:02d}:00"
                       for v in organic.values()],
    "posts": [v["posts"] for v in organic.values()]})
sm.viz.table(slots)

# %% [markdown]
# ## 2. What to post: compare formats on the right rate
#
# Formats are compared on the log of each post's rate, adjusted for the network, and reported
# as a **ratio** to a reference format, with a 95% interval and a test. The denominator
# matters:
#
#     engagement rate per impression = engagements ÷ impressions
#     engagement rate per follower   = engagements ÷ followers
#
# The platform shows some formats to more people than others: per impression, a format that is
# pushed to a wide, cold audience looks worse than it is. Per follower compares how the same
# audience responds.

# %%
instagram = posts[posts["channel"] == "instagram"]
per_follower = sm.channel.compare_content(instagram, by="format", metric="er_followers")
per_impression = sm.channel.compare_content(instagram, by="format", metric="er_impressions")
display(Markdown(per_follower.sentence()))
per_follower.plot()
plt.show()

# %%
effects = data.truth["organic"]["channels"]["instagram"]["format_effect"]
formats = pd.DataFrame({
    "format": list(effects),
    "true effect": list(effects.values()),
    "ratio per follower": [per_follower.to_frame().loc[f, "ratio"] for f in effects],
    "ratio per impression": [per_impression.to_frame().loc[f, "ratio"] for f in effects]})
sm.viz.table(formats, formats={"true effect": "{:.2f}", "ratio per follower": "{:.2f}",
                               "ratio per impression": "{:.2f}"})

# %% [markdown]
# The true effects are on engagement per follower; divide them by the reference format's and
# you find the ratios per follower. Per impression, the ranking changes: the same posts, a
# different question.
#
# ## 3. Significant or not?
#
# Two years of posts make every difference significant. Six weeks do not: with a few dozen
# posts the interval is wide, and a real difference can go undetected. "Not significant" means
# *not shown by these data*, not *no difference*.

# %%
campaign_posts = sm.teach.campaign_window(data, "posts")
short = sm.channel.compare_content(campaign_posts[campaign_posts["channel"] == "instagram"],
                                   by="format", metric="er_followers")
short.pairwise.round(3)

# %% [markdown]
# ## 4. Exercises
#
# Slots may be written `"Tuesday 18:00"`, `"tue 18h"` or `("Tuesday", 18)`; yes/no answers as
# `True`/`False`, `"yes"`/`"no"`.
#
# ### Exercise 4.1 · Best time on TikTok
#
# When should Atelier Nova post on TikTok? Give the weekday and the hour, in New York time.

# %%
answer = None  # e.g. ("Monday", 9)

# %% tags=["solution"]
best = times.recommendations.query("channel == 'tiktok' and rank == 1").iloc[0]
answer = (best["weekday"], best["hour"])

# %%
sm.teach.check("lesson4.best_slot", answer, data=data)

# %% [markdown]
# ### Exercise 4.2 · Best Instagram format
#
# Which Instagram format earns the most engagement **per follower**?

# %%
answer = None  # a format

# %% tags=["solution"]
answer = per_follower.to_frame().index[0]

# %%
sm.teach.check("lesson4.best_format", answer, data=data)

# %% [markdown]
# ### Exercise 4.3 · Significant over six weeks?
#
# On the campaign's weeks only, is the difference between Instagram reels and images
# significant at 5% (engagement per follower, Holm-adjusted p-value)?

# %%
answer = None  # True or False

# %% tags=["solution"]
answer = bool(short.pairwise_row("reel", "image")["p_holm"] < 0.05)

# %%
sm.teach.check("lesson4.campaign_significant", answer, data=data)

# %% [markdown]
# ### Exercise 4.4 · The shrinkage weight
#
# τ² = 0.04, σ² = 0.36 and a slot holds 4 posts. Which weight B does the slot's own average
# keep?

# %%
answer = None  # a weight between 0 and 1

# %% tags=["solution"]
answer = 0.04 / (0.04 + 0.36 / 4)

# %%
sm.teach.check("lesson4.shrinkage", answer)

# %% [markdown]
# ## Summary
#
# - Read slots in the audience's time zone; trust slots with enough posts (shrinkage does it).
# - Say which rate you compare: per follower and per impression answer different questions.
# - "Not significant" on six weeks is a statement about the sample size.

# %%
sm.teach.progress(4)
