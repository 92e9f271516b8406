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
# # Lesson 3 · Reach, frequency and GRP
#
# *Leçon 3 · Couverture, répétition et GRP*
#
# **Learning goals.** By the end of this lesson you can
#
# 1. move between impressions, GRP, reach and average frequency;
# 2. combine several networks into a net reach (Sainsbury) and say what it assumes;
# 3. predict the reach of repeated insertions with the beta-binomial model (R1, R2);
# 4. compute an effective reach (3+) and a cost per point, and turn a budget into a reach.
#
# | English | Français |
# |---|---|
# | reach | couverture |
# | frequency, average frequency | répétition, répétition moyenne (fréquence) |
# | GRP (gross rating points) | GRP (points de couverture brute) |
# | net reach | couverture nette |
# | duplication | duplication |
# | insertion | insertion |
# | effective reach (3+) | couverture utile (3+) |
# | frequency distribution | distribution des contacts |
# | reach curve | courbe de couverture |
# | cost per point (CPP) | coût du point (CPP) |

# %% tags=["parameters"]
client: str = "cloudledger"  # the synthetic client (the text is written for this one)
seed: int = 0  # another seed gives other data for the same brief

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

import smtools as sm

sm.viz.theme()
data = sm.teach.dataset(client, seed)
brief = data.brief

# %% [markdown]
# ## 1. Impressions, GRP, reach and frequency
#
# All reach figures are **shares of the target population**.
#
#     GRP  = impressions ÷ target population × 100
#     GRP  = reach (in %) × average frequency
#     average frequency = GRP ÷ reach (in %)         (at least 1 among the people reached)
#
# 120 GRP can be 60% of the target reached twice, or 40% reached three times: GRP measure
# *pressure*, not people. Reach is the number of **different** people.

# %%
display(Markdown(
    f"Example: 40% reach at an average frequency of 3 = **{sm.reach.grp(0.40, 3):.0f} GRP**; "
    f"120 GRP reaching 40% means each person reached saw the ad "
    f"**{sm.reach.frequency_from_grp(120, 0.40):.1f}** times on average."))

# %% [markdown]
# ## 2. Several networks: net reach with random duplication (Sainsbury)
#
# A person is missed by the plan only if every network misses them. If networks reach people
# independently of each other (*random duplication*):
#
#     net reach = 1 − (1 − r₁) × (1 − r₂) × … × (1 − rₙ)
#
# This is the **Sainsbury formula**. It also gives the whole frequency distribution (share
# exposed exactly 0, 1, 2… times). Adding the reaches would count twice everyone reached by two
# networks.

# %%
plan = {"linkedin": 0.30, "youtube": 0.25, "google_search": 0.20}
net = sm.reach.sainsbury(plan)
net

# %%
net.plot()
plt.show()

# %% [markdown]
# ## 3. Checking the assumption on a population with heavy users
#
# Real audiences are not random: heavy social media users are more likely to see *every*
# network and *every* insertion. `sm.teach.simulate_exposures` builds a population of 50,000
# people whose appetite for the media varies (a few heavy users, many light ones), exposes it to
# the same plan and **counts** who saw what: a known truth to test the formula against.

# %%
truth_sim = sm.teach.simulate_exposures(plan, concentration=0.5, seed=seed)
compare = pd.DataFrame({
    "model": ["Sainsbury (random duplication)", "simulated population (truth)"],
    "reach": [net.reach, truth_sim.reach],
    "reach_3_plus": [net.at_least(3), truth_sim.at_least(3)],
    "average_frequency": [net.average_frequency, truth_sim.average_frequency]})
sm.viz.table(compare, formats={"reach": "{:.1%}", "reach_3_plus": "{:.1%}",
                               "average_frequency": "{:.2f}"})

# %% [markdown]
# Same GRP, fewer people: with heavy users the plan reaches less than Sainsbury says, and
# those it reaches see it more often. Random duplication **overstates** net reach on social
# media; use it as an upper bound, or measure duplication.

# %% [markdown]
# ## 4. Repeated insertions of one vehicle: the beta-binomial model
#
# Run the same campaign on one network several times. Two numbers tell how much the
# insertions duplicate: **R1**, the reach of one insertion, and **R2**, the reach of two. With
# random duplication R2 would be 1 − (1 − R1)²; a lower R2 means the same people come back.
# Metheringham's beta-binomial model fits people's chances of seeing one insertion to R1 and R2
# (a beta distribution), then gives the reach and the frequency distribution of *n*
# insertions:
#
#     α = R1 (R2 − R1) ÷ (2 R1 − R1² − R2)        β = α (1 − R1) ÷ R1
#     reach(n) = 1 − B(α, β + n) ÷ B(α, β)
#
# Let us measure R1 and R2 on the simulated population, fit the model and predict six
# insertions — then count the truth.

# %%
r1 = sm.teach.simulate_exposures({"youtube": 0.25}, insertions=[1], concentration=0.5,
                                 seed=seed).reach
r2 = sm.teach.simulate_exposures({"youtube": 0.25}, insertions=[2], concentration=0.5,
                                 seed=seed).reach
model = sm.reach.beta_binomial(r1, r2, 6)
counted = sm.teach.simulate_exposures({"youtube": 0.25}, insertions=[6], concentration=0.5,
                                      seed=seed)
random = sm.reach.binomial(r1, 6)
check = pd.DataFrame({
    "model": ["binomial (random duplication)", "beta-binomial (fitted to R1, R2)",
              "simulated population (truth)"],
    "reach": [random.reach, model.reach, counted.reach],
    "reach_3_plus": [random.at_least(3), model.at_least(3), counted.at_least(3)]})
display(Markdown(f"Measured R1 = {r1:.1%}, R2 = {r2:.1%} (random duplication would give "
                 f"{1 - (1 - r1) ** 2:.1%})."))
sm.viz.table(check, formats={"reach": "{:.1%}", "reach_3_plus": "{:.1%}"})

# %%
model.plot(title="Six YouTube insertions: beta-binomial frequency distribution")
plt.show()

# %% [markdown]
# The beta-binomial, fitted on two numbers only, lands close to the counted truth; the
# binomial, which ignores heavy users, overstates reach.

# %% [markdown]
# ## 5. Effective reach and the cost of a point
#
# Few people remember an ad seen once. **Effective reach** is the share exposed at least *k*
# times (3+ by convention): `.at_least(3)`. The classic **cost per point** (CPP) is the cost
# of one GRP:
#
#     CPP = cost ÷ GRP          CPM = cost ÷ impressions × 1,000
#
# Careful: what Meta's and TikTok's ad managers call "CPP" is the cost per 1,000 people
# *reached* — another number (`sm.reach.cost_per_thousand_reached`).

# %% [markdown]
# ## 6. From a budget to a reach on CloudLedger's target
#
# Put it together for the campaign: the target's size (lesson 2) narrowed to the people whose
# job or interests fit — LinkedIn's audience tool puts them at 10% of the target — the CPM
# LinkedIn charged the client over the last year, and a reach curve. The curve is a
# gamma-Poisson (NBD) curve through one point: LinkedIn's forecast tool says 1.5 impressions
# per person reach 45% of such an audience.

# %%
people = sm.audience.size(sm.audience.target(brief), region_share=brief.audience.region_share,
                          interest_share=0.10).total
history = data.tables["performance"]
last_year = history[history["date"] >= history["date"].max() - pd.Timedelta(days=365)]
cpm = sm.channel.kpis(last_year, by="channel").to_frame().loc["linkedin", "cpm"]
curve = sm.reach.nbd(1.5, 0.45)
budgets = sm.reach.reach_by_budget([2_500, 5_000, 10_000, 20_000, 40_000, 80_000], cpm=cpm,
                                   curve=curve, population=people, currency=brief.currency)
budgets

# %%
budgets.plot(title="LinkedIn: reach of CloudLedger's target by budget")
plt.show()

# %% [markdown]
# Diminishing returns in reach: each extra pound buys as many impressions as the one before,
# but more and more of them land on people already reached.

# %% [markdown]
# ## 7. Exercises
#
# Shares may be written `0.42`, `42` or `"42%"`.
#
# ### Exercise 3.1 · GRP
#
# A schedule delivers 1,200,000 impressions to a target of 800,000 people. How many GRP?

# %%
answer = None  # GRP

# %% tags=["solution"]
answer = sm.reach.grp_from_impressions(1_200_000, 800_000)

# %%
sm.teach.check("lesson3.grp", answer)

# %% [markdown]
# ### Exercise 3.2 · Net reach of three networks
#
# One insertion each on LinkedIn (reach 30%), YouTube (25%) and Google (20%). Net reach,
# assuming random duplication?

# %%
answer = None  # a share

# %% tags=["solution"]
answer = sm.reach.sainsbury([0.30, 0.25, 0.20]).reach

# %%
sm.teach.check("lesson3.sainsbury_reach", answer)

# %% [markdown]
# ### Exercise 3.3 · Average frequency
#
# For that same plan, what is the average frequency among the people reached?

# %%
answer = None  # exposures per person reached

# %% tags=["solution"]
answer = sm.reach.sainsbury([0.30, 0.25, 0.20]).average_frequency

# %%
sm.teach.check("lesson3.average_frequency", answer)

# %% [markdown]
# ### Exercise 3.4 · Five insertions
#
# A network reaches 25% of the target with one insertion and 38% with two. What reach do five
# insertions give (beta-binomial)?

# %%
answer = None  # a share

# %% tags=["solution"]
answer = sm.reach.beta_binomial(0.25, 0.38, 5).reach

# %%
sm.teach.check("lesson3.beta_binomial_reach", answer)

# %% [markdown]
# ### Exercise 3.5 · Effective reach
#
# Same five insertions: which share of the target sees the ad three times or more?

# %%
answer = None  # a share

# %% tags=["solution"]
answer = sm.reach.beta_binomial(0.25, 0.38, 5).at_least(3)

# %%
sm.teach.check("lesson3.effective_reach", answer)

# %% [markdown]
# ### Exercise 3.6 · Cost per point
#
# A schedule costs £45,000 and delivers 150 GRP (1,200,000 impressions). Its cost per point?

# %%
answer = None  # GBP per GRP

# %% tags=["solution"]
answer = sm.reach.cost_per_point(45_000, 150)

# %%
sm.teach.check("lesson3.cost_per_point", answer)

# %% [markdown]
# ## Summary
#
# - GRP = reach × frequency: pressure, not people.
# - Sainsbury (random duplication) is an upper bound for net reach on social media.
# - R1 and R2 are enough to fit a beta-binomial and predict *n* insertions.
# - Effective reach (3+) and the cost per point complete the plan's arithmetic.

# %%
sm.teach.progress(3)
