#!/usr/bin/env python3
"""reparam against PyTorch on every family both sample with rsample: one thread, CPU time, one run.

Issue 12's speed target: for every family PyTorch also samples with rsample, reparam's rsample(n) +
backward of the mean on one thread at least as fast as PyTorch's. This runs reparam-bench (release
build) and PyTorch (catalog.py and multivariate.py, the same cases and parameters) in alternation for
R rounds, each timing by process CPU time (--cpu-time: the machine is shared), and prints a Markdown
table: per family the median over rounds of each side's median call, and the ratio torch / reparam
(above 1: reparam is faster). n = 1,000,000 draws per call; the multivariate cases 10,000.

Families: torch.distributions' classes with has_rsample in 2.15, matched to reparam's families.
LogisticNormal is timed against torch's, a different law of the same name and the same work (torch's is
stick-breaking, reparam's the additive logistic normal). Left out: Independent (a reshaping wrapper, no
family of its own), and Wishart, whose rsample((n,)) backward raises
in torch 2.15 (its row prints the error).

usage: parity.py [--binary PATH] [--rounds R] [--repeat K] [--family NAME]...
       default binary: .build-release/release/reparam-bench (swift build -c release --product reparam-bench --scratch-path .build-release)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

UNIVARIATE = ["normal", "lognormal", "uniform", "exponential", "laplace", "cauchy", "gumbel", "gamma", "chi2", "beta",
              "dirichlet", "studentt", "inversegamma", "weibull", "kumaraswamy", "pareto", "halfnormal", "halfcauchy",
              "fishersnedecor", "logitnormal", "continuousbernoulli", "generalizedpareto", "relaxedbernoulli",
              "relaxedcategorical", "transformed", "logisticnormal", "onehotcategoricalst"]
MULTIVARIATE = ["mvn50-scaletril", "mvn50-covariance", "lowrank50", "wishart5"]
MODE = "rsample+backward"


def run_json_lines(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def reparam(binary, families, repeat):
    command = [binary, "--threads", "1", "--cpu-time", "--json", "--repeat", str(repeat)]
    for f in families:
        command += ["--family", f]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return {r["family"]: r["seconds_median"] for r in json.loads(out) if r["mode"] == MODE}


def torch(families, repeat):
    times, errors = {}, {}
    for script, names in (("catalog.py", UNIVARIATE), ("multivariate.py", MULTIVARIATE)):
        chosen = [f for f in families if f in names]
        if not chosen:
            continue
        command = [sys.executable, os.path.join(HERE, script), "--threads", "1", "--cpu-time", "--repeat", str(repeat)]
        for f in chosen:
            command += ["--family", f]
        for r in run_json_lines(command):
            if r["mode"] != MODE:
                continue
            if "error" in r:
                errors[r["family"]] = r["error"]
            else:
                times[r["family"]] = r["seconds_median"]
    return times, errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build-release", "release", "reparam-bench"))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--family", action="append", default=[])
    args = parser.parse_args()
    families = args.family or UNIVARIATE + MULTIVARIATE
    ours, theirs, errors = {}, {}, {}
    for _ in range(args.rounds):
        for f, s in reparam(args.binary, families, args.repeat).items():
            ours.setdefault(f, []).append(s)
        t, e = torch(families, args.repeat)
        for f, s in t.items():
            theirs.setdefault(f, []).append(s)
        errors.update(e)
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| family | n | reparam ms | PyTorch ms | PyTorch / reparam |")
    print("|---|---:|---:|---:|---:|")
    for f in families:
        n = "10,000" if f in MULTIVARIATE else "1,000,000"
        r = statistics.median(ours[f]) * 1e3 if f in ours else None
        t = statistics.median(theirs[f]) * 1e3 if f in theirs else None
        cell = lambda v: f"{v:.1f}" if v is not None else "—"
        ratio = f"{t / r:.2f}×" if r and t else ("PyTorch raises: " + errors[f][:60] if f in errors else "—")
        print(f"| {f} | {n} | {cell(r)} | {cell(t)} | {ratio} |")


if __name__ == "__main__":
    main()
