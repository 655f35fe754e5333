"""What the CLI test modules share: the builds under test, running `tide`, and reading its
tables. test_cli.py, test_cli_figures.py, test_cli_audio.py and test_cli_bad_inputs.py (and,
through them, test_cli_generate.py and acceptance_rapsd.py) import these.

BUILDS is ("native", "wasm") when TIDE_WASM names the WebAssembly CLI, else ("native",);
COMMANDS maps each build to the argv prefix that runs it, filled by commands_from_env() in each
module's setUpModule.
"""
import os
import resource
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List, NamedTuple

import numpy as np

BUILDS = ("native", "wasm") if os.environ.get("TIDE_WASM") else ("native",)
NO_WASM = "TIDE_WASM is not set: only the native build is tested"
COMMANDS: Dict[str, List[str]] = {}  # build -> argv prefix, set by commands_from_env()
RUN_TIMEOUT_S = 120  # any run; a hang fails the test instead of stalling it


def commands_from_env(native, wasm, node):
    """COMMANDS for the builds under test: the native `tide`, and the WebAssembly one under node."""
    COMMANDS["native"] = [native]
    if wasm:
        COMMANDS["wasm"] = [node, "--no-experimental-fetch", wasm]


class Run(NamedTuple):
    code: int
    out: str
    err: str
    seconds: float


class Table(NamedTuple):
    header: str
    cells: List[List[str]]  # the numbers as printed
    values: np.ndarray      # rows x columns, float64


def run_cli(argv, timeout=RUN_TIMEOUT_S, address_space=None) -> Run:
    """Runs argv with a timeout (and, natively, an optional address-space limit in bytes);
    stdout and stderr decoded as UTF-8 without newline translation."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    t0 = time.monotonic()
    p = subprocess.run([str(a) for a in argv], capture_output=True, timeout=timeout, check=False,
                       preexec_fn=limit if address_space else None)
    return Run(p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"),
               time.monotonic() - t0)


def run_many(argvs, timeout=RUN_TIMEOUT_S) -> List[Run]:
    """run_cli on each argv, in parallel (node's start-up dominates); results in order."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(pool.map(lambda argv: run_cli(argv, timeout), argvs))


def both(*args) -> List[List[str]]:
    """The argv of `tide ARGS` for each build, in BUILDS order."""
    return [COMMANDS[build] + [str(a) for a in args] for build in BUILDS]


def parse_table(text) -> Table:
    """A CSV table as `tide` prints it; ValueError unless every row has the header's width."""
    if not text.endswith("\n"):
        raise ValueError("output does not end with a newline")
    header, *rows = text[:-1].split("\n")
    width = len(header.split(","))
    cells = [row.split(",") for row in rows]
    if any(len(c) != width for c in cells):
        raise ValueError(f"a row without exactly {width} fields")
    return Table(header, cells, np.array([[float(v) for v in c] for c in cells], dtype=np.float64).reshape(-1, width))


def relative_errors(a, b, floor=0.0):
    """|a-b| / max(|a|, |b|, floor) elementwise, 0 where both are equal."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    diff = np.abs(a - b)
    return np.divide(diff, scale, out=np.where(diff == 0, 0.0, np.inf), where=scale > 0)
