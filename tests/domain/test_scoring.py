"""docs/scoring.md steps 1-6 on the hand-worked example of docs/scoring.md, and properties."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfassess.domain import AnswerRecord, load_questionnaire, score_round, tally_answers
from selfassess.domain.scoring import mean

DATA = Path(__file__).parent.parent / "data"
MINI = load_questionnaire(DATA / "questionnaires" / "mini.yaml")
PARTNERS = ["Council", "PCT", "Schools", "Police"]


def worked_records() -> list[AnswerRecord]:
    with (DATA / "worked_example.csv").open(encoding="utf-8", newline="") as f:
        return [
            AnswerRecord(r["partner"], r["respondent"], r["statement"], r["answer"])
            for r in csv.DictReader(f)
        ]


def worked_scores():
    return score_round(MINI, tally_answers(worked_records()), PARTNERS)


# (partner, figure, key, hand-computed value); None = undefined.
EXPECTED = [
    ("Council", "items", "i1", 3.0),  # q1 (4+2)/2=3, q2 (3+3)/2=3
    ("Council", "items", "i2", 2.0),  # q3: a1=2, a2=dk -> 2
    ("Council", "items", "i3", 1.5),  # q4: dk,1 -> 1; q5: na,2 -> 2
    ("Council", "sections", "s1", 2.5),
    ("Council", "sections", "s2", 1.5),
    ("Council", "phases", 1, 3.0),
    ("Council", "phases", 2, 2.5),
    ("Council", "phases", 3, 1.5),
    ("Council", "overall", None, 6.5 / 3),
    ("PCT", "items", "i1", 1.5),
    ("PCT", "items", "i2", 1.0),
    ("PCT", "items", "i3", None),  # only dk answers: undefined
    ("PCT", "sections", "s2", None),
    ("PCT", "phases", 2, 1.25),
    ("PCT", "phases", 3, None),
    ("PCT", "overall", 1.25),
    ("Schools", "items", "i1", 3.75),  # q1 (4+3)/2 (c3 dk), q2 (4+4)/2 (c2 na)
    ("Schools", "items", "i2", 10 / 3),
    ("Schools", "items", "i3", (8 / 3 + 4) / 2),
    ("Schools", "overall", (3.75 + 10 / 3 + 10 / 3) / 3),
    ("Police", "overall", None),  # no submitted respondents
    ("Police", "items", "i1", None),
]


@pytest.mark.parametrize(
    ("partner", "figure", "key", "expected"),
    [e if len(e) == 4 else (e[0], e[1], None, e[2]) for e in EXPECTED],
)
def test_partner_figures_match_hand_computation(partner, figure, key, expected):
    figures = worked_scores().partners[partner]
    value = getattr(figures, figure) if key is None else getattr(figures, figure)[key]
    assert value == (None if expected is None else pytest.approx(expected, abs=1e-9))


@pytest.mark.parametrize(
    ("figure", "key", "expected"),
    [
        ("items", "i1", (3 + 1.5 + 3.75) / 3),
        ("items", "i2", (2 + 1 + 10 / 3) / 3),
        ("items", "i3", (1.5 + 10 / 3) / 2),  # PCT undefined, skipped
        ("sections", "s1", (2.5 + 1.25 + (3.75 + 10 / 3) / 2) / 3),
        ("phases", 3, (1.5 + 10 / 3) / 2),
        # Rule 6: the mean of partner overalls, not of trust item scores (2.4259).
        ("overall", None, (6.5 / 3 + 1.25 + (3.75 + 20 / 3) / 3) / 3),
    ],
)
def test_trust_figures_are_means_over_partners(figure, key, expected):
    trust = worked_scores().trust
    value = getattr(trust, figure) if key is None else getattr(trust, figure)[key]
    assert value == pytest.approx(expected, abs=1e-9)


def test_trust_overall_in_worked_example_is_2_2963():
    assert round(worked_scores().trust.overall, 4) == 2.2963


@pytest.mark.parametrize(("item", "rate"), [("i1", 1 / 11), ("i2", 1 / 6), ("i3", 4 / 11)])
def test_dont_know_rate_leaves_out_not_applicable(item, rate):
    assert worked_scores().dont_know_rates[item] == pytest.approx(rate)


def test_drafts_are_not_input_and_unknown_statements_are_ignored():
    records = [*worked_records(), AnswerRecord("Council", "a1", "not-a-statement", "1")]
    assert score_round(MINI, tally_answers(records), PARTNERS) == worked_scores()


def test_mean_of_nothing_is_undefined():
    assert mean([]) is None
    assert mean([None, None]) is None
    assert mean([None, 2.0, 4.0]) == 3.0


# --- properties -----------------------------------------------------------------------
STATEMENTS = [s.slug for _, s in MINI.statements()]
answers = st.lists(
    st.builds(
        AnswerRecord,
        st.sampled_from(["A", "B", "C"]),
        st.sampled_from(["r1", "r2", "r3"]),
        st.sampled_from(STATEMENTS),
        st.sampled_from(["1", "2", "3", "4", "dk", "na"]),
    ),
    max_size=60,
)


def flatten(scores) -> dict[tuple[str, str, object], float | None]:
    """Every figure keyed by (who, figure, key), so that scores compare independent of order."""
    values = {}
    for who, figures in [("trust", scores.trust), *scores.partners.items()]:
        values[(who, "overall", None)] = figures.overall
        for figure in ("sections", "phases", "items"):
            for key, value in getattr(figures, figure).items():
                values[(who, figure, key)] = value
    return values


def same_scores(left, right) -> bool:
    a, b = flatten(left), flatten(right)
    return a.keys() == b.keys() and all(
        (a[k] is None and b[k] is None)
        or (a[k] is not None and b[k] is not None and abs(a[k] - b[k]) < 1e-9)
        for k in a
    )


@given(answers)
def test_every_score_is_undefined_or_within_1_to_4(records):
    for value in flatten(score_round(MINI, tally_answers(records))).values():
        assert value is None or 1.0 <= value <= 4.0


@given(answers)
def test_answer_order_does_not_matter(records):
    forward = score_round(MINI, tally_answers(records))
    backward = score_round(MINI, tally_answers(list(reversed(records))))
    assert same_scores(forward, backward)


@given(answers, st.integers(min_value=2, max_value=5))
def test_respondent_count_does_not_weigh_partners(records, copies):
    """Cloning every respondent of partner A leaves every figure unchanged."""
    cloned = [
        *records,
        *(
            AnswerRecord(r.partner, f"{r.respondent}-copy{n}", r.statement, r.value)
            for r in records
            if r.partner == "A"
            for n in range(copies)
        ),
    ]
    assert same_scores(
        score_round(MINI, tally_answers(cloned)), score_round(MINI, tally_answers(records))
    )


@given(answers)
def test_an_item_with_no_levels_is_undefined_for_that_partner(records):
    scores = score_round(MINI, tally_answers(records))
    for partner, figures in scores.partners.items():
        for item in MINI.items:
            levels = [
                r
                for r in records
                if r.partner == partner
                and r.value in "1234"
                and MINI.item_of_statement[r.statement] == item.slug
            ]
            assert (figures.items[item.slug] is None) == (not levels)


@given(answers)
def test_undefined_propagates_only_when_every_input_is_undefined(records):
    scores = score_round(MINI, tally_answers(records))
    for figures in scores.partners.values():
        assert (figures.overall is None) == all(v is None for v in figures.items.values())
        for section in MINI.sections:
            assert (figures.sections[section.slug] is None) == all(
                figures.items[i.slug] is None for i in section.items
            )
    for item in MINI.items:
        assert (scores.trust.items[item.slug] is None) == all(
            f.items[item.slug] is None for f in scores.partners.values()
        )
