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
# # Lesson 5 · Budget allocation, response curves and diminishing returns
#
# *Leçon 5 · Répartition du budget, courbes de réponse et rendements décroissants*
#
# **Learning goals.** By the end of this lesson you can
#
# 1. explain carry-over (adstock) and saturation, and compute both by hand;
# 2. read a response curve: average return against marginal return;
# 3. split a budget so that every channel's next unit of money earns the same;
# 4. see what the brief's constraints cost.
#
# | English | Français |
# |---|---|
# | budget | budget |
# | budget allocation, split | répartition (allocation) du budget |
# | response curve | courbe de réponse |
# | diminishing returns | rendements décroissants |
# | saturation | saturation |
# | carry-over, adstock | rémanence (adstock) |
# | average return (ROAS) | rendement moyen (ROAS) |
# | marginal return | rendement marginal |

# %% tags=["parameters"]
client: str = "cloudledger"  # the synthetic client (the text is written for this one)
seed: int = 0  # another seed gives other data, and other answers, for the same brief

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

import smtools as sm

sm.viz.theme()
data = sm.teach.dataset(client, seed)
brief = data.brief

# %% [markdown]
# ## 1. Carry-over: the adstock
#
# An ad seen today still works tomorrow, a little less. With a daily decay θ (the share of
# today's effect left tomorrow), the **adstock** of a spend series x is
#
#     a_t = x_t + θ × a_(t−1)
#
# Spend the same x every day and the adstock builds up to x ÷ (1 − θ): with θ = 0.5 each unit
# of money works as two.
#
# ## 2. Saturation: the Hill curve
#
# The first pounds reach the most receptive people; the next ones, people already reached or
# less interested. The revenue a day is a **Hill** function of the adstock a:
#
#     revenue = β × aˢ ÷ (aˢ + Kˢ)
#
# β is the most the channel can bring a day, K the adstock that brings half of it, S the shape
# (above 1 the curve starts slowly, like an S).
#
# ## 3. Average and marginal returns
#
#     average return (ROAS)  = revenue ÷ spend
#     marginal return        = extra revenue of one extra unit of spend (the slope)
#
# On a saturating curve the marginal return falls below the average: a channel can show a
# splendid ROAS while its next pound earns little.
#
# ## 4. Worked example: CloudLedger's true response curves
#
# The synthetic data were generated with a known adstock and Hill curve per channel. At a
# steady daily spend they give the **true** response curves — what a perfect marketing-mix
# model would find (lesson 7 estimates them from the data). The dots mark the brief's planned
# spend a day.

# %%
curves = sm.teach.true_curves(data)
campaign = data.truth["campaign"]
days = campaign["days"]
planned = {ch: campaign["budget"] * share / days for ch, share in campaign["split"].items()}
curves.plot(mark=planned)
plt.show()

# %%
at_plan = pd.DataFrame({
    "channel": list(planned),
    "spend a day": list(planned.values()),
    "revenue a day": [curves[ch](planned[ch]) for ch in planned],
    "average return": [curves[ch](planned[ch]) / planned[ch] for ch in planned],
    "marginal return": [curves.marginal(ch, planned[ch]) for ch in planned]})
sm.viz.table(at_plan, formats={"spend a day": "{:,.0f}", "revenue a day": "{:,.0f}",
                               "average return": "{:.2f}", "marginal return": "{:.2f}"})

# %% tags=["remove-input"]
top_average = at_plan.loc[at_plan["average return"].idxmax(), "channel"]
top_marginal = at_plan.loc[at_plan["marginal return"].idxmax(), "channel"]
display(Markdown(
    f"At the planned spend, **{top_average}** has the best *average* return and "
    f"**{top_marginal}** the best *marginal* return"
    + (": the channel with the splendid ROAS is closer to saturation, and the next pound "
       "earns more elsewhere." if top_average != top_marginal else ".")
    + " Money should flow to where the **marginal** return is highest, until the marginal "
      "returns are equal."))

# %% [markdown]
# ## 5. The best split
#
# `sm.roi.optimize.allocate` searches the split of the budget that maximises the total
# revenue over the campaign's days (dynamic programming on a grid, then a local polish): at the
# optimum every funded channel has the same marginal return.

# %%
best = sm.roi.optimize.allocate(curves, campaign["budget"], periods=days,
                                current={ch: v * days for ch, v in planned.items()},
                                currency=brief.currency)
best

# %% [markdown]
# Look at the `marginal_roas` column: at the best split it is the same for every channel. If
# one were higher, moving a pound to it would earn more.

# %%
best.plot()
plt.show()

# %% [markdown]
# ### What a constraint costs
#
# Briefs and contracts bound the split: a minimum share for brand presence, a maximum for
# testing, a volume negotiated with a network. Suppose LinkedIn's sales team obtained a
# commitment of at least 50% of the budget:

# %%
committed = sm.roi.optimize.allocate(
    curves, campaign["budget"], periods=days,
    shares={"linkedin": (0.5, 1.0), "youtube": (0.0, 1.0), "google_search": (0.0, 1.0)},
    current={ch: v * days for ch, v in planned.items()}, currency=brief.currency)
display(Markdown(
    f"Best split: **{best.expected:,.0f} {brief.currency}** of revenue expected; with half the "
    f"budget on LinkedIn: **{committed.expected:,.0f} {brief.currency}** — the commitment costs "
    f"**{best.expected - committed.expected:,.0f} {brief.currency}**. The brief's own split "
    f"would bring {best.expected_current:,.0f} {brief.currency}."))
committed.to_frame()[["recommended", "min", "max", "marginal_roas"]].round(2)

# %% [markdown]
# Under the constraint LinkedIn's marginal return falls below the others': the money is held
# where it earns less. That gap, times the money held, is what the commitment costs.

# %% [markdown]
# ## 6. Exercises
#
# ### Exercise 5.1 · Adstock at steady state
#
# A channel spends 50 a day, every day, with a decay θ = 0.4. What adstock does it build up to?

# %%
answer = None  # a number

# %% tags=["solution"]
answer = 50 / (1 - 0.4)

# %%
sm.teach.check("lesson5.steady_adstock", answer)

# %% [markdown]
# ### Exercise 5.2 · Hill saturation
#
# β = 120 a day, K = 60, S = 1.5. What revenue a day does an adstock of 90 bring?

# %%
answer = None  # an amount a day

# %% tags=["solution"]
answer = 120 * 90**1.5 / (90**1.5 + 60**1.5)

# %%
sm.teach.check("lesson5.hill_response", answer)

# %% [markdown]
# ### Exercise 5.3 · Where does the next pound go?
#
# At the brief's planned spend a day (`planned`), which channel's next pound brings the most
# revenue?

# %%
answer = None  # a channel

# %% tags=["solution"]
answer = max(planned, key=lambda ch: curves.marginal(ch, planned[ch]))

# %%
sm.teach.check("lesson5.next_pound", answer, data=data)

# %% [markdown]
# ### Exercise 5.4 · Split the budget
#
# Split the campaign's budget (`campaign["budget"]`, over `days` days) between the three
# channels, with no bounds, to earn the most revenue. Give a dict channel → amount for the
# whole campaign. Any split that earns within 0.5% of the best is right: near the optimum the
# curve is flat.

# %%
answer = None  # {"linkedin": ..., "youtube": ..., "google_search": ...}

# %% tags=["solution"]
answer = best.allocation

# %%
sm.teach.check("lesson5.best_split", answer, data=data)

# %% [markdown]
# ## Summary
#
# - Adstock spreads a spend over the following days: x ÷ (1 − θ) at steady state.
# - Saturation makes returns diminish: judge the next pound by the marginal return.
# - The best split equalises marginal returns; every constraint has a price you can compute.

# %%
sm.teach.progress(5)
