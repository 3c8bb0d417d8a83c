"""Which statistic, computed how? Association and keyness measures shared by the analysis stages.

Pure functions over numbers or arrays, no tables: Dunning's G² on 2×2 tables, PMI and
normalised PMI, and the log-odds ratio with an informative Dirichlet prior
(Monroe, Colaresi & Quinn 2008).

>>> round(float(npmi(n=2, n_a=2, n_b=4, n_units=10)), 3)
0.569
"""

from __future__ import annotations

import numpy as np


def g2_2x2(o11, o12, o21, o22) -> np.ndarray:
    """Dunning's log-likelihood G² of 2×2 tables (arrays of the four cells; 0·log 0 = 0).

    >>> round(float(g2_2x2(10, 20, 30, 940)), 3)
    30.069
    """
    obs = np.array([o11, o12, o21, o22], dtype=float)
    total = obs.sum(axis=0)
    rows = np.array([obs[0] + obs[1], obs[0] + obs[1], obs[2] + obs[3], obs[2] + obs[3]])
    cols = np.array([obs[0] + obs[2], obs[1] + obs[3], obs[0] + obs[2], obs[1] + obs[3]])
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = rows * cols / total
        terms = np.where(obs > 0, obs * np.log(obs / expected), 0.0)
    return 2 * terms.sum(axis=0)


def pmi(n, n_a, n_b, n_units):
    """Pointwise mutual information, ``log2(n · N / (n_a · n_b))``, of units with both.

    >>> float(pmi(n=2, n_a=2, n_b=4, n_units=8))
    1.0
    """
    return np.log2(np.asarray(n, dtype=float) * n_units / (np.asarray(n_a, dtype=float) * n_b))


def npmi(n, n_a, n_b, n_units):
    """Normalised PMI, ``pmi / -log2(n / N)``: 1 always together, 0 independent, -1 never;
    1 when both are in every unit.

    >>> float(npmi(n=5, n_a=5, n_b=5, n_units=5))
    1.0
    """
    value = pmi(n, n_a, n_b, n_units)
    denom = -np.log2(np.asarray(n, dtype=float) / n_units)
    return np.where(denom > 0, value / np.where(denom > 0, denom, 1), 1.0)


def log_odds_dirichlet(y_i, y_j, alpha):
    """Log-odds ratio of a term in group *i* against *j* with an informative Dirichlet prior
    (Monroe et al. 2008, eq. 16, 18, 22): ``(delta, z)``.

    ``y_i``, ``y_j`` are the term counts in each group, ``alpha`` the prior per term (all
    arrays over the same terms)::

        delta = log((y_i + a) / (n_i + a0 - y_i - a)) - log((y_j + a) / (n_j + a0 - y_j - a))
        z     = delta / sqrt(1 / (y_i + a) + 1 / (y_j + a))

    >>> d, z = log_odds_dirichlet(np.array([30., 10.]), np.array([10., 30.]), np.array([40., 40.]))
    >>> round(float(z[0]), 3)
    3.634
    """
    y_i, y_j, alpha = (np.asarray(a, dtype=float) for a in (y_i, y_j, alpha))
    n_i, n_j, alpha0 = y_i.sum(), y_j.sum(), alpha.sum()
    delta = np.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha)) - np.log((y_j + alpha) / (n_j + alpha0 - y_j - alpha))
    return delta, delta / np.sqrt(1 / (y_i + alpha) + 1 / (y_j + alpha))


def log_ratio(y_i, y_j):
    """Log2 ratio of relative frequencies (Hardie 2014), 0.5 added to zero counts.

    >>> float(log_ratio(np.array([20., 10.]), np.array([10., 20.]))[0])
    1.0
    """
    y_i, y_j = np.asarray(y_i, dtype=float), np.asarray(y_j, dtype=float)
    return np.log2((np.where(y_i > 0, y_i, 0.5) / y_i.sum()) / (np.where(y_j > 0, y_j, 0.5) / y_j.sum()))


def bootstrap_ratio(num, den, *, n_boot: int = 1000, ci: float = 0.95, rng=None) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap interval of a ratio of sums, ``sum(num) / sum(den)``, resampling
    units (articles) with replacement ``n_boot`` times: ``(low, high)``.

    ``num`` and ``den`` hold one row per unit; ``num`` may have one column per measured
    thing (an actor, a frame), all resampled with the same draws. Fewer than two units give
    no interval (NaN). A resample whose denominator is below 1 is divided by 1.

    >>> low, high = bootstrap_ratio([1, 0, 1, 1], [1, 1, 1, 1], n_boot=500, rng=np.random.default_rng(0))
    >>> float(low), float(high)
    (0.25, 1.0)
    """
    num = np.asarray(num, dtype=float)
    den = np.broadcast_to(np.asarray(den, dtype=float).reshape(-1, *([1] * (num.ndim - 1))), num.shape)
    n = num.shape[0]
    if n < 2:
        nan = np.full(num.shape[1:], np.nan)
        return (nan, nan.copy()) if num.ndim > 1 else (np.float64(np.nan), np.float64(np.nan))
    rng = rng if rng is not None else np.random.default_rng(0)
    draws = rng.integers(0, n, size=(n_boot, n))
    weights = np.zeros((n_boot, n))
    np.add.at(weights, (np.repeat(np.arange(n_boot), n), draws.ravel()), 1.0)
    boot = (weights @ num) / np.maximum(weights @ den, 1.0)
    low, high = np.quantile(boot, [(1 - ci) / 2, 1 - (1 - ci) / 2], axis=0)
    return low, high
