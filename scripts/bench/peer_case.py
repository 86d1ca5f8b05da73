#!/usr/bin/env python3
"""One case of ../shared/peers/distinct.py in this process, with its peak memory.

distinct.py times all its cases in one process, so its peak memory is the whole run's.
This runs one case alone: it executes distinct.py's own definitions (everything before
its timing loop, so the recipe and the calls are exactly the peer's), times the case
the same way (median of 5 calls) and prints one JSON record with the process's max RSS.

usage: peer_case.py PATH/TO/distinct.py CASE [--threads N] [--n COUNT] [--cpu-time]
       --cpu-time: time by process CPU time (for a busy machine), as reparam-bench --cpu-time does
       CASE: gamma-distinct | beta-distinct | dirichlet-distinct | studentt-distinct (the peer's), or
             inversegamma-distinct | chi2-distinct | fishersnedecor-distinct (defined here on the peer's recipe)
"""
import json, resource, sys, time

path, case, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
clock = time.perf_counter
if "--cpu-time" in rest:
    rest.remove("--cpu-time")
    clock = time.process_time
source = open(path).read()
marker = "records = []"
if marker not in source:
    sys.exit(f"peer_case.py: {path} has no '{marker}' line; its layout changed")
definitions = source[: source.index(marker)]
sys.argv = [path] + rest
scope = {"__name__": "distinct_definitions"}
exec(compile(definitions, path, "exec"), scope)
# The catalog's implicit families that PyTorch also rsamples, on the peer's own recipe (alphas, bs):
# ours, not the peer script's, which has none of them (reparam-bench's cases of the same names).
torch = scope["torch"]
alphas, bs = scope["alphas"], scope["bs"]
def inversegamma():
    x = alphas.clone().requires_grad_(); torch.distributions.InverseGamma(x, torch.ones(())).rsample().sum().backward()
def chi2():
    x = (alphas * 2).requires_grad_(); torch.distributions.Chi2(x).rsample().sum().backward()
def fishersnedecor():
    x = (alphas * 2).requires_grad_(); y = (bs * 2).requires_grad_(); torch.distributions.FisherSnedecor(x, y).rsample().sum().backward()
scope.update(inversegamma=inversegamma, chi2=chi2, fishersnedecor=fishersnedecor)
functions = {"gamma-distinct": "gamma", "beta-distinct": "beta", "dirichlet-distinct": "dirichlet", "studentt-distinct": "studentt",
             "inversegamma-distinct": "inversegamma", "chi2-distinct": "chi2", "fishersnedecor-distinct": "fishersnedecor"}
if case not in functions:
    sys.exit(f"peer_case.py: unknown case {case}; known: {', '.join(functions)}")
f = scope[functions[case]]
times = []
for _ in range(5):
    t0 = clock(); f(); times.append(clock() - t0)
times.sort()
n, threads = scope["n"], scope["a"].threads
print(json.dumps({"peer": "torch", "family": case, "n": n, "threads": threads, "samples_per_second": n / times[2],
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
