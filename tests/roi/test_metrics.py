"""Tests of smtools.roi.metrics: published worked examples, ratio of sums, currencies, NaN notes."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pandas as pd
import pytest

from smtools.errors import DataError
from smtools.roi import metrics as m
from smtools.roi.metrics import Money

# --------------------------------------------------------------------------- known answers


def test_roas_vilop_digital_example():
    # Vilop Digital, "Understanding incremental ROAS": $50 on ads, $100 revenue -> ROAS 2.
    assert m.roas(revenue=100, spend=50) == 2.0


def test_romi_kameir_direct_mail_example():
    # kameir.com, "Return on marketing": $10,000 direct mail, $50,000 incremental revenue:
    # "ROMI factor" (= ROAS) 5.0; at a 60% contribution margin, (30,000 - 10,000) / 10,000
    # = 2.0, "every dollar ... translates an additional $2 on the bottom line".
    assert m.roas(revenue=50_000, spend=10_000) == pytest.approx(5.0)
    profit = m.roi(revenue=50_000, cost=10_000, margin=0.6)
    assert profit == pytest.approx(2.0)
    assert profit.metric == "profit ROI"
    assert profit.inputs["gross_profit"] == pytest.approx(30_000)
    revenue_roi = m.roi(revenue=50_000, cost=10_000)
    assert revenue_roi == pytest.approx(4.0)  # = ROAS - 1
    assert revenue_roi.metric == "revenue ROI"


def test_revenue_roi_futureflow_example():
    # FutureFlow Media, "How to calculate marketing ROI": $10,000 revenue from a $6,000
    # campaign, "you made $4,000": revenue ROI 4,000 / 6,000.
    assert m.roi(revenue=10_000, cost=6_000) == pytest.approx(4_000 / 6_000)


def test_cac_openmeter_example_includes_sales_costs():
    # OpenMeter glossary, "Customer acquisition cost": marketing $10,000 + sales $5,000,
    # 30 new customers -> CAC $500.
    value = m.cac(spend=10_000, other_costs={"sales": 5_000}, new_customers=30)
    assert value == pytest.approx(500.0)
    assert value.unit == "money"
    assert m.cac(spend=10_000, new_customers=30) == pytest.approx(10_000 / 30)


def test_simple_ltv_wikipedia_example():
    # Wikipedia, "Customer lifetime value": "$100 avg monthly spend * 25% margin / 5% monthly
    # churn = $500 LTV" (lifetime = 1 / churn = 20 months).
    assert m.ltv(aov=100, frequency=1, lifetime=1 / 0.05, margin=0.25) == pytest.approx(500.0)


def test_simple_ltv_starbucks_textbook_answer():
    # Starbucks CLV exercise (Kissmetrics data: $5.90 per visit, 4.2 visits a week, 52 weeks,
    # 20 years, 21.3% margin): $5.90 x 218.4 x 20 = $25,771.20; x 21.3% = $5,489.27.
    value = m.ltv(aov=5.90, frequency=4.2 * 52, lifetime=20, margin=0.213)
    assert value == pytest.approx(5489.27, abs=0.005)
    assert m.ltv(aov=5.90, frequency=4.2 * 52, lifetime=20) == pytest.approx(25_771.20)


def test_simple_ltv_kissmetrics_starbucks_infographic_ratio_of_sums():
    # Kissmetrics, "How to calculate lifetime value" (Starbucks case study, 2011): five
    # customers spend 3.50, 8.50, 5, 6.50, 6 dollars per visit on 4, 3, 5, 6, 3 visits a week;
    # the average weekly value a = $24.30 (mean of the products, not 5.90 x 4.2 = 24.78),
    # simple LTV = 52 x a x 20 years = $25,272 and x 21.3% margin = $5,382.94.
    # One row per customer, one week of data: AOV and frequency as ratios of sums give it.
    spend = np.array([3.50, 8.50, 5.0, 6.50, 6.0])
    visits = np.array([4, 3, 5, 6, 3])
    week = pd.DataFrame({"revenue": spend * visits, "orders": visits})
    value = m.ltv(week, lifetime=52 * 20, margin=1.0)
    assert value == pytest.approx(25_272.0)
    assert m.ltv(week, lifetime=52 * 20, margin=0.213) == pytest.approx(5_382.94, abs=0.005)


def test_retention_ltv_net4you_textbook_example():
    # "Net-4-You" exercise (ISP charging $19.95 a month, $0.50 variable cost, $0.50 loyalty
    # programme, 78.8% monthly retention, 1% monthly discount rate): CLV = m r / (1 + i - r)
    # = 18.95 x 0.788 / 0.222 = $67.2639 (answer given at jiskha.com).
    value = m.ltv_retention(contribution=19.95 - 0.50 - 0.50, retention=0.788, discount=0.01)
    assert value == pytest.approx(67.2639, abs=1e-4)


def test_retention_ltv_formula_limits():
    # Farris et al. (2010) ch. 5: retention 0 -> 0; retention 1 -> margin / discount rate.
    assert m.ltv_retention(contribution=40, retention=0.0, discount=0.1) == 0.0
    assert m.ltv_retention(contribution=40, retention=1.0, discount=0.1) == pytest.approx(400)
    # margin of the current period included: m (1 + d) / (1 + d - r) = m + m r / (1 + d - r)
    with_first = m.ltv_retention(contribution=40, retention=0.8, discount=0.12, first_period=True)
    without = m.ltv_retention(contribution=40, retention=0.8, discount=0.12)
    assert without == pytest.approx(100.0)  # 40 x 0.8 / 0.32
    assert with_first == pytest.approx(40 + without)


def test_ltv_cac_and_payback_aonetwork_calculator():
    # AO Network "Marketing ROI calculator": CAC $200, LTV $1,600 -> 8.0:1; CAC payback
    # = CAC / (ARPU x gross margin) = 2.5 months, i.e. a monthly contribution of $80.
    assert m.ltv_cac(ltv=1600, cac=200) == pytest.approx(8.0)
    assert m.payback(cac=200, monthly_contribution=80) == pytest.approx(2.5)
    assert m.payback(cac=200, monthly_contribution=80).unit == "months"


def test_iroas_growth_onomics_example():
    # Growth-onomics, "How to calculate incremental ROAS step-by-step": test revenue $25,000,
    # control $15,000, ad spend $4,000 -> iROAS 2.5.
    assert m.iroas(revenue=25_000, control_revenue=15_000, spend=4_000) == pytest.approx(2.5)


# --------------------------------------------------------------------------- scalars


def test_ratio_is_a_float_with_attributes_and_pickles():
    value = m.roas(revenue=Money(300, "EUR"), spend=Money(100, "EUR"))
    assert isinstance(value, float)
    assert value * 2 == 6.0
    assert value.currency == "EUR"
    assert value.definition == "revenue ÷ spend"
    back = pickle.loads(pickle.dumps(value))
    assert back == 3.0 and back.metric == "ROAS" and back.currency == "EUR"
    frame = value.to_frame()
    assert frame.loc[0, "value"] == 3.0 and frame.loc[0, "revenue"] == 300.0
    assert "ROAS" in value._repr_html_()


def test_plain_tuple_is_money():
    assert m.roas(revenue=(300, "USD"), spend=(100, "USD")).currency == "USD"


@pytest.mark.parametrize(
    ("call", "bad"),
    [
        (lambda: m.roas(revenue=Money(1, "EUR"), spend=Money(1, "USD")), "spend"),
        (lambda: m.roi(revenue=Money(1, "EUR"), cost=(1, "GBP")), "cost"),
        (lambda: m.cac(spend=Money(1, "EUR"), other_costs={"salaries": Money(1, "USD")},
                       new_customers=1), "salaries"),
        (lambda: m.ltv_cac(ltv=Money(9, "EUR"), cac=Money(3, "USD")), "cac"),
        (lambda: m.iroas(revenue=Money(5, "EUR"), spend=Money(1, "EUR"),
                         control_revenue=Money(1, "USD")), "control_revenue"),
        (lambda: m.roas(revenue=Money(5, "EUR"), spend=1, currency="USD"), "revenue"),
    ],
)
def test_mixed_currencies_are_refused(call, bad):
    with pytest.raises(DataError, match="several currencies") as info:
        call()
    assert info.value.column in (bad, "currency")


@pytest.mark.parametrize(
    ("call", "note"),
    [
        (lambda: m.roas(revenue=100, spend=0), "spend is 0"),
        (lambda: m.roi(revenue=0, cost=0), "cost is 0"),
        (lambda: m.cpa(spend=100, conversions=0), "conversions is 0"),
        (lambda: m.cac(spend=100, new_customers=0), "new_customers is 0"),
        (lambda: m.ltv_cac(ltv=100, cac=0), "cac is 0"),
        (lambda: m.payback(cac=100, monthly_contribution=0), "never recovered"),
        (lambda: m.iroas(revenue=100, spend=10, control_revenue=50, control_spend=10),
         "incremental spend is 0"),
        (lambda: m.marginal_roas(spend=(10, 10), revenue=(1, 2)), "spend step is 0"),
        (lambda: m.ltv_retention(contribution=10, retention=1.0, discount=0.0), "never stops"),
    ],
)
def test_division_by_zero_gives_nan_with_a_reason(call, note):
    value = call()
    assert math.isnan(value)
    assert note in value.note


@pytest.mark.parametrize(
    ("call", "column"),
    [
        (lambda: m.roas(revenue=-1, spend=10), "revenue"),
        (lambda: m.cpa(spend=10, conversions=-2), "conversions"),
        (lambda: m.roi(revenue=10, cost=5, margin=35), "margin"),
        (lambda: m.ltv_retention(contribution=10, retention=1.2), "retention"),
        (lambda: m.roas(revenue="10", spend=1), "revenue"),
        (lambda: m.roas(revenue=float("inf"), spend=1), "revenue"),
        (lambda: m.roas(spend=1), "revenue"),
        (lambda: m.roas(revenue=1, spend=1, by="channel"), "by"),
        (lambda: m.roas([1, 2]), "data"),
        (lambda: m.roas(revenue=(1, "euro"), spend=1), "revenue"),
        (lambda: m.marginal_roas(spend=(1, 2, 3), revenue=(1, 2)), "revenue"),
        (lambda: m.marginal_roas(curve=lambda s: s), "at"),
        (lambda: m.cohort_payback([10, -5], cac=10), "contribution"),
    ],
)
def test_bad_input_names_the_parameter(call, column):
    with pytest.raises(DataError) as info:
        call()
    assert info.value.column == column
    assert info.value.hint


# --------------------------------------------------------------------------- frames


@pytest.fixture
def perf() -> pd.DataFrame:
    return pd.DataFrame({
        "channel": ["meta", "meta", "meta", "tiktok", "tiktok", "search"],
        "campaign": ["a", "b", "b", "c", "c", "d"],
        "spend": [100.0, 900.0, 0.0, 50.0, 50.0, 0.0],
        "revenue": [1000.0, 900.0, 30.0, 0.0, 200.0, 0.0],
        "conversions": [10.0, 20.0, 1.0, 0.0, 4.0, 0.0],
        "currency": ["EUR"] * 6,
    })


def test_grouped_roas_is_a_ratio_of_sums_not_a_mean_of_ratios(perf):
    table = m.roas(perf, by="channel")
    meta = table.set_index("channel").loc["meta"]
    assert meta["roas"] == pytest.approx(1930 / 1000)  # not mean(10, 1, inf)
    assert meta["currency"] == "EUR"
    assert table.attrs["aggregation"] == "ratio of sums per group"
    assert list(table["channel"]) == ["meta", "search", "tiktok"]
    search = table.set_index("channel").loc["search"]
    assert math.isnan(search["roas"]) and search["note"] == "spend is 0"
    total = m.roas(perf)
    assert total == pytest.approx(2130 / 1100) and total.currency == "EUR"


def test_group_by_several_columns(perf):
    table = m.cpa(perf, by=["channel", "campaign"])
    assert len(table) == 4
    row = table[(table.channel == "meta") & (table.campaign == "b")].iloc[0]
    assert row["cpa"] == pytest.approx(900 / 21)


def test_frame_with_two_currencies_in_a_group_is_refused(perf):
    perf.loc[1, "currency"] = "USD"
    with pytest.raises(DataError, match=r"channel='meta'.*EUR, USD") as info:
        m.roas(perf, by="channel")
    assert info.value.column == "currency"
    by_currency = m.roas(perf, by=["channel", "currency"])  # one currency per group: fine
    assert set(by_currency["currency"]) == {"EUR", "USD"}
    with pytest.raises(DataError, match="several currencies"):
        m.cpa(perf)  # even a single money column is never summed across currencies


def test_per_column_currencies(perf):
    frame = perf.drop(columns="currency").assign(spend_cur="EUR", revenue_cur="EUR")
    frame.loc[0, "revenue_cur"] = "GBP"
    with pytest.raises(DataError, match="EUR, GBP"):
        m.roas(frame, currency={"spend": "spend_cur", "revenue": "revenue_cur"})
    ok = m.roas(frame[frame.index > 0],
                currency={"spend": "spend_cur", "revenue": "revenue_cur"})
    assert ok.currency == "EUR"


def test_missing_values_leave_the_row_out_of_both_sums(perf):
    perf.loc[0, "revenue"] = np.nan
    total = m.roas(perf)
    assert total == pytest.approx(1130 / 1000)
    assert "1 row with a missing value left out" in total.note


def test_profit_roi_with_a_margin_column(perf):
    perf["margin"] = [0.5, 0.5, 0.5, 0.2, 0.2, 0.2]
    table = m.roi(perf, by="channel", margin="margin", cost="spend").set_index("channel")
    assert table.loc["meta", "gross_profit"] == pytest.approx(965)
    assert table.loc["meta", "roi"] == pytest.approx((965 - 1000) / 1000)
    assert table.loc["tiktok", "roi"] == pytest.approx((40 - 100) / 100)
    perf.loc[0, "margin"] = 40
    with pytest.raises(DataError, match="outside 0–1"):
        m.roi(perf, margin="margin")


def test_frame_errors_name_the_column(perf):
    with pytest.raises(DataError) as info:
        m.roas(perf, revenue="sales")
    assert info.value.column == "sales"
    with pytest.raises(DataError) as info:
        m.roas(perf, by="network")
    assert info.value.column == "network"
    perf.loc[2, "spend"] = -1.0
    with pytest.raises(DataError, match="negative") as info:
        m.roas(perf)
    assert info.value.column == "spend"
    text = perf.astype({"revenue": object})
    text.loc[1, "revenue"] = "n/a"
    with pytest.raises(DataError, match="text"):
        m.roas(text)
    with pytest.raises(DataError, match="no rows"):
        m.roas(perf.iloc[0:0])


def test_cac_frame_with_non_media_costs():
    frame = pd.DataFrame({"month": ["jan", "jan", "feb"], "spend": [1000.0, 500.0, 1200.0],
                          "salaries": [3000.0, 0.0, 3000.0], "agency": [500.0, 0.0, 0.0],
                          "new_customers": [40.0, 10.0, 0.0]})
    table = m.cac(frame, by="month", other_costs=["salaries", "agency"]).set_index("month")
    assert table.loc["jan", "total_cost"] == pytest.approx(5000)
    assert table.loc["jan", "cac"] == pytest.approx(100)
    assert math.isnan(table.loc["feb", "cac"])
    assert table.loc["feb", "note"] == "new_customers is 0"


def test_ltv_cac_and_payback_frames_weight_by_customers():
    seg = pd.DataFrame({"channel": ["meta", "search"], "ltv": [300.0, 900.0],
                        "cac": [100.0, 450.0], "monthly_contribution": [25.0, 50.0],
                        "customers": [30.0, 10.0]})
    total = m.ltv_cac(seg, customers="customers")
    assert total == pytest.approx((300 * 30 + 900 * 10) / (100 * 30 + 450 * 10))
    per = m.ltv_cac(seg, customers="customers", by="channel").set_index("channel")
    assert per.loc["search", "ltv_cac"] == pytest.approx(2.0)
    months = m.payback(seg, customers="customers", by="channel").set_index("channel")
    assert months.loc["meta", "payback_months"] == pytest.approx(4.0)
    assert m.payback(seg, customers="customers") == pytest.approx(7500 / 1250)


def test_retention_ltv_frame_is_a_ratio_of_sums():
    cohorts = pd.DataFrame({"segment": ["a", "a", "b"], "contribution": [400.0, 400.0, 0.0],
                            "customers": [10.0, 10.0, 0.0], "retained": [8.0, 8.0, 0.0]})
    table = m.ltv_retention(cohorts, by="segment", discount=0.12).set_index("segment")
    assert table.loc["a", "retention"] == pytest.approx(0.8)
    assert table.loc["a", "ltv"] == pytest.approx(100.0)
    assert math.isnan(table.loc["b", "ltv"]) and "customers is 0" in table.loc["b", "note"]
    cohorts.loc[0, "retained"] = 11
    with pytest.raises(DataError, match="retained"):
        m.ltv_retention(cohorts)


def test_iroas_frame_test_vs_control_with_scale():
    frame = pd.DataFrame({
        "channel": ["meta"] * 4 + ["tiktok"] * 2,
        "arm": ["test", "test", "control", "control", "test", "control"],
        "revenue": [600.0, 400.0, 300.0, 300.0, 100.0, 100.0],
        "spend": [100.0, 100.0, 0.0, 0.0, 0.0, 0.0],
    })
    table = m.iroas(frame, by="channel").set_index("channel")
    assert table.loc["meta", "iroas"] == pytest.approx((1000 - 600) / 200)
    assert math.isnan(table.loc["tiktok", "iroas"])
    scaled = m.iroas(frame[frame.channel == "meta"], control_scale=1.5)
    assert scaled == pytest.approx((1000 - 900) / 200)
    periods = frame.assign(arm=frame["arm"].map({"test": "after", "control": "before"}))
    assert m.iroas(periods, test="after", control="before") == pytest.approx(m.iroas(frame))
    with pytest.raises(DataError, match="no value 'holdout'"):
        m.iroas(frame, control="holdout")


def test_marginal_roas_points_curve_and_frame():
    assert m.marginal_roas(spend=(1000, 1200), revenue=(4000, 4500)) == pytest.approx(2.5)
    segments = m.marginal_roas(spend=[300, 100, 200], revenue=[700, 400, 600])
    assert segments["mroas"].tolist() == pytest.approx([2.0, 1.0])  # sorted by spend

    def hill(s: float) -> float:
        return 10_000 * s / (s + 5_000)

    # d/ds [a s / (s + k)] = a k / (s + k)^2
    assert m.marginal_roas(curve=hill, at=5_000) == pytest.approx(10_000 * 5_000 / 10_000**2,
                                                                   rel=1e-6)
    many = m.marginal_roas(curve=hill, at=[0, 5_000])
    assert many["mroas"].iloc[0] == pytest.approx(2.0, rel=1e-4)
    curves = pd.DataFrame({"channel": ["meta"] * 3 + ["tiktok"],
                           "spend": [0.0, 1000.0, 2000.0, 500.0],
                           "revenue": [0.0, 3000.0, 4000.0, 900.0], "currency": "EUR"})
    table = m.marginal_roas(curves, by="channel")
    assert table.loc[table.channel == "meta", "mroas"].tolist() == [3.0, 1.0]
    assert table.loc[table.channel == "tiktok", "note"].item() == "fewer than two points"


def test_cohort_payback_interpolates_and_matches_flat_payback():
    # flat margin: same as CAC / monthly margin
    assert m.cohort_payback([50.0] * 12, cac=500) == pytest.approx(10.0)
    # hand computation: cumulated 20, 50, 90, 130 -> 100 reached in month 4 after 90: 3 + 10/40
    assert m.cohort_payback(pd.Series([20.0, 30.0, 40.0, 40.0]), cac=100) == pytest.approx(3.25)
    short = m.cohort_payback([20.0, 30.0], cac=100)
    assert math.isnan(short) and "50% recovered" in short.note
    cohorts = pd.DataFrame({
        "cohort": ["2026-01"] * 3 + ["2026-02"] * 2 + ["2026-01"] * 3,
        "month": [1, 2, 3, 1, 2, 1, 2, 3],
        "contribution": [300.0, 300.0, 300.0, 100.0, 100.0, 100.0, 100.0, 100.0],
        "cac": [1000.0] * 3 + [500.0] * 2 + [1000.0] * 3,
    })
    table = m.cohort_payback(cohorts, cac="cac", by="cohort").set_index("cohort")
    # 2026-01: two rows per month summed (400 a month): 1000 reached in month 3 at 2.5
    assert table.loc["2026-01", "payback_months"] == pytest.approx(2.5)
    assert math.isnan(table.loc["2026-02", "payback_months"])
    gap = cohorts[cohorts.month != 2]
    with pytest.raises(DataError, match="consecutive"):
        m.cohort_payback(gap, cac="cac", by="cohort")
    uneven = cohorts.copy()
    uneven.loc[0, "cac"] = 900.0
    with pytest.raises(DataError, match="one value per group"):
        m.cohort_payback(uneven, cac="cac", by="cohort")
