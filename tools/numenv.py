"""The one numeric environment in which the book's outputs are stored and checked.

Long float32 training amplifies the last bits of every matrix product, and those bits depend on
which BLAS kernel ran, on how many threads split the sums, and on which SIMD code numpy picked.
So the printed accuracies of chapter 3 are reproducible only if every run uses the same kernels.
The book fixes one environment that every x86-64 CPU of the last decade can run (AVX2 and FMA,
Intel Haswell 2013 and later, AMD Zen): OpenBLAS's Haswell kernels, one thread, numpy's SIMD code
up to the same level (X86_V3, no AVX-512). `apply` gives an environment for a child process (a
Jupyter kernel) that uses it, whatever the machine's own OPENBLAS_* / NPY_* variables say; `probe`
starts a Python with that environment and reports what it really got.

    python tools/numenv.py          # prints what this machine gives, and whether it is the book's
"""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

# What the stored outputs were computed under; recorded in every notebook's metadata.
SPEC = {
    "blas": "openblas",
    "openblas_coretype": "Haswell",
    "blas_threads": 1,
    "numpy": "2.4.6",
    "numpy_simd": "X86_V3",
}
METADATA_KEY = "numeric_environment"

# numpy 2.4's names of the SIMD levels above X86_V3; a name a CPU lacks is ignored by numpy.
NPY_DISABLE = "X86_V4 AVX512_ICL AVX512_SPR"
# Every variable that can change which kernels run or how they split the work.
PREFIXES = ("OPENBLAS_", "GOTO_", "GOTOBLAS_", "NPY_", "OMP_", "MKL_", "BLIS_", "VECLIB_")


def _has_avx2_fma() -> bool:
    """True on an x86-64 Linux CPU with AVX2 and FMA (the Haswell kernels would crash without them)."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    for line in flags.splitlines():
        if line.startswith("flags"):
            words = set(line.split(":", 1)[1].split())
            return {"avx2", "fma"} <= words
    return False


def apply(env: dict | None = None) -> dict:
    """A copy of env (default: os.environ) with the book's numeric environment in place of the machine's."""
    env = dict(os.environ if env is None else env)
    for name in list(env):
        if name.startswith(PREFIXES):
            del env[name]
    env["OPENBLAS_NUM_THREADS"] = env["OMP_NUM_THREADS"] = str(SPEC["blas_threads"])
    env["NPY_DISABLE_CPU_FEATURES"] = NPY_DISABLE
    if platform.machine() in ("x86_64", "AMD64") and _has_avx2_fma():
        env["OPENBLAS_CORETYPE"] = SPEC["openblas_coretype"]
    return env


_PROBE = r"""
import json
import numpy
from numpy._core._multiarray_umath import __cpu_features__ as features
from threadpoolctl import threadpool_info
blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
simd = [level for level in ("X86_V4", "X86_V3", "X86_V2") if features.get(level)]
print(json.dumps({
    "blas": blas[0]["internal_api"] if len(blas) == 1 else "+".join(l["internal_api"] for l in blas),
    "openblas_coretype": blas[0].get("architecture") if len(blas) == 1 else None,
    "blas_threads": blas[0]["num_threads"] if len(blas) == 1 else None,
    "numpy": numpy.__version__,
    "numpy_simd": simd[0] if simd else "none",
}))
"""


def probe(env: dict | None = None, python: str = sys.executable) -> dict:
    """What a Python started with env (default: apply()) really uses: BLAS, kernel, threads, numpy, SIMD."""
    env = apply() if env is None else env
    out = subprocess.run([python, "-c", _PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def differences(found: dict, expected: dict = SPEC) -> list[str]:
    """Human-readable differences between two environments, e.g. "openblas_coretype: SkylakeX, not Haswell"."""
    return [f"{key}: {found.get(key)!r}, not {value!r}" for key, value in expected.items()
            if found.get(key) != value]


def main() -> int:
    found = probe()
    print(json.dumps(found, indent=2))
    diff = differences(found)
    if diff:
        print("Not the book's numeric environment (" + "; ".join(diff) + "): stored outputs are "
              "compared only through the cells' assertions here.")
        return 1
    print("The book's numeric environment: stored outputs reproduce exactly.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
