"""Prefect 3 side of Weft's bench (bench/prefect-peer.ts): the same scenarios on a Prefect server, timed.

Usage: python scenarios.py SCENARIO... (chain, fanout, runs); prints one JSON object of figures on its last line.
PREFECT_API_URL names the server. `python scenarios.py serve` serves the diamond deployment that `runs` starts.
"""
import json
import statistics
import subprocess
import sys
import time

from prefect import flow, task
from prefect.client.orchestration import get_client
from prefect.deployments import run_deployment

CHAIN = 100
FAN_OUT = 1000
RUNS = 20


@task
def noop(n=None):
    return {"n": n}


@flow
def chain(length: int):
    for i in range(length):
        noop(i)


@flow
def fan_out(width: int):
    noop("start")
    results = noop.map(range(width)).result()
    noop(len(results))


@flow
def diamond():
    """10 tasks: a -> (b, c, d) -> e -> (f, g) -> h -> i -> j, the shape of diamond10 in bench/flows.ts."""
    noop("a")
    for f in [noop.submit(x) for x in "bcd"]:
        f.wait()
    noop("e")
    for f in [noop.submit(x) for x in "fg"]:
        f.wait()
    for x in "hij":
        noop(x)


def timed(fn, *args):
    started = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - started) * 1000


def median_ms(samples, warm_up, fn, *args):
    warm_up()
    return statistics.median(timed(fn, *args) for _ in range(samples))


def runs_per_second(runs):
    """Flow runs of a served deployment, started as Prefect users start them, until all have finished."""
    server = subprocess.Popen([sys.executable, __file__, "serve"])
    try:
        deployment = None
        for _ in range(120):
            try:
                with get_client(sync_client=True) as client:
                    deployment = client.read_deployment_by_name("diamond/bench")
                break
            except Exception:
                time.sleep(0.5)
        if deployment is None:
            raise RuntimeError("the served diamond deployment never appeared")
        run_deployment("diamond/bench", timeout=None)  # warm-up
        started = time.perf_counter()
        flow_runs = [run_deployment("diamond/bench", timeout=0) for _ in range(runs)]
        with get_client(sync_client=True) as client:
            pending = {r.id for r in flow_runs}
            while pending:
                time.sleep(0.2)
                for run_id in list(pending):
                    state = client.read_flow_run(run_id).state
                    if state and state.is_final():
                        if not state.is_completed():
                            raise RuntimeError(f"flow run {run_id} ended {state.type}")
                        pending.discard(run_id)
        return runs / (time.perf_counter() - started)
    finally:
        server.terminate()
        server.wait(30)


def main(argv):
    if argv == ["serve"]:
        diamond.serve(name="bench", print_starting_message=False)
        return
    figures = {}
    if "chain" in argv:
        figures["chain_ms"] = median_ms(5, lambda: chain(CHAIN), chain, CHAIN)
    if "fanout" in argv:
        figures["fanout_ms"] = median_ms(1, lambda: fan_out(10), fan_out, FAN_OUT)
    if "runs" in argv:
        figures["runs_per_s"] = runs_per_second(RUNS)
    print(json.dumps(figures))


if __name__ == "__main__":
    main(sys.argv[1:])
