"""Metric functions against values computed by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import pytest

from collection_coach.metrics import (
    PrecisionRecall,
    bootstrap_ci,
    cohen_kappa,
    exact_agreement,
    mean_absolute_error,
    mean_signed_error,
    percentile,
    precision_recall,
    quadratic_weighted_kappa,
    within_one_agreement,
)

# 3x3 example, rows = human level, columns = grader level (10 pairs):
#            g0  g1  g2 | row
#   h0        2   1   0 |  3
#   h1        0   2   1 |  3
#   h2        1   1   2 |  4
#   column    3   4   3 | 10
THREE_BY_THREE = (
    [(0, 0)] * 2 + [(0, 1)] + [(1, 1)] * 2 + [(1, 2)] + [(2, 0)] + [(2, 1)] + [(2, 2)] * 2
)


def test_unweighted_kappa_three_categories_by_hand():
    # p_o = (2 + 2 + 2) / 10 = 0.6
    # p_e = (3*3 + 3*4 + 4*3) / 100 = 0.33
    # kappa = (0.6 - 0.33) / (1 - 0.33) = 0.27 / 0.67 = 27/67
    assert cohen_kappa(THREE_BY_THREE) == pytest.approx(27 / 67)


def test_quadratic_weighted_kappa_three_categories_by_hand():
    # weights ((i-j)/2)^2: 0.25 one level apart, 1 two levels apart.
    # observed weighted disagreement: (0,1) 1*.25 + (1,2) 1*.25 + (2,0) 1*1 + (2,1) 1*.25 = 1.75
    # expected cells r_i*c_j/10: (0,1) 1.2*.25=.3, (0,2) .9*1=.9, (1,0) .9*.25=.225, (1,2) .9*.25=.225,
    #   (2,0) 1.2*1=1.2, (2,1) 1.6*.25=.4  -> 3.25
    # kappa_w = 1 - 1.75/3.25 = 6/13
    assert quadratic_weighted_kappa(THREE_BY_THREE) == pytest.approx(6 / 13)


# 2x2 example (n=50): both yes 20, human yes/grader no 5, human no/grader yes 10, both no 15.
TWO_BY_TWO = [(1, 1)] * 20 + [(1, 0)] * 5 + [(0, 1)] * 10 + [(0, 0)] * 15


def test_unweighted_kappa_two_categories_by_hand():
    # p_o = 35/50 = 0.7; human yes 25/50, grader yes 30/50
    # p_e = .5*.6 + .5*.4 = 0.5; kappa = (0.7 - 0.5) / 0.5 = 0.4
    assert cohen_kappa(TWO_BY_TWO, categories=(0, 1)) == pytest.approx(0.4)


def test_quadratic_weights_equal_unweighted_with_two_categories():
    # With two categories the only off-diagonal weight is ((1-0)/1)^2 = 1, the same as unweighted.
    assert quadratic_weighted_kappa(TWO_BY_TWO, categories=(0, 1)) == pytest.approx(0.4)


@pytest.mark.parametrize(
    "pairs, weights, expected",
    [
        pytest.param([(0, 0), (1, 1), (2, 2), (2, 2)], "quadratic", 1.0, id="perfect_agreement_with_variation"),
        # (0,2),(2,0): observed 2*1 = 2; margins (1,0,1) both: expected (0,2)=.5 + (2,0)=.5 = 1 -> 1 - 2/1
        pytest.param([(0, 2), (2, 0)], "quadratic", -1.0, id="opposite_extremes"),
        # human always 2, grader 2,2,1: p_o = 2/3, p_e = 1 * 2/3 -> (2/3-2/3)/(1/3) = 0
        pytest.param([(2, 2), (2, 2), (2, 1)], "none", 0.0, id="one_rater_constant_is_chance"),
        pytest.param([(2, 2), (2, 2), (2, 2)], "none", None, id="both_constant_same_level_undefined"),
        pytest.param([(1, 1)], "quadratic", None, id="single_pair_undefined"),
        pytest.param([], "quadratic", None, id="empty_undefined"),
    ],
)
def test_kappa_edge_cases(pairs, weights, expected):
    result = cohen_kappa(pairs, weights=weights)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


def test_kappa_rejects_levels_outside_categories():
    with pytest.raises(ValueError, match=r"\(3, 1\)"):
        cohen_kappa([(3, 1)])


def test_agreement_and_error_by_hand():
    pairs = [(2, 1), (0, 2), (1, 1)]
    assert exact_agreement(pairs) == pytest.approx(1 / 3)  # only (1,1)
    assert within_one_agreement(pairs) == pytest.approx(2 / 3)  # (2,1) and (1,1)
    assert mean_absolute_error(pairs) == pytest.approx(1.0)  # (1 + 2 + 0) / 3
    assert mean_signed_error(pairs) == pytest.approx(1 / 3)  # grader - human: (-1 + 2 + 0) / 3, lenient


@pytest.mark.parametrize("function", [exact_agreement, within_one_agreement, mean_absolute_error, mean_signed_error])
def test_agreement_of_nothing_is_undefined(function):
    assert function([]) is None


def test_precision_recall_f1_by_hand():
    counts = PrecisionRecall(tp=8, fp=2, fn=4)
    assert counts.precision == pytest.approx(0.8)  # 8 / 10
    assert counts.recall == pytest.approx(2 / 3)  # 8 / 12
    assert counts.f1 == pytest.approx(8 / 11)  # 2 * .8 * (2/3) / (.8 + 2/3)


@pytest.mark.parametrize(
    "counts, precision, recall, f1",
    [
        pytest.param(PrecisionRecall(0, 0, 3), None, 0.0, None, id="never_flags_misses_all"),
        pytest.param(PrecisionRecall(0, 2, 0), 0.0, None, None, id="flags_on_clean_set"),
        pytest.param(PrecisionRecall(0, 0, 0), None, None, None, id="nothing_to_find_nothing_found"),
        pytest.param(PrecisionRecall(0, 1, 1), 0.0, 0.0, 0.0, id="both_zero_f1_zero"),
    ],
)
def test_precision_recall_zero_division(counts, precision, recall, f1):
    assert counts.precision == precision
    assert counts.recall == recall
    assert counts.f1 == f1


def test_precision_recall_from_lists_and_sum():
    counts = precision_recall([True, True, False, False], [True, False, True, False])
    assert counts == PrecisionRecall(tp=1, fp=1, fn=1)
    assert counts + PrecisionRecall(2, 0, 1) == PrecisionRecall(3, 1, 2)
    with pytest.raises(ValueError, match="length mismatch"):
        precision_recall([True], [])


def test_percentile_interpolates_like_numpy():
    values = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert percentile(values, 0.25) == pytest.approx(2.0)  # position 1.0
    assert percentile(values, 0.1) == pytest.approx(1.4)  # position 0.4 -> 1 + 0.4 * (2 - 1)
    assert percentile(values, 1.0) == pytest.approx(5.0)


def _mean(values):
    return sum(values) / len(values) if values else None


def test_bootstrap_is_deterministic_for_a_seed():
    data = [0, 1, 1, 0, 1, 1, 1, 0, 1, 1]
    first = bootstrap_ci(data, _mean, resamples=300, seed=7)
    assert first == bootstrap_ci(data, _mean, resamples=300, seed=7)
    assert first != bootstrap_ci(data, _mean, resamples=300, seed=8)


def test_bootstrap_interval_contains_point_estimate():
    data = [0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 0, 1]
    low, high = bootstrap_ci(data, _mean, resamples=1000, seed=1)
    assert low < _mean(data) < high
    assert 0.0 <= low and high <= 1.0


def test_bootstrap_two_points_by_hand():
    # Resampling [0, 1] twice gives means 0, 0.5, 1 with probability 1/4, 1/2, 1/4; with 2000 resamples
    # both extremes occur more than 2.5% of the time, so the 95% interval is exactly (0, 1).
    assert bootstrap_ci([0, 1], _mean, resamples=2000, seed=3) == (0.0, 1.0)


@pytest.mark.parametrize(
    "items, statistic, expected",
    [
        pytest.param([4, 4, 4], _mean, (4.0, 4.0), id="constant_data_zero_width"),
        pytest.param([], _mean, None, id="no_items"),
        pytest.param([1, 2], lambda values: None, None, id="statistic_always_undefined"),
    ],
)
def test_bootstrap_edge_cases(items, statistic, expected):
    assert bootstrap_ci(items, statistic, resamples=50, seed=0) == expected
