"""Answer forms: what students type is read right, compared within tolerance, or refused."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from smtools.teach import answers


@pytest.mark.parametrize("text, value, percent", [
    ("0.58", 0.58, False), ("58%", 0.58, True), ("58 %", 0.58, True), ("58,5 %", 0.585, True),
    ("1 234,5", 1234.5, False), ("1,234.5", 1234.5, False), ("1.234,5", 1234.5, False),
    ("39,455", 39455.0, False), ("0,58", 0.58, False), ("€300", 300.0, False),
    ("300 GBP", 300.0, False), ("−0,1", -0.1, False), ("3/4", 0.75, False),
    ("1\u202f234", 1234.0, False),
])
def test_read_number_reads_what_students_type(text: str, value: float, percent: bool) -> None:
    got, was_percent = answers.read_number(text)
    assert got == pytest.approx(value) and was_percent is percent


@pytest.mark.parametrize("value", [Fraction(29, 50), np.float64(0.58), pd.Series([0.58]),
                                   np.array([0.58]), [0.58], 0.58])
def test_read_number_takes_numeric_objects(value: object) -> None:
    assert answers.read_number(value)[0] == pytest.approx(0.58)


@pytest.mark.parametrize("value", ["abc", True, pd.Series([1.0, 2.0]), {"a": 1}, float("nan")])
def test_read_number_refuses_what_is_not_one_number(value: object) -> None:
    with pytest.raises(answers.AnswerError):
        answers.read_number(value)


def test_number_tolerance_is_absolute_or_relative() -> None:
    assert answers.Number(abs_tol=0.5).compare(150.4, 150).ok
    assert not answers.Number(abs_tol=0.5).compare(150.6, 150).ok
    assert answers.Number(rel_tol=0.01).compare(30_290, 30_000).ok
    assert not answers.Number(rel_tol=0.01).compare(30_310, 30_000).ok


def test_number_explains_a_factor_of_100_without_the_answer() -> None:
    result = answers.Number(abs_tol=0.5).compare(1.5, 150)
    assert not result.ok and "factor of 100" in result.detail and "150" not in result.detail


def test_share_reads_fractions_percentages_and_bare_percent_numbers() -> None:
    share = answers.Share(abs_tol=0.005)
    for answer in (0.58, "58%", "58,2 %", 58, Fraction(29, 50), "0,58"):
        assert share.compare(answer, 0.58).ok, answer
    assert share.compare(58, 0.58).note == "read as a percentage"
    assert not share.compare(0.6, 0.58).ok
    assert not share.compare("58", -0.58).ok
    assert share.compare(-10, -0.10).ok


def test_choice_knows_network_spellings_and_aliases() -> None:
    choice = answers.Choice(aliases={"bobine": "reel"}, options=("google_search", "youtube"))
    for answer in ("Google Search", "google", "GOOGLE_SEARCH", " google-search "):
        assert choice.compare(answer, "google_search").ok, answer
    assert choice.compare("Bobine", "reel").ok
    assert not choice.compare("youtube", "google_search").ok
    assert "not one of the options" in choice.compare("bing", "google_search").detail
    with pytest.raises(answers.AnswerError):
        choice.read(3)


@pytest.mark.parametrize("answer, value", [
    (True, True), ("yes", True), ("Oui", True), ("significant", True), (np.bool_(True), True),
    (1, True), (False, False), ("no", False), ("non", False), ("not significant", False),
    (0, False), (pd.Series([False]), False),
])
def test_yes_no_reads_english_french_and_booleans(answer: object, value: bool) -> None:
    assert answers.YesNo().read(answer) is value


def test_yes_no_refuses_maybe() -> None:
    with pytest.raises(answers.AnswerError):
        answers.YesNo().read("maybe")


def test_items_compare_sets_in_any_container() -> None:
    items = answers.Items(options=("reach", "frequency", "cpm", "roas"),
                    aliases={"couverture": "reach"})
    expected = {"reach", "roas"}
    for answer in (["ROAS", "reach"], ("reach", "roas"), {"roas", "reach"},
                   pd.Series(["reach", "roas"]), "reach, roas", ["couverture", "roas"]):
        assert items.compare(answer, expected).ok, answer
    assert items.compare(["reach"], expected).detail == "Something is missing from your list."
    assert "should not be there" in items.compare(["reach", "roas", "cpm"], expected).detail
    assert "not one of the options" in items.compare(["reach", "ctr"], expected).detail


def test_labels_name_the_keys_to_look_at_never_the_label() -> None:
    labels = answers.Labels(options=("awareness", "conversion"), aliases={"notoriete": "awareness"})
    expected = {"cpm": "awareness", "cpa": "conversion"}
    frame = pd.DataFrame({"kpi": ["CPM", "CPA"], "stage": ["notoriété", "conversion"]})
    assert labels.compare(frame, expected).ok
    wrong = labels.compare({"cpm": "awareness", "cpa": "awareness"}, expected)
    assert not wrong.ok and wrong.detail == "Look again at: cpa."
    assert labels.compare({"cpm": "awareness"}, expected).detail == "Give a label for: cpa."


def test_numbers_by_key_take_a_table_column_or_a_dict() -> None:
    numbers = answers.Numbers(rel_tol=0.01, column="ctr")
    expected = {"facebook": 0.011, "google_search": 0.044}
    table = pd.DataFrame({"ctr": [0.011, 0.0441], "spend": [1.0, 2.0]},
                         index=["Facebook", "Google Search"])
    assert numbers.compare(table, expected).ok
    assert numbers.compare({"fb": "1.1%", "google": 0.044}, expected).ok
    assert numbers.compare({"facebook": 0.011}, expected).detail == "Missing: google_search."
    assert numbers.compare({"facebook": 0.02, "google_search": 0.044},
                           expected).detail == "Look again at: facebook."


@pytest.mark.parametrize("answer", ["Wednesday 21:00", "wed 21h", "mercredi 21h",
                                    ("Wednesday", 21), {"weekday": "Wed", "hour": 21},
                                    "Wednesday 9pm", pd.Series({"weekday": "Wednesday",
                                                                "hour": 21}), (2, 21)])
def test_slot_reads_many_spellings(answer: object) -> None:
    assert answers.Slot().read(answer) == (2, 21)


def test_slot_says_which_half_is_wrong() -> None:
    assert answers.Slot().compare("Wednesday 20:00", ("Wednesday", 21)).detail == \
        "The day is right, the hour is not."
    assert answers.Slot().compare("Thursday 21:00", ("Wednesday", 21)).detail == \
        "The hour is right, the day is not."
    with pytest.raises(answers.AnswerError):
        answers.Slot().read("Someday 25h")


def test_split_is_judged_by_what_it_earns() -> None:
    def value(split: dict[str, float]) -> float:
        return float(400 * np.log1p(split["search"] / 100) + 200 * np.log1p(split["social"] / 100))

    expected = {"split": {"search": 2033.33, "social": 966.67}, "value": value,
                "budget": 3000.0}
    split = answers.Split()
    assert split.compare({"search": 2000, "social": 1000}, expected).ok
    assert split.compare(pd.Series({"Search": 2033.33, "social": 966.67}), expected).ok
    too_much = split.compare({"search": 3000, "social": 1000}, expected)
    assert not too_much.ok and "adds up to 4,000" in too_much.detail
    lopsided = split.compare({"search": 3000, "social": 0}, expected)
    assert not lopsided.ok and "less than the best split" in lopsided.detail
    assert "Not a channel" in split.compare({"search": 2000, "tv": 1000}, expected).detail
    with pytest.raises(answers.AnswerError):
        split.read({"search": -5, "social": 3005})


def test_split_takes_an_allocation_object() -> None:
    from smtools.roi import optimize

    curves = {"search": lambda x: 400 * np.log1p(np.asarray(x) / 100),
              "social": lambda x: 200 * np.log1p(np.asarray(x) / 100)}
    res = optimize.allocate(curves, 3000, periods=1)

    def value(split: dict[str, float]) -> float:
        return float(sum(curves[c](split[c]) for c in curves))

    expected = {"split": res.allocation, "value": value, "budget": 3000.0}
    assert answers.Split().compare(res, expected).ok
    assert answers.Split().compare(res.to_frame(), expected).ok


def test_every_form_rejects_its_own_wrong_example() -> None:
    cases = [(answers.Number(abs_tol=0.5), 150.0), (answers.Share(abs_tol=0.005), 0.58),
             (answers.Choice(options=("a", "b")), "a"), (answers.YesNo(), True),
             (answers.Items(options=("a", "b", "c")), frozenset({"a", "b"})),
             (answers.Labels(options=("x", "y")), {"k": "x"}),
             (answers.Numbers(rel_tol=0.01), {"k": 2.0}),
             (answers.Slot(), ("Monday", 9))]
    for form, expected in cases:
        assert form.compare(expected, expected).ok, form
        assert not form.compare(form.wrong_example(expected), expected).ok, form
