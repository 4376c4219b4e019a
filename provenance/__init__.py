"""provenance: trace every document of a training corpus to its source and licence.

The Python API mirrors the command line: `provenance.trace(...)` does what `provenance trace`
does.
"""

__version__ = "0.1.0"

from provenance.trace import trace

__all__ = ["__version__", "trace"]
