#!/usr/bin/env python3
"""PyTorch on the catalog's reparam-bench cases: rsample(n) + backward of the mean, and sample(n).

The parameters are reparam-bench's (Sources/reparam-bench/EngineCases.swift and
TorchParityCases.swift), so the two JSON streams compare case by case: every univariate family both
sample with rsample, the relaxed ones and a transformed Normal (exp then affine) included; Dirichlet's
loss is the mean of the first component, as in ../../../shared/peers/throughput.py. Families PyTorch
has with rsample are timed directly;
LogitNormal as Normal through a sigmoid (torch has no LogitNormal class). Logistic, von Mises, Chi, InverseGaussian,
GeneralizedGamma, TwoPieceNormal and truncated(Gamma) have no rsample in torch and are left out.
Median of R timed calls after a warm-up, like ../../../shared/peers/throughput.py.

usage: catalog.py [--threads 1|2] [--n COUNT] [--repeat R] [--family NAME]... [--cpu-time]
       --cpu-time: time by process CPU time (a busy machine), as reparam-bench --cpu-time does
prints one JSON object per line: {"peer": "torch", "family", "mode", "n", "threads", "samples_per_second", "seconds_median"}
"""
import argparse
import json
import statistics
import time

import torch
import torch.distributions as D


def case(make, *values):
    """(distribution, its leaf parameters) from make(*leaves)."""
    leaves = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in values]
    return make(*leaves), leaves


CASES = {
    "normal": lambda: case(D.Normal, 0.5, 1.5),
    "lognormal": lambda: case(D.LogNormal, 0.5, 1.5),
    "uniform": lambda: case(D.Uniform, -1.0, 2.0),
    "exponential": lambda: case(D.Exponential, 2.0),
    "laplace": lambda: case(D.Laplace, 0.5, 1.5),
    "cauchy": lambda: case(D.Cauchy, 0.5, 1.5),
    "gumbel": lambda: case(D.Gumbel, 0.5, 1.5),
    "gamma": lambda: case(D.Gamma, 2.5, 1.0),
    "chi2": lambda: case(D.Chi2, 3.0),
    "beta": lambda: case(D.Beta, 2.0, 3.0),
    "dirichlet": lambda: case(D.Dirichlet, [1.0, 2.0, 3.0]),
    "studentt": lambda: case(D.StudentT, 4.0, 0.0, 1.0),
    "inversegamma": lambda: case(D.InverseGamma, 3.0, 2.0),
    "weibull": lambda: case(D.Weibull, 1.5, 2.0),
    "kumaraswamy": lambda: case(D.Kumaraswamy, 2.0, 5.0),
    "pareto": lambda: case(D.Pareto, 1.0, 3.0),
    "halfnormal": lambda: case(D.HalfNormal, 1.5),
    "halfcauchy": lambda: case(D.HalfCauchy, 1.5),
    "fishersnedecor": lambda: case(D.FisherSnedecor, 5.0, 10.0),
    "logitnormal": lambda: case(lambda m, s: D.TransformedDistribution(D.Normal(m, s), [D.transforms.SigmoidTransform()]), 0.5, 1.5),
    "continuousbernoulli": lambda: case(D.ContinuousBernoulli, 0.3),
    "generalizedpareto": lambda: case(D.GeneralizedPareto, 0.0, 1.0, 0.3),
    "relaxedbernoulli": lambda: case(lambda t, l: D.RelaxedBernoulli(t, logits=l), 0.5, 0.3),
    "relaxedcategorical": lambda: case(lambda t, l: D.RelaxedOneHotCategorical(t, logits=l), 0.5, [0.0, 1.0, 2.0]),
    # torch's LogisticNormal is the stick-breaking law, reparam's the additive (softmax with a zero appended):
    # the same work, K = 2 normals to a point of the 3-simplex.
    "logisticnormal": lambda: case(D.LogisticNormal, [0.0, 1.0], [1.0, 0.5]),
    "onehotcategoricalst": lambda: case(lambda l: D.OneHotCategoricalStraightThrough(logits=l), [0.0, 1.0, 2.0]),
    "transformed": lambda: case(lambda m, s, l, c: D.TransformedDistribution(
        D.Normal(m, s), [D.transforms.ExpTransform(), D.transforms.AffineTransform(l, c)]), 0.5, 1.5, 1.0, 2.0),
}

# The loss whose backward is timed where it is not the mean of all draws (reparam-bench's loss).
LOSSES = {"dirichlet": lambda z: z[..., 0].mean(), "logisticnormal": lambda z: z[..., 0].mean(),
          "onehotcategoricalst": lambda z: z[..., 0].mean()}


def median_seconds(call, repeat, clock=time.perf_counter):
    call()  # warm-up
    times = []
    for _ in range(repeat):
        start = clock()
        call()
        times.append(clock() - start)
    return statistics.median(times)


def arguments(n=1_000_000):
    """The command line both peer scripts share (--n only where the cases do not fix it)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    if n is not None:
        parser.add_argument("--n", type=int, default=n)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--family", action="append", default=[])
    parser.add_argument("--cpu-time", action="store_true", help="time by process CPU time instead of wall time")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(args.threads)
    return args


def time_cases(cases, n, args):
    """sample(n) and rsample(n) + backward of the mean for each case, one JSON line per mode
    ("error" instead of the figures where torch cannot run it: a backward that raises, no rsample)."""
    clock = time.process_time if args.cpu_time else time.perf_counter
    for name, make in cases.items():
        if args.family and name not in args.family:
            continue
        # Built inside each call: torch's transformed families keep graph pieces made at
        # construction, which one backward pass frees.
        def grad():
            d, leaves = make()
            z = d.rsample((n,))
            torch.autograd.grad(LOSSES.get(name, torch.mean)(z), leaves)

        def sample():
            with torch.no_grad():
                make()[0].sample((n,))

        for mode, call in (("sample", sample), ("rsample+backward", grad)):
            record = {"peer": "torch", "family": name, "mode": mode, "n": n, "threads": args.threads}
            try:
                seconds = median_seconds(call, args.repeat, clock)
                record.update(samples_per_second=n / seconds, seconds_median=seconds)
            except Exception as error:
                record["error"] = f"{type(error).__name__}: {(str(error).splitlines() or [''])[0][:160]}"
            print(json.dumps(record), flush=True)


def main():
    args = arguments()
    time_cases(CASES, args.n, args)


if __name__ == "__main__":
    main()
