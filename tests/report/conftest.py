"""Fixtures of the report tests: the demo clients' reviews, made once per session."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

import smtools as sm
import smtools.report  # binds sm.report

SLUGS = ("bistro-lumiere", "atelier-nova", "cloudledger")


@pytest.fixture(scope="session")
def demo_ws(demo: dict) -> sm.Workspace:
    """The demo workspace (three clients, seed 0)."""
    return sm.Workspace(demo["workspace"])


@pytest.fixture(scope="session")
def briefs(demo: dict) -> dict[str, sm.Brief]:
    """The demo clients' briefs."""
    return {slug: sm.brief.load(slug, demo["clients_dir"]) for slug in SLUGS}


@pytest.fixture(scope="session")
def plans(demo_ws: sm.Workspace, briefs: dict) -> dict[str, sm.plan.MediaPlan]:
    """Each demo client's plan as of the campaign's first day.

    The split is on benchmarks (``use_mmm=False``): the review does not depend on how
    the plan split its budget, and the plan's own model would double the fixture's
    time. ``test_review_rebuilds_the_plan_by_default`` covers the default plan.
    """
    return {slug: sm.plan.build(briefs[slug], demo_ws, as_of=briefs[slug].campaign.start,
                                use_mmm=False) for slug in SLUGS}


@pytest.fixture(scope="session")
def reviews(demo_ws: sm.Workspace, briefs: dict, plans: dict
            ) -> dict[str, sm.report.CampaignReview]:
    """Each demo client's final review, made once for every report test."""
    return {slug: sm.report.review(briefs[slug], demo_ws, plan=plans[slug]) for slug in SLUGS}


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")
