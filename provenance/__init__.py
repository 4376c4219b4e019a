"""provenance: trace every document of a training corpus to its source and licence.

The Python API mirrors the command line, with the same names: `provenance.trace(...)` does
what `provenance trace` does, and so do `release`, `verify`, `check`, `explain`, `keygen`
and `test_policy` (`provenance policy test`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

from provenance.imports import exported_on_first_use

if TYPE_CHECKING:
    from provenance.policy.commands import check, explain, test_policy
    from provenance.releasing import keygen, release
    from provenance.releasing.verify import verify
    from provenance.tracing import trace

# Each command imports only what it needs (a short `verify` should not load the tracer).
__getattr__ = exported_on_first_use(
    __name__,
    {
        "check": "provenance.policy.commands",
        "explain": "provenance.policy.commands",
        "test_policy": "provenance.policy.commands",
        "keygen": "provenance.releasing.signing",
        "release": "provenance.releasing.run",
        "verify": "provenance.releasing.verify",
        "trace": "provenance.tracing",
    },
)
__all__ = ["__version__", "check", "explain", "keygen", "release", "test_policy", "trace", "verify"]
