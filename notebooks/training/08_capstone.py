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
# # Lesson 8 · Capstone: from a client brief to a media plan to a post-campaign report
#
# *Leçon 8 · Cas de synthèse : du brief client au plan média puis au bilan de campagne*
#
# **Learning goals.** In this lesson you run the whole job of a social media planner on one
# client, with the tools of lessons 1–7:
#
# 1. read a brief and the client's history;
# 2. build the media plan: channels, budget split, forecast, flighting, targets;
# 3. review the campaign once it has run: pacing, KPIs against targets, incremental ROI,
#    reputation, recommendations;
# 4. compare what the plan promised, what the platforms claim and what really happened.
#
# | English | Français |
# |---|---|
# | brief | brief |
# | media plan | plan média |
# | flighting | calendrier de diffusion |
# | forecast | prévision |
# | pacing | rythme de dépense |
# | post-campaign report | bilan de campagne |
# | target (KPI target) | objectif (valeur cible d'un KPI) |
# | recommendation | recommandation |

# %% tags=["parameters"]
client: str = "atelier-nova"  # the synthetic client (the text is written for this one)
seed: int = 0  # another seed gives other data, and other answers, for the same brief

# %%
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

import smtools as sm
from smtools.plan import narrative as say

sm.viz.theme()

# %% [markdown]
# ## 1. The client and its data
#
# A consultant works from a **workspace** (a DuckDB file holding every client's tables) and a
# **brief** (`clients/<client>.yaml`). Here both are created in a temporary folder from the
# synthetic client: two years of ads, sales, posts, mentions and journeys, the campaign
# included.

# %%
folder = Path(tempfile.mkdtemp(prefix="capstone-"))
ws = sm.Workspace(folder / "workspace.duckdb")
data = sm.synth.write(ws, client, seed=seed, clients_dir=folder)
brief = sm.brief.load(client, folder)
display(Markdown(
    f"**{brief.name}** · campaign *{brief.campaign.name}* from {brief.campaign.start} to "
    f"{brief.campaign.end} · budget {brief.campaign.budget:,.0f} {brief.currency} · objective "
    f"{brief.campaign.objective} · target: {sm.audience.target(brief).describe()}"))

# %% [markdown]
# ## 2. The media plan
#
# `sm.plan.build` does, in order, what lessons 1–5 taught: size the target and score the
# networks on audience fit and cost (lesson 2), split the budget on the response curves a
# marketing-mix model fits to the history, within the brief's bounds (lessons 5 and 7),
# forecast impressions, reach and frequency (lesson 3) and conversions, spread the budget over
# the weeks and check each KPI target of the brief. It only uses data from before the
# campaign's first day.

# %%
plan = sm.plan.build(brief, ws)
display(Markdown(say.summary(plan)))

# %%
sm.viz.table(say.budget_table(plan))

# %%
sm.viz.table(say.targets_table(plan))

# %%
plan.plot()
plt.show()

# %% [markdown]
# ## 3. The campaign has run: the post-campaign review
#
# `sm.report.review` reads the campaign's actuals and compares them with the plan, section by
# section. Start with the executive summary, then look at each section a client will ask
# about.

# %%
review = sm.report.review(brief, ws, plan=plan, language="en")
for sentence in review.summary():
    display(Markdown(f"- {sentence}"))

# %% [markdown]
# ### Pacing: was the budget spent as planned?

# %%
review.pacing

# %%
review.plot_pacing()
plt.show()

# %% [markdown]
# ### KPIs against the brief's targets

# %%
review.kpis

# %% [markdown]
# ### ROI: what the platforms claim and what the campaign caused
#
# Platforms report the conversions that followed their ads (lesson 6); the review's
# marketing-mix model estimates the **incremental** revenue (lesson 7).

# %%
review.roi

# %%
review.plot_roi()
plt.show()

# %% [markdown]
# The KPI table above judged the ROAS target on the platforms' figure. Compare it with the
# model's incremental ROAS: which one would you report to the client, and how would you say
# it?

# %% [markdown]
# **Against the truth.** The synthetic client's true incremental ROAS over the campaign is
# known: how close did the review's model get?

# %%
roi = review.roi.to_frame().set_index("channel")
media = data.truth["media"]["channels"]
check = pd.DataFrame({
    "platform ROAS": roi["platform_roas"],
    "model ROAS": roi["roas"],
    "model low": roi["roas_low"],
    "model high": roi["roas_high"],
    "true ROAS": pd.Series({ch: v["campaign_roas"] for ch, v in media.items()})})
sm.viz.table(check.reset_index(), formats={c: "{:.2f}" for c in check.columns})

# %% [markdown]
# ### Reputation and recommendations

# %%
review.reputation

# %%
review.recommendations

# %% [markdown]
# ## 4. Exercises
#
# Answer from the plan and the review above, then check with `data=review`.
#
# ### Exercise 8.1 · The plan's biggest line
#
# Which network gets the largest budget in the plan?

# %%
answer = None  # a network

# %% tags=["solution"]
answer = plan.to_frame().sort_values("budget")["channel"].iloc[-1]

# %%
sm.teach.check("lesson8.largest_line", answer, data=review)

# %% [markdown]
# ### Exercise 8.2 · Budget delivered
#
# Which share of the planned budget was actually spent over the campaign?

# %%
answer = None  # a share

# %% tags=["solution"]
pacing = review.pacing.to_frame().set_index("channel")
answer = pacing.loc["total", "actual"] / pacing.loc["total", "planned"]

# %%
sm.teach.check("lesson8.delivery", answer, data=review)

# %% [markdown]
# ### Exercise 8.3 · Targets met
#
# Which of the brief's KPI targets did the campaign meet? Give a list, e.g.
# `["reach", "cpa"]`.

# %%
answer = None  # a list of KPIs

# %% tags=["solution"]
kpi_table = review.kpis.to_frame()
answer = kpi_table.loc[kpi_table["status"] == "met", "kpi"].tolist()

# %%
sm.teach.check("lesson8.targets_met", answer, data=review)

# %% [markdown]
# ### Exercise 8.4 · The most over-reported network
#
# Which network's platform claims the most revenue relative to what the model judges
# incremental?

# %%
answer = None  # a network

# %% tags=["solution"]
answer = roi["over_reporting"].idxmax()

# %%
sm.teach.check("lesson8.most_over_reported", answer, data=review)

# %% [markdown]
# ## Summary
#
# - A plan is a chain of the lessons' tools: target → platform fit → response curves → split
#   → reach and frequency → flighting → targets.
# - A review compares the plan, the platforms' claims and the incremental results, and ends
#   with recommendations tied to numbers.
# - **Your turn:** run this lesson with `client = "bistro-lumiere"` or `"cloudledger"`, or
#   with another seed, and write the three recommendations you would make to the client.

# %%
sm.teach.progress(8)
