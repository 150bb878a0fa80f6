"""Thread pools sized to the cores: BLAS one thread once a model loads (unless the user set
OPENBLAS_NUM_THREADS or the like), ONNX Runtime the cores this process may use. Checked in a
fresh process each, since a thread count is process state."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# the thread counts of every OpenBLAS the process loaded, read through their getters
_PROBE = """
import ctypes, json, sys
import numpy, scipy.linalg
from storyweave.nlp import models
models.language_identifier()  # any model: the first load pins the threads
counts = {}
for line in open("/proc/self/maps"):
    path = line.split(maxsplit=5)[-1].strip()
    if "openblas" in path and ".so" in path and path not in counts:
        lib = ctypes.CDLL(path)
        for name in ("scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads",
                     "openblas_get_num_threads"):
            if hasattr(lib, name):
                counts[path] = getattr(lib, name)()
                break
print(json.dumps(counts))
"""


def _blas_threads(env: dict[str, str]) -> dict[str, int]:
    run = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                         text=True, timeout=600, check=True)
    return json.loads(run.stdout)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    return {**env, **extra}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/maps")
def test_blas_runs_one_thread_once_a_model_is_loaded() -> None:
    counts = _blas_threads(_env())
    assert counts, "no OpenBLAS found: numpy and scipy bundle one each"
    assert set(counts.values()) == {1}, counts


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/maps")
@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: nothing to tell")
def test_a_users_blas_setting_wins() -> None:
    counts = _blas_threads(_env(OPENBLAS_NUM_THREADS="2"))
    assert set(counts.values()) == {2}, counts


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="needs sched_setaffinity")
def test_onnx_runtime_gets_the_cores_the_process_may_use() -> None:
    """Limited to one core (as taskset or a cpuset would), the session gets one thread, not
    one per core of the machine."""
    probe = ("import os\n"
             "os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})\n"
             "from storyweave.nlp.models import embedder\n"
             "print(embedder().session.get_session_options().intra_op_num_threads)\n")
    run = subprocess.run([sys.executable, "-c", probe], env=_env(), capture_output=True,
                         text=True, timeout=600, check=True)
    assert run.stdout.split() == ["1"], run.stderr
