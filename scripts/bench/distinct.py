#!/usr/bin/env python3
"""The distinct-parameter cases of issue 16: reparam beside PyTorch in one run.

Each case runs in its own process (so each peak-memory figure is that case's alone), reparam
first, then PyTorch through peer_case.py on ../shared/peers/distinct.py, for several rounds.
Prints M samples/s of rsample + backward of the sum, peak MB of each, and reparam/PyTorch.
vonmises-distinct has no peer: PyTorch's VonMises has no rsample.

    swift build -c release --product reparam-bench
    python3 scripts/bench/distinct.py [--threads N] [--rounds R] [--bench PATH] [--peer PATH] [--cases ...] [--cpu-time]
"""
import argparse, json, os, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--rounds", type=int, default=2)
ap.add_argument("--bench", default=os.path.join(root, ".build/release/reparam-bench"))
ap.add_argument("--peer", default="/work/shared/peers/distinct.py")
ap.add_argument("--no-peer", action="store_true", help="time reparam only")
ap.add_argument("--cpu-time", action="store_true", help="time both by process CPU time (a busy machine; one thread)")
ap.add_argument("--cases", nargs="*", default=["gamma-distinct", "beta-distinct", "dirichlet-distinct",
                                                "studentt-distinct", "vonmises-distinct"])
a = ap.parse_args()

def reparam(case):
    out = subprocess.run([a.bench, "--threads", str(a.threads), "--repeat", "5", "--family", case, "--json"]
                         + (["--cpu-time"] if a.cpu_time else []),
                         check=True, capture_output=True, text=True).stdout
    return next(r for r in json.loads(out) if r["mode"] == "rsample+backward")

def torch(case):
    out = subprocess.run([sys.executable, os.path.join(root, "scripts/bench/peer_case.py"), a.peer, case,
                          "--threads", str(a.threads)] + (["--cpu-time"] if a.cpu_time else []), check=True, capture_output=True, text=True).stdout
    return json.loads(out)

print(f"{'case':20s} {'round':>5s} {'threads':>7s} {'reparam M/s':>12s} {'peak MB':>8s} {'torch M/s':>10s} {'peak MB':>8s} {'ratio':>6s}",
      flush=True)
for round in range(1, a.rounds + 1):
    for case in a.cases:
        r = reparam(case)
        line = f"{case:20s} {round:5d} {a.threads:7d} {r['samples_per_second'] / 1e6:12.2f} {r['peak_rss_mb']:8.0f}"
        if case == "vonmises-distinct" or a.no_peer:
            print(line + f" {'-':>10s} {'-':>8s} {'-':>6s}", flush=True)
            continue
        p = torch(case)
        print(line + f" {p['samples_per_second'] / 1e6:10.2f} {p['peak_rss_mb']:8.0f} {r['samples_per_second'] / p['samples_per_second']:6.2f}",
              flush=True)
