#!/usr/bin/env python3
"""PyTorch on reparam-bench's multivariate cases: rsample(n) + backward of the mean, and sample(n).

The parameters are reparam-bench's (Sources/reparam-bench/MultivariateCases.swift), so the two JSON
streams compare case by case:
    mvn50-scaletril    MultivariateNormal(loc, scale_tril=L), dimension 50, 10,000 draws; gradients to loc and L
    mvn50-covariance   MultivariateNormal(loc, covariance=Σ), the same Σ = L Lᵀ; gradients to loc and Σ (Cholesky backward)
    wishart5           Wishart(df=8, covariance=Σ₅), 10,000 draws of 5 × 5 (rsample((n,)) + backward, which raises in some torch versions)
    lkj5               LKJCholesky(5, concentration=2), 10,000 draws (torch has no rsample: sample only)
L is the lower triangle with 1 + 0.02 i on the diagonal and 0.3 sin(i + 2j)/√(i + 1) below it; loc_i = 0.01 i.
Median of R timed calls after a warm-up, like ../../../shared/peers/throughput.py (catalog.py's time_cases).

usage: multivariate.py [--threads 1|2] [--repeat R] [--family NAME]... [--cpu-time]
prints one JSON object per line: {"peer": "torch", "family", "mode", "n", "threads", "samples_per_second", "seconds_median"}
(a mode torch cannot run prints "error" instead of the figures)
"""
import math

import torch
import torch.distributions as D

from catalog import arguments, time_cases

N = 10_000


def factor(n):
    return [[(1 + 0.02 * i) if i == j else (0.3 * math.sin(i + 2 * j) / math.sqrt(i + 1) if j < i else 0.0) for j in range(n)]
            for i in range(n)]


def leaf(values):
    return torch.tensor(values, dtype=torch.float64, requires_grad=True)


def mvn(kind):
    def make():
        loc = leaf([0.01 * i for i in range(50)])
        L = torch.tensor(factor(50), dtype=torch.float64)
        if kind == "scale_tril":
            m = leaf(L.tolist())
            return D.MultivariateNormal(loc, scale_tril=m), [loc, m]
        m = leaf((L @ L.T).tolist())
        return D.MultivariateNormal(loc, covariance_matrix=m), [loc, m]
    return make


def wishart():
    L = torch.tensor(factor(5), dtype=torch.float64)
    df, cov = leaf(8.0), leaf((L @ L.T).tolist())
    return D.Wishart(df, covariance_matrix=cov), [df, cov]


def lkj():
    c = leaf(2.0)
    return D.LKJCholesky(5, concentration=c), [c]


CASES = {"mvn50-scaletril": mvn("scale_tril"), "mvn50-covariance": mvn("covariance"), "wishart5": wishart, "lkj5": lkj}


def main():
    args = arguments(n=None)
    time_cases(CASES, N, args)


if __name__ == "__main__":
    main()
