"""The statistics of a fixed-horizon A/B test: planned sample size, rates with confidence
intervals, each variant against A, and the sample-ratio-mismatch alarm.

The distributions and tests come from SciPy. What is written here are the textbook
formulas SciPy has no single function for: Fleiss's sample size for two proportions and
the Wald interval of a difference. With more than two variants, every variant is compared
with A at a Bonferroni-corrected level, so the chance of any false winner stays at alpha.
"""

import math
from dataclasses import dataclass, field

from scipy import stats

ALPHA = 0.05
POWER = 0.8
#: A split this unlikely under the planned weights means the assignment is broken.
SRM_THRESHOLD = 0.001


def comparisons(variant_count):
    """How many tests a decision makes: each variant other than A against A."""
    return max(variant_count - 1, 1)


def sample_size_per_variant(baseline, minimum_effect, *, alpha=ALPHA, power=POWER, variant_count=2):
    """Visitors each variant needs to detect `minimum_effect` (an absolute change of the rate,
    e.g. 0.02 for 10% -> 12%) with a two-sided test at `alpha` (Bonferroni-corrected for
    several variants) and the given power (Fleiss, without continuity correction)."""
    if not 0 < baseline < 1:
        raise ValueError("The baseline rate must be between 0 and 1.")
    target = baseline + minimum_effect
    if minimum_effect == 0 or not 0 < target < 1:
        raise ValueError("The smallest effect must be non-zero and keep the rate between 0 and 1.")
    z_alpha = stats.norm.ppf(1 - alpha / comparisons(variant_count) / 2)
    z_beta = stats.norm.ppf(power)
    mean = (baseline + target) / 2
    spread = z_alpha * math.sqrt(2 * mean * (1 - mean)) + z_beta * math.sqrt(
        baseline * (1 - baseline) + target * (1 - target)
    )
    return math.ceil(spread**2 / minimum_effect**2)


def rate_interval(conversions, visitors, confidence=1 - ALPHA):
    """The Wilson score interval of a conversion rate (well-behaved near 0 and 1 and for few visitors)."""
    if visitors == 0:
        return (0.0, 1.0)
    interval = stats.binomtest(conversions, visitors).proportion_ci(confidence_level=confidence, method="wilson")
    return (float(interval.low), float(interval.high))


@dataclass
class Comparison:
    """One variant against A: the difference of rates, its interval and the test's p-value."""

    difference: float
    interval: tuple
    p_value: float
    significant: bool


def compare(control, variant, *, alpha=ALPHA, variant_count=2):
    """Two-proportion z-test (pooled) of `variant` against `control`, both (conversions, visitors).

    The p-value is that of the chi-squared test of the 2x2 table without Yates's correction,
    which is the same test (z squared is chi-squared). The interval of the difference is
    Wald's, at the same corrected level as the test."""
    (c1, n1), (c2, n2) = control, variant
    if min(n1, n2) == 0:
        return Comparison(0.0, (0.0, 0.0), 1.0, False)
    p1, p2 = c1 / n1, c2 / n2
    level = alpha / comparisons(variant_count)
    if c1 + c2 == 0 or c1 + c2 == n1 + n2:
        p_value = 1.0  # no variation at all: nothing to tell the variants apart
    else:
        table = [[c1, n1 - c1], [c2, n2 - c2]]
        p_value = float(stats.chi2_contingency(table, correction=False).pvalue)
    z = float(stats.norm.ppf(1 - level / 2))
    margin = z * math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    difference = p2 - p1
    return Comparison(difference, (difference - margin, difference + margin), p_value, p_value < level)


def sample_ratio_p_value(visitors, weights):
    """The chi-squared goodness-of-fit p-value of the visitors per variant against the planned
    split; below SRM_THRESHOLD the split is broken and no result can be trusted."""
    total = sum(visitors)
    if total == 0 or len(visitors) < 2:
        return 1.0
    share = sum(weights)
    expected = [total * weight / share for weight in weights]
    return float(stats.chisquare(visitors, expected).pvalue)


@dataclass
class VariantResult:
    key: str
    name: str
    weight: int
    visitors: int
    conversions: int
    rate: float = 0.0
    interval: tuple = (0.0, 1.0)
    comparison: Comparison = None


@dataclass
class Analysis:
    """Everything the results page says about an experiment, decided in one place."""

    variants: list
    planned_per_variant: int
    srm_p_value: float
    sample_ratio_mismatch: bool
    horizon_reached: bool
    winner: VariantResult = None
    notes: list = field(default_factory=list)


def analyse(rows, planned_per_variant, *, alpha=ALPHA):
    """Analyse [(key, name, weight, visitors, conversions)], the first row being A.

    A winner is named only when every variant has reached the planned sample size, the
    split matches the plan, and the variant beats A significantly; the best such variant
    wins. Before the horizon, looking is allowed but deciding is not: stopping early when
    the p-value first dips under alpha makes false winners far more common than alpha."""
    results = []
    for key, name, weight, visitors, conversions in rows:
        result = VariantResult(key, name, weight, visitors, conversions)
        result.rate = conversions / visitors if visitors else 0.0
        result.interval = rate_interval(conversions, visitors)
        results.append(result)
    control = results[0]
    for result in results[1:]:
        result.comparison = compare(
            (control.conversions, control.visitors),
            (result.conversions, result.visitors),
            alpha=alpha,
            variant_count=len(results),
        )
    srm = sample_ratio_p_value([r.visitors for r in results], [r.weight for r in results])
    mismatch = srm < SRM_THRESHOLD
    reached = bool(planned_per_variant) and all(r.visitors >= planned_per_variant for r in results)
    analysis = Analysis(results, planned_per_variant, srm, mismatch, reached)
    if reached and not mismatch:
        better = [r for r in results[1:] if r.comparison.significant and r.comparison.difference > 0]
        if better:
            analysis.winner = max(better, key=lambda r: r.rate)
    return analysis
