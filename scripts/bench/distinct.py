#!/usr/bin/env python3
"""The distinct-parameter cases of issue 16: reparam beside PyTorch in one run.

Each case runs in its own process (so each peak-memory figure is that case's alone), reparam
first, then PyTorch through peer_case.py on ../shared/peers/distinct.py, for several rounds.
Prints M samples/s of rsample + backward of the sum, peak MB of each, and reparam/PyTorch.
vonmises-distinct has no peer: PyTorch's VonMises has no rsample; nor have the catalog's
inversegaussian-, generalizedgamma- and truncatednormal-distinct (`--cases`).

With several thread counts (`--threads 1 2`) every case runs at each in the same round, and a
summary gives each count's median M/s over the rounds and its ratio to the first count's
(wall time: CPU time adds the threads up, so `--cpu-time` measures the total work instead).
The load average is printed before and after: on a shared machine it says how far to trust
wall-clock scaling.

    swift build -c release --product reparam-bench
    python3 scripts/bench/distinct.py [--threads N ...] [--rounds R] [--bench PATH] [--peer PATH] [--cases ...] [--cpu-time] [--baseline PATH]
"""
import argparse, json, os, statistics, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, nargs="+", default=[1])
ap.add_argument("--rounds", type=int, default=2)
ap.add_argument("--bench", default=os.path.join(root, ".build/release/reparam-bench"))
ap.add_argument("--peer", default="/work/shared/peers/distinct.py")
ap.add_argument("--no-peer", action="store_true", help="time reparam only")
ap.add_argument("--baseline", help="another reparam-bench (e.g. main's) timed in the same run, for before/after")
ap.add_argument("--cpu-time", action="store_true", help="time both by process CPU time (a busy machine; one thread)")
ap.add_argument("--cases", nargs="*", default=["gamma-distinct", "beta-distinct", "dirichlet-distinct",
                                                "studentt-distinct", "vonmises-distinct"],
                help="the cases to run (default: the five above); also the catalog's inversegamma-, chi2-, fishersnedecor- (with PyTorch), "
                     "inversegaussian-, generalizedgamma-, truncatednormal-distinct (no PyTorch rsample)")
# Cases PyTorch cannot rsample: reparam only.
no_peer_cases = {"vonmises-distinct", "inversegaussian-distinct", "generalizedgamma-distinct", "truncatednormal-distinct"}
a = ap.parse_args()

def reparam(case, threads, bench=None):
    out = subprocess.run([bench or a.bench, "--threads", str(threads), "--repeat", "5", "--family", case, "--json"]
                         + (["--cpu-time"] if a.cpu_time else []),
                         check=True, capture_output=True, text=True).stdout
    return next(r for r in json.loads(out) if r["mode"] == "rsample+backward")

def torch(case, threads):
    out = subprocess.run([sys.executable, os.path.join(root, "scripts/bench/peer_case.py"), a.peer, case,
                          "--threads", str(threads)] + (["--cpu-time"] if a.cpu_time else []), check=True, capture_output=True, text=True).stdout
    return json.loads(out)

def load():
    return " ".join(open("/proc/loadavg").read().split()[:3])

print(f"load average {load()}; {'CPU' if a.cpu_time else 'wall'} time", flush=True)
print(f"{'case':20s} {'round':>5s} {'threads':>7s} {'reparam M/s':>12s} {'peak MB':>8s} {'torch M/s':>10s} {'peak MB':>8s} {'ratio':>6s}"
      + (f" {'baseline M/s':>13s}" if a.baseline else ""), flush=True)
figures = {}
for round in range(1, a.rounds + 1):
    for case in a.cases:
        for threads in a.threads:
            r = reparam(case, threads)
            figures.setdefault((case, threads), []).append(r["samples_per_second"] / 1e6)
            line = f"{case:20s} {round:5d} {threads:7d} {r['samples_per_second'] / 1e6:12.2f} {r['peak_rss_mb']:8.0f}"
            if case in no_peer_cases or a.no_peer:
                line += f" {'-':>10s} {'-':>8s} {'-':>6s}"
            else:
                p = torch(case, threads)
                line += f" {p['samples_per_second'] / 1e6:10.2f} {p['peak_rss_mb']:8.0f} {r['samples_per_second'] / p['samples_per_second']:6.2f}"
            if a.baseline:
                try:
                    line += f" {reparam(case, threads, a.baseline)['samples_per_second'] / 1e6:13.2f}"
                except subprocess.CalledProcessError:  # a baseline from before the case existed
                    line += f" {'-':>13s}"
            print(line, flush=True)
print(f"load average {load()}", flush=True)
if len(a.threads) > 1:
    first = a.threads[0]
    print(f"\nmedian reparam M/s over {a.rounds} round(s), and the ratio to {first} thread(s):")
    for case in a.cases:
        base = statistics.median(figures[(case, first)])
        print(f"{case:20s} " + "  ".join(f"{t} threads {statistics.median(figures[(case, t)]):7.2f} ({statistics.median(figures[(case, t)]) / base:4.2f}x)"
                                          for t in a.threads))
