"""The one-sided Poisson tail probability P(X >= k | mu), vectorised, without scipy."""

from __future__ import annotations

import math

import numpy as np

_LGAMMA = np.frompyfunc(math.lgamma, 1, 1)


def upper_tail(k: np.ndarray, mu: np.ndarray, *, max_terms: int = 20_000, tol: float = 1e-15) -> np.ndarray:
    """P(X >= k) for X ~ Poisson(mu), elementwise (k >= 0 integers, mu > 0).

    Where k <= mu the tail is at least about a half and 1.0 is returned (never an alert); elsewhere the terms
    pmf(k), pmf(k+1), ... shrink by mu / (i + 1) < 1 each step and are summed until they no longer count."""
    k = np.asarray(k, dtype=float)
    mu = np.asarray(mu, dtype=float)
    out = np.ones(np.broadcast(k, mu).shape)
    k, mu = np.broadcast_to(k, out.shape), np.broadcast_to(mu, out.shape)
    upper = k > mu
    if not upper.any():
        return out
    kk, mm = k[upper], mu[upper]
    term = np.exp(kk * np.log(mm) - mm - _LGAMMA(kk + 1).astype(float))
    total = term.copy()
    i = kk.copy()
    for _ in range(max_terms):
        i += 1
        term *= mm / i
        total += term
        if not (term > tol * total).any():
            break
    out[upper] = np.minimum(total, 1.0)
    return out
