"""Run a command and report its wall time and the peak RSS of its largest process.

python bench/measure.py -- provenance trace ...    # prints {"seconds": ..., "peak_rss_mb": ...}
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    command = sys.argv[sys.argv.index("--") + 1 :]
    started = time.perf_counter()
    completed = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    seconds = time.perf_counter() - started
    # ru_maxrss of children: the largest resident set of any waited-for descendant, in KiB.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_rss_mb": peak,
                "returncode": completed.returncode,
                "stderr": completed.stderr[-2000:],
            }
        )
    )


if __name__ == "__main__":
    main()
