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
# # Lesson 7 · Marketing-mix modelling and experiments
#
# *Leçon 7 · Modélisation du mix marketing et expérimentations*
#
# **Learning goals.** By the end of this lesson you can
#
# 1. say what a marketing-mix model (MMM) estimates and read its ROAS with their intervals;
# 2. check an MMM against a known truth;
# 3. read an A/B test: lift, interval, p-value, significance;
# 4. size a test before it starts and explain why peeking inflates false positives.
#
# | English | Français |
# |---|---|
# | marketing-mix model (MMM) | modèle de mix marketing (MMM) |
# | incrementality | incrémentalité |
# | baseline | ventes de base |
# | contribution | contribution |
# | A/B test, control group | test A/B, groupe témoin |
# | lift | gain (lift) |
# | p-value, significance level | valeur p, seuil de significativité |
# | statistical power | puissance statistique |
# | sample size | taille d'échantillon |
# | peeking | regarder les résultats en cours de test |

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

# %% [markdown]
# ## 1. What a marketing-mix model does
#
# An MMM explains the business outcome week by week (here Atelier Nova's revenue from its
# shop) as a **baseline** — trend, seasons, holidays, what would sell without ads — plus each
# channel's **contribution**, with the two effects of lesson 5:
#
#     revenue_t = baseline_t + Σ_channels β_c × hill(adstock(spend_c)_t) + noise
#
# It needs no user-level tracking, sees every channel at once, and measures what the spend
# **caused** on top of the baseline. Its weak points: it needs spend that varies (a channel
# spending the same every week cannot be told from the baseline) and its intervals are wide
# with two years of weekly data. The bootstrap gives those intervals.

# %%
frame = sm.roi.mmm.wide_frame(data.tables["performance"], data.tables["outcomes"])
mmm = sm.roi.MMM(n_bootstrap=30, random_state=seed).fit(frame)
mmm.plot_roas()
plt.show()

# %% [markdown]
# **Against the truth.** The synthetic revenue was generated with a known contribution per
# channel, so each channel's true ROAS over the two years is known:

# %%
true_roas = {ch: v["roas"] for ch, v in data.truth["media"]["channels"].items()}
table = mmm.roas_.rename(columns={"mean": "MMM", "low": "MMM low", "high": "MMM high"})
table["true ROAS"] = pd.Series(true_roas)
table["truth inside the interval"] = ((table["true ROAS"] >= table["MMM low"])
                                      & (table["true ROAS"] <= table["MMM high"]))
sm.viz.table(table.reset_index(), formats={"MMM": "{:.2f}", "MMM low": "{:.2f}",
                                           "MMM high": "{:.2f}", "true ROAS": "{:.2f}"})

# %% tags=["remove-input"]
inside = int(table["truth inside the interval"].sum())
display(Markdown(
    f"The model's best channel is **{table['MMM'].idxmax()}**; the truth's is "
    f"**{table['true ROAS'].idxmax()}**. {inside} of the {len(table)} intervals (90% "
    "intervals, which should hold the truth about nine times in ten) contain the true ROAS. "
    "Where two channels' intervals overlap widely, the model cannot rank them, even if its "
    "point estimates differ: always report the interval."))
#
# ## 2. Experiments: the A/B test
#
# An experiment splits people (or regions, for a *geo-lift*) at random between a **control**
# (A) and a **treatment** (B). Randomisation makes the two groups alike in everything but the
# treatment, so the difference measures what B **causes** — incrementality, without a model.
#
# For conversion rates p_A = x_A ÷ n_A and p_B = x_B ÷ n_B, the two-proportion z test:
#
#     p̄ = (x_A + x_B) ÷ (n_A + n_B)
#     z = (p_B − p_A) ÷ √( p̄ (1 − p̄) (1/n_A + 1/n_B) )
#     p-value = 2 × (1 − Φ(|z|))          (two-sided)
#
# The **p-value** is the probability of a gap at least this large if B were no better than A.
# Below the significance level (5%), the difference is called significant.

# %%
test = sm.roi.experiments.proportion_test(conversions=(310, 372), visitors=(8_000, 8_000),
                                          labels=("current ad", "new ad"))
test

# %%
test.plot()
plt.show()

# %% [markdown]
# ## 3. Before the test: how many people?
#
# A test must be big enough to detect the lift that matters. The **power** is the probability
# of detecting a real lift of that size (80% by convention). Small lifts on small rates need
# huge samples:

# %%
sizes = pd.DataFrame([
    {"baseline rate": base, "relative lift": lift,
     "visitors per group": sm.roi.experiments.sample_size(baseline=base, lift=lift).per_group}
    for base in (0.02, 0.05) for lift in (0.05, 0.10, 0.20)])
sm.viz.table(sizes, formats={"baseline rate": "{:.0%}", "relative lift": "{:+.0%}",
                             "visitors per group": "{:,.0f}"})

# %% [markdown]
# ## 4. Peeking
#
# Looking at a running test every day and stopping as soon as p < 0.05 gives chance many
# opportunities: the false-positive rate climbs well above 5%. Fix the test's length in
# advance, or use sequential boundaries (`sm.roi.experiments.sequential_boundaries`).

# %%
looks = pd.DataFrame({"looks": range(1, 11)})
looks["false-positive rate"] = [sm.roi.experiments.peeking_false_positive_rate(k)
                                for k in looks["looks"]]
ax = sm.viz.lines(looks, x="looks", y="false-positive rate",
                  title="Peeking: false positives when stopping at the first p < 0.05",
                  ylabel="False-positive rate (%)", xlabel="Looks at the data",
                  source="smtools.roi.experiments.peeking_false_positive_rate (α = 5%)")
sm.viz.percent_axis(ax)
plt.show()

# %% [markdown]
# ## 5. Exercises
#
# Yes/no answers: `True`/`False`, `"yes"`/`"no"`; shares as `0.42`, `42` or `"42%"`.
#
# ### Exercise 7.1 · Is B better?
#
# Variant A converts 200 visitors out of 5,000, variant B 236 out of 5,000. Is the difference
# significant at 5% (two-sided)?

# %%
answer = None  # True or False

# %% tags=["solution"]
ab = sm.roi.experiments.proportion_test(conversions=(200, 236), visitors=(5_000, 5_000))
answer = ab.significant

# %%
sm.teach.check("lesson7.ab_significant", answer)

# %% [markdown]
# ### Exercise 7.2 · The p-value
#
# What is the p-value of that test (two-proportion z test, two-sided)?

# %%
answer = None  # a probability

# %% tags=["solution"]
answer = ab.p_value

# %%
sm.teach.check("lesson7.ab_pvalue", answer)

# %% [markdown]
# ### Exercise 7.3 · How many visitors?
#
# Your conversion rate is 4%. How many visitors **per group** does a test need to detect a
# +10% relative lift (to 4.4%) with α = 5% and 80% power?

# %%
answer = None  # visitors per group

# %% tags=["solution"]
answer = sm.roi.experiments.sample_size(baseline=0.04, lift=0.10).per_group

# %%
sm.teach.check("lesson7.sample_size", answer)

# %% [markdown]
# ### Exercise 7.4 · Peeking
#
# You look at a test five times, equally spaced, and stop at the first p < 0.05. What is the
# real false-positive rate?

# %%
answer = None  # a share

# %% tags=["solution"]
answer = sm.roi.experiments.peeking_false_positive_rate(5)

# %%
sm.teach.check("lesson7.peeking", answer)

# %% [markdown]
# ### Exercise 7.5 · The MMM's best channel
#
# According to the marketing-mix model, which of Atelier Nova's channels has the highest
# ROAS?

# %%
answer = None  # a channel

# %% tags=["solution"]
answer = mmm.roas_["mean"].idxmax()

# %%
sm.teach.check("lesson7.mmm_best", answer, data=data)

# %% [markdown]
# ## Summary
#
# - An MMM separates the baseline from each channel's contribution; read its ROAS with their
#   intervals, and check it against experiments when you can.
# - An A/B test measures incrementality directly; a p-value above 5% means "not shown", not
#   "no effect".
# - Size tests before they start, and do not stop them at the first good-looking p-value.

# %%
sm.teach.progress(7)
