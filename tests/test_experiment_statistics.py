"""The statistics an editor decides by: known textbook values, and A/A simulations that show the
test claims a difference between identical variants no more often than it says (5%)."""

import math

import numpy as np
import pytest

from cms.experiments import statistics


def test_sample_size_matches_fleiss_for_two_proportions():
    # 10% -> 12% at alpha 0.05 two-sided, power 0.8: 3,841 per group (Fleiss, Statistical Methods
    # for Rates and Proportions, without the continuity correction)
    assert statistics.sample_size_per_variant(0.10, 0.02) == 3841
    # 20% -> 25%: (1.95996·√(2·.225·.775) + 0.84162·√(.2·.8 + .25·.75))² / .05² = 1093.8
    assert statistics.sample_size_per_variant(0.20, 0.05) == 1094
    # a third variant means two comparisons, each at alpha 0.025: more visitors per variant
    assert statistics.sample_size_per_variant(0.10, 0.02, variant_count=3) > 3841
    with pytest.raises(ValueError):
        statistics.sample_size_per_variant(0.95, 0.10)


def test_two_proportion_z_test_and_intervals_match_known_values():
    result = statistics.compare((200, 1000), (250, 1000))
    # pooled p = .225, SE = √(.225·.775·2/1000) = .018675, z = 2.6774, two-sided p = .00742
    assert result.p_value == pytest.approx(0.00742, abs=5e-5)
    assert result.significant and result.difference == pytest.approx(0.05)
    # Wald: .05 ± 1.96·√(.2·.8/1000 + .25·.75/1000) = .05 ± .03654
    assert result.interval == pytest.approx((0.01346, 0.08654), abs=5e-5)
    # Wilson score interval of 200/1000: (.1764, .2259)
    assert statistics.rate_interval(200, 1000) == pytest.approx((0.17638, 0.22592), abs=5e-5)
    assert not statistics.compare((100, 1000), (105, 1000)).significant
    assert statistics.compare((0, 50), (0, 50)).p_value == 1.0


def test_sample_ratio_mismatch_alarm():
    # 5,000 vs 4,700 on a 50/50 split: chi-squared 9.28, p = .0023: suspicious but under the alarm
    assert statistics.sample_ratio_p_value([5000, 4700], [50, 50]) == pytest.approx(0.00232, abs=5e-5)
    # 5,000 vs 4,600: chi-squared 16.67, p = .0000446: the alarm
    assert statistics.sample_ratio_p_value([5000, 4600], [50, 50]) < statistics.SRM_THRESHOLD
    # an unequal split is judged against its own plan
    assert statistics.sample_ratio_p_value([8000, 2000], [80, 20]) == pytest.approx(1.0)


def test_no_winner_before_the_planned_sample_size_or_with_a_broken_split():
    early = statistics.analyse([("a", "A", 50, 1000, 100), ("b", "B", 50, 1000, 150)], planned_per_variant=3841)
    assert early.variants[1].comparison.significant  # it looks like a winner...
    assert not early.horizon_reached and early.winner is None  # ...but the plan is not reached: no decision
    done = statistics.analyse([("a", "A", 50, 4000, 400), ("b", "B", 50, 4000, 500)], planned_per_variant=3841)
    assert done.horizon_reached and done.winner.key == "b"
    broken = statistics.analyse([("a", "A", 50, 5000, 500), ("b", "B", 50, 4200, 520)], planned_per_variant=3841)
    assert broken.sample_ratio_mismatch and broken.winner is None
    worse = statistics.analyse([("a", "A", 50, 4000, 500), ("b", "B", 50, 4000, 400)], planned_per_variant=3841)
    assert worse.winner is None  # a significantly worse variant never wins


def _false_positive_rate(experiments, variants, visitors, rate, seed):
    rng = np.random.default_rng(seed)
    conversions = rng.binomial(visitors, rate, size=(experiments, variants))
    false = 0
    for row in conversions:
        arms = [(int(c), visitors) for c in row]
        false += any(statistics.compare(arms[0], arm, variant_count=variants).significant for arm in arms[1:])
    return false / experiments


@pytest.mark.parametrize("variants", [2, 3])
def test_aa_simulations_keep_the_false_positive_rate_at_five_percent(variants):
    experiments = 2000
    observed = _false_positive_rate(experiments, variants, visitors=2000, rate=0.1, seed=20261201 + variants)
    error = math.sqrt(0.05 * 0.95 / experiments)  # the sampling error of a 5% rate over 2,000 experiments
    if variants == 2:
        assert abs(observed - 0.05) < 3 * error, observed
    else:  # Bonferroni keeps the chance of *any* false winner at or under 5%
        assert 0.05 - 6 * error < observed < 0.05 + 3 * error, observed
