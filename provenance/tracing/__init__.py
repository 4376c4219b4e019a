"""Tracing: the provenance ledger, one row per input record."""

from provenance.tracing.run import ledger_files, summarize_ledger, trace
from provenance.tracing.tracer import TraceContext, trace_batch, trace_shard

__all__ = [
    "TraceContext",
    "ledger_files",
    "summarize_ledger",
    "trace",
    "trace_batch",
    "trace_shard",
]
