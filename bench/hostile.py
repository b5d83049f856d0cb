"""Hostile bulletin files: how long `bulletins check` and `mkdocs build` take on each, and their peak memory.

The cases are those of tests/test_yaml_bombs.py (tests/bombs.py): an alias bomb, a 10 MB bulletin, a
front-matter of 10,000 keys, values nested 1,000 levels deep. Each command runs in a fresh child process
whose own child is the command, so the peak resident memory printed is that command's alone.

    .venv/bin/python bench/hostile.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import bombs  # noqa: E402
from conftest import SiteDir  # noqa: E402

BIN = Path(sys.executable).parent
# Runs the command given as arguments; prints the peak resident memory of that child, in KiB.
PEAK = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:], capture_output=True).returncode; "
        "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def measure(command: list[str], cwd: Path) -> tuple[int, float, int]:
    """Exit code, seconds and peak memory (MiB) of ``command``."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", PEAK, *command], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=True)
    seconds = time.perf_counter() - start
    code, peak = result.stdout.split()
    return int(code), seconds, int(peak) // 1024


def main() -> None:
    print(f"{'case':40} {'command':16} {'exit':>4} {'time':>7} {'peak RSS':>9}")
    for name, text in bombs.CASES.items():
        root = Path(tempfile.mkdtemp(prefix="bench-hostile-"))
        try:
            site_dir = SiteDir(root / "project")
            site_dir.write("bulletins/x.md", text)
            site_dir.config_file()
            for label, command in (("bulletins check", [str(BIN / "bulletins"), "check", "content"]),
                                   ("mkdocs build", [str(BIN / "mkdocs"), "build", "-q"])):
                code, seconds, peak = measure(command, site_dir.root)
                print(f"{name:40} {label:16} {code:>4} {seconds:>6.2f}s {peak:>6} MiB")
        finally:
            shutil.rmtree(root)


if __name__ == "__main__":
    main()
