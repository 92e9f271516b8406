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
# # Post-campaign report
#
# A campaign's actuals against the plan made on its first day: executive summary,
# pacing, KPIs against the targets, results by network, ROI (platform-reported against
# incremental, attribution, budget shift), content, posting times, audience, e-reputation
# and recommendations. Every heading, sentence, table and chart comes from
# `smtools.report` in the brief's language (or `language`). Leave `as_of` empty for the
# final report; an earlier day gives a progress report. Run it with `smtools report SLUG`.

# %% tags=["parameters"]
client: str = "bistro-lumiere"
workspace: str = "workspace.duckdb"
clients_dir: str = "clients"
as_of: str = ""  # ISO day of the report (actuals up to the day before); empty: whole campaign
language: str = ""  # fr or en; empty for the brief's language
seed: int = 0

# %% tags=["remove-cell"]
import matplotlib.pyplot as plt
from IPython.display import HTML, Markdown, display

import smtools as sm
import smtools.report

sm.viz.theme()
brief = sm.brief.load(client, clients_dir)
review = sm.report.review(brief, sm.Workspace(workspace), as_of=as_of or None,
                          language=language or None, seed=seed)

# %% tags=["remove-input"]
display(Markdown(review.heading("summary")))
display(HTML(review.html("summary")))

# %% tags=["remove-input"]
display(Markdown(review.heading("pacing")))
display(HTML(review.html("pacing")))
review.plot("pacing")
plt.show()

# %% tags=["remove-input"]
display(Markdown(review.heading("kpis")))
display(HTML(review.html("kpis")))
review.plot("kpis")
plt.show()

# %% tags=["remove-input"]
display(Markdown(review.heading("channels")))
display(HTML(review.html("channels")))
review.plot("channels")
plt.show()

# %% tags=["remove-input"]
display(Markdown(review.heading("roi")))
display(HTML(review.html("roi")))
review.plot("roi")
plt.show()

# %% tags=["remove-input"]
display(Markdown(review.heading("content")))
display(HTML(review.html("content")))
review.plot("content")
plt.show()

# %% tags=["remove-input"]
display(Markdown(review.heading("timing")))
display(HTML(review.html("timing")))
review.plot("timing")
plt.show()

# %% tags=["remove-input"]
display(Markdown(review.heading("audience")))
display(HTML(review.html("audience")))
review.plot("audience")
plt.show()

# %% tags=["remove-input"]
display(Markdown(review.heading("reputation")))
display(HTML(review.html("reputation")))
review.plot("reputation")
plt.show()

# %% tags=["remove-input"]
display(Markdown(review.heading("recommendations")))
display(HTML(review.html("recommendations")))
