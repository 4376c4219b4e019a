"""provenance: trace every document of a training corpus to its source and licence.

The Python API mirrors the command line, with the same names: `provenance.trace(...)` does
what `provenance trace` does, and so do `release`, `verify`, `check`, `explain`, `keygen`
and `test_policy` (`provenance policy test`).
"""

__version__ = "0.1.0"

from provenance.policy.commands import check, explain, test_policy
from provenance.releasing import keygen, release
from provenance.releasing.verify import verify
from provenance.tracing import trace

__all__ = ["__version__", "check", "explain", "keygen", "release", "test_policy", "trace", "verify"]
