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
# # Lesson 2 · Audiences, targets and platform fit
#
# *Leçon 2 · Audiences, cibles et adéquation des plateformes*
#
# **Learning goals.** By the end of this lesson you can
#
# 1. turn a brief's audience into a target (ages, genders, regions, interests) and size it;
# 2. tell the **composition index** (how concentrated a network's audience is in the target)
#    from the **coverage** (how much of the target the network reaches), and use both;
# 3. compare a brand's followers with its target (the follower gap).
#
# | English | Français |
# |---|---|
# | target audience | cible |
# | audience size | taille de la cible |
# | population share | part de la population |
# | composition | composition (part de l'audience dans la cible) |
# | composition index, affinity | indice d'affinité (indice de composition) |
# | coverage | couverture (pénétration) de la cible |
# | platform fit | adéquation de la plateforme |
# | followers | abonnés |

# %% tags=["parameters"]
client: str = "atelier-nova"  # the synthetic client (the text is written for this one)
seed: int = 0  # another seed gives other data, and other answers, for the same brief

# %%
import matplotlib.pyplot as plt

import smtools as sm

sm.viz.theme()
data = sm.teach.dataset(client, seed)
brief = data.brief

# %% [markdown]
# ## 1. From a brief to a target
#
# A brief describes who the campaign is for. A planner turns it into a **target** that data
# can count: an age range, genders, regions and interests. Atelier Nova is a US fashion
# e-shop; its brief reads:

# %%
target = sm.audience.target(brief)
target

# %% [markdown]
# ## 2. How many people is that?
#
# The target is sized from the population by age band and gender (US Census Bureau data
# shipped with smtools). Bands the age range cuts count in proportion. Regions and interests
# have no national reference: the brief gives the share of the population living in the
# target regions (`region_share`); interests would need an ad tool's audience estimate.
#
#     people in target = Σ over age × gender cells of population × share of the cell in the target
#                        × region share × interest share

# %%
size = sm.audience.size(target, region_share=brief.audience.region_share)
size

# %%
size.plot()
plt.show()

# %% [markdown]
# ## 3. Platform fit: composition index and coverage
#
# For a network *n* and the target *T*:
#
#     composition       = users of n in T ÷ users of n
#     population share  = people in T ÷ population
#     composition index = composition ÷ population share × 100
#     coverage          = users of n in T ÷ people in T
#
# An index of 100 means the network's audience holds as many target people as the population
# does; 150 means half as many again — the network is **affinitive** (*affinitaire*). Coverage
# says how much of the target the network can reach at all. A small, very affinitive network
# and a huge generalist one are both useful: the first for efficiency, the second for reach.

# %%
fit = sm.audience.platform_fit(target)
fit

# %%
fit.plot()
plt.show()

# %% [markdown]
# Snapchat, TikTok and Instagram concentrate Atelier Nova's 18–44 target best, while YouTube
# and Facebook cover most of it. Pinterest, where the brand is active, is not affinitive on age
# and gender alone — its case rests on the interests (fashion, wardrobe ideas) the reference
# does not measure.

# %% [markdown]
# ## 4. The follower gap: are our followers our target?
#
# The same arithmetic applied to the brand's own followers (the `audience` table of the
# networks' insights) says how close each community is to the target. A low index means organic
# posts mostly reach people outside the target.

# %%
followers = data.tables["audience"]
gap = sm.audience.follower_gap(followers[followers["source"] == "followers"], target)
gap

# %%
gap.plot()
plt.show()

# %% [markdown]
# **Against the truth.** The synthetic followers were drawn from a known age distribution per
# network. The share of followers aged 18–44 it implies is what the insights would show
# without sampling noise:

# %%
truth = data.truth["audience"]
bands = target.age_bands
comparison = gap.to_frame().set_index("channel")[["share_in_target"]].rename(
    columns={"share_in_target": "measured"})
comparison["true"] = [sum(truth[ch]["age"][b] for b in bands) for ch in comparison.index]
sm.viz.table(comparison.reset_index(), formats={"measured": "{:.1%}", "true": "{:.1%}"})

# %% [markdown]
# ## 5. Exercises
#
# Fill in each `answer = None`, run it, then run the check. Networks may be written in any
# spelling (`"TikTok"`, `"tiktok"`); shares as `0.42`, `42` or `"42%"`.
#
# ### Exercise 2.1 · Composition index by hand
#
# A network has 8,000,000 users, 2,400,000 of whom are in the target. The target is 12% of
# the population. What is the network's composition index?

# %%
answer = None  # an index, 100 = like the population

# %% tags=["solution"]
composition = 2_400_000 / 8_000_000
answer = composition / 0.12 * 100

# %%
sm.teach.check("lesson2.composition_index", answer)

# %% [markdown]
# ### Exercise 2.2 · Coverage by hand
#
# Same network. The target counts 5,000,000 people. Which share of the target does the network
# cover?

# %%
answer = None  # a share

# %% tags=["solution"]
answer = 2_400_000 / 5_000_000

# %%
sm.teach.check("lesson2.coverage", answer)

# %% [markdown]
# ### Exercise 2.3 · How many people in Atelier Nova's target?
#
# Size the target with the brief's regions applied (people, not a share).

# %%
answer = None  # a number of people

# %% tags=["solution"]
answer = size.total

# %%
sm.teach.check("lesson2.target_size", answer, data=data)

# %% [markdown]
# ### Exercise 2.4 · The most affinitive network
#
# Which network has the highest composition index for the target?

# %%
answer = None  # a network

# %% tags=["solution"]
answer = fit.best

# %%
sm.teach.check("lesson2.best_index", answer, data=data)

# %% [markdown]
# ### Exercise 2.5 · The widest coverage
#
# Which network covers the largest share of the target?

# %%
answer = None  # a network

# %% tags=["solution"]
answer = fit.to_frame().sort_values("coverage")["network"].iloc[-1]

# %%
sm.teach.check("lesson2.widest_coverage", answer, data=data)

# %% [markdown]
# ### Exercise 2.6 · The follower gap
#
# On which of Atelier Nova's networks are the followers least like the target?

# %%
answer = None  # a network

# %% tags=["solution"]
answer = gap.to_frame().sort_values("index")["channel"].iloc[0]

# %%
sm.teach.check("lesson2.follower_gap", answer, data=data)

# %% [markdown]
# ## Summary
#
# - Size the target before anything else: reach and GRP are shares of it.
# - Composition index = concentration (efficiency); coverage = size (reach). Plans mix both.
# - Followers are an audience too: compare them with the target before counting on organic
#   reach.

# %%
sm.teach.progress(2)
