"""Post-campaign reports: plan + actuals → :class:`CampaignReview`.

``sm.report.review(brief, ws)`` compares a campaign's actuals with the plan made on its
first day and writes, in the brief's language, an executive summary, pacing, KPIs
against targets, results by network (paid / owned / earned), ROI (platform-reported
against incremental, attribution, budget shift), best and worst content, what the
posting times taught, the audience reached, e-reputation and recommendations —
each a small section with its numbers, sentences, chart and HTML view.

How actuals join the plan is documented in :mod:`smtools.report.actuals`.

>>> import smtools as sm
>>> sm.report.SECTIONS[:3]
('summary', 'pacing', 'kpis')
"""

from __future__ import annotations

from smtools.report.actuals import Actuals
from smtools.report.review import SECTIONS, CampaignReview, review

__all__ = ["SECTIONS", "Actuals", "CampaignReview", "review"]
