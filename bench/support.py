"""What every bench module shares: the project root, the quick switch and the log line."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUICK = os.environ.get("BENCH_QUICK") == "1"


def log(message: str) -> None:
    # stderr: a bench module's stdout may be read as its result.
    print(f"[bench] {message}", file=sys.stderr, flush=True)
