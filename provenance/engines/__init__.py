"""Engines: they only schedule the unit of work (one input shard) and return results in input
order, so every engine gives byte-identical releases.

- `serial`: one after another, in this process;
- `local`: a pool of worker processes (`--workers N`, default: all cores);
- `ray`: Ray tasks on a local instance or an existing cluster (`pip install 'provenance[ray]'`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from provenance.errors import UserError

Unit = TypeVar("Unit")
Result = TypeVar("Result")
Work = Callable[[Any, Any], Any]
ENGINES = ("serial", "local", "ray")


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_serial(work: Work, units: Sequence[Any], context: Any, progress=None) -> list[Any]:
    results = []
    for unit in units:
        results.append(work(unit, context))
        if progress:
            progress(unit, results[-1])
    return results


def run_local(
    work: Work, units: Sequence[Any], context: Any, workers: int, progress=None
) -> list[Any]:
    """A process pool; results come back in input order whatever order they finish in."""
    if workers <= 1 or len(units) <= 1:
        return run_serial(work, units, context, progress)
    # Spawned, not forked: forking a process that runs polars' and Arrow's threads can deadlock.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(units)), mp_context=spawn) as pool:
        futures = [pool.submit(work, unit, context) for unit in units]
        results = []
        for unit, future in zip(units, futures, strict=True):
            results.append(future.result())
            if progress:
                progress(unit, results[-1])
        return results


def run_ray(
    work: Work, units: Sequence[Any], context: Any, address: str | None, progress=None
) -> list[Any]:
    """Ray tasks, one per unit; `address` joins an existing cluster, else a local instance."""
    try:
        import ray
    except ImportError:
        raise UserError(
            "the Ray engine needs Ray: pip install 'provenance[ray]' (or pip install ray)"
        ) from None
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    try:
        remote = ray.remote(work)
        context_ref = ray.put(context)
        references = [remote.remote(unit, context_ref) for unit in units]
        results = []
        for unit, reference in zip(units, references, strict=True):
            results.append(ray.get(reference))
            if progress:
                progress(unit, results[-1])
        return results
    finally:
        if started_here:
            ray.shutdown()


def run(
    engine: str,
    work: Work,
    units: Sequence[Any],
    context: Any,
    workers: int | None = None,
    address: str | None = None,
    progress=None,
) -> list[Any]:
    """Schedule `work(unit, context)` over units with an engine; results in input order."""
    if engine == "serial":
        return run_serial(work, units, context, progress)
    if engine == "local":
        return run_local(work, units, context, workers or default_workers(), progress)
    if engine == "ray":
        return run_ray(work, units, context, address, progress)
    raise UserError(f"--engine {engine!r}: expected one of {', '.join(ENGINES)}")
