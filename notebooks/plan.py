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
# # Media plan
#
# The media plan of one client's campaign, from its brief (`clients/<slug>.yaml`) and its
# history in the workspace. `smtools plan SLUG` runs it and publishes the HTML, PDF, Excel,
# MPODS JSON and CSV; run it here to work on a plan interactively.

# %% tags=["parameters"]
client: str = "bistro-lumiere"
workspace: str = "workspace.duckdb"
clients_dir: str = "clients"
as_of: str = ""  # ISO date the plan is made; empty for the campaign's first day
pattern: str = "even"  # flighting: even, front or pulsed
seed: int = 0
output_dir: str = ""  # where the runner wants the Excel, JSON and CSV files

# %% tags=["remove-cell"]
from pathlib import Path

import matplotlib.pyplot as plt
from IPython.display import Markdown, display

import smtools as sm
from smtools.plan import narrative as say

sm.viz.theme()
brief = sm.brief.load(client, clients_dir)
ws = sm.Workspace(workspace)
plan = sm.plan.build(brief, ws, as_of=as_of or None, pattern=pattern, seed=seed)
lang = brief.language

# %% tags=["remove-input"]
display(Markdown(say.summary(plan)))
display(Markdown(say.warnings_block(plan)))

# %% tags=["remove-input"]
display(Markdown(say.heading("situation", lang)))
situation = say.situation_table(plan)
if situation is not None:
    display(sm.viz.table(situation))
display(Markdown(say.best_times_text(plan)))

# %% tags=["remove-input"]
display(Markdown(say.heading("selection", lang)))
display(sm.viz.table(say.scores_table(plan)))

# %% tags=["remove-input"]
display(Markdown(say.heading("budget", lang)))
display(sm.viz.table(say.budget_table(plan)))

# %% tags=["remove-input"]
display(Markdown(say.heading("forecast", lang)))
display(sm.viz.table(say.lines_table(plan)))
plan.plot_forecast("reach")
plt.show()
plan.plot_forecast("conversions")
plt.show()

# %% tags=["remove-input"]
display(Markdown(say.heading("flighting", lang)))
plan.plot()
plt.show()
display(sm.viz.table(say.weekly_table(plan)))

# %% tags=["remove-input"]
display(Markdown(say.heading("targets", lang)))
display(sm.viz.table(say.targets_table(plan)))
for check in plan.targets:
    display(Markdown(f"- {sm.fmt.markdown_text(check.message)}"))

# %% tags=["remove-input"]
display(Markdown(say.heading("calendar", lang)))
calendar = say.calendar_table(plan)
if calendar.empty:
    display(Markdown("_No posting history to recommend slots from._"))
else:
    display(sm.viz.table(calendar))

# %% tags=["remove-input"]
display(Markdown(say.heading("tracking", lang)))
display(sm.viz.table(say.tracking_table(plan)))

# %% tags=["remove-input"]
display(Markdown(say.heading("assumptions", lang)))
display(sm.viz.table(say.assumptions_table(plan)))

# %% tags=["remove-cell"]
if output_dir:
    folder = Path(output_dir)
    plan.to_excel(folder / "mediaplan.xlsx")
    plan.to_json(folder / "mediaplan.json")
    plan.to_csv(folder / "mediaplan.csv")
