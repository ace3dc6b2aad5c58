#!/usr/bin/python3
"""NumPy + SciPy + OpenBLAS peer for the kit's exact sharpness (BENCHMARKS.md, "Exact sharpness at scale").

Run with Debian's interpreter and packages (python3-numpy, python3-scipy; both use Debian's OpenBLAS):

    /usr/bin/python3 tests/Sharpness.Benchmarks/Peer/peer.py lambda DIR [--repeat R] [--tol 1e-13]
    /usr/bin/python3 tests/Sharpness.Benchmarks/Peer/peer.py depth2 DIR [--repeat R]

DIR holds W1.npy … WN.npy (first layer first), as written by
`dotnet run -c Release --project tests/Sharpness.Benchmarks -- peer --write DIR`.

lambda: λmax of K(X) = Σ_i (A_i A_iᵀ) X (B_iᵀ B_i) (theory §2.2; A_i = W_N⋯W_{i+1}, B_i = W_{i-1}⋯W_1), with the
        factors and Gram matrices formed once and scipy.sparse.linalg.eigsh(k=1, which='LA', tol) on a
        LinearOperator, timed from the layers in memory (file reading excluded).
depth2: the λ-only SVD route λ = ‖W2‖₂² + ‖W1‖₂² (np.linalg.norm(·, 2), LAPACK gesdd), timed the same way.

Prints one JSON object: lambda, applications (operator applications inside eigsh), relativeResidual
(‖Kx − λx‖/λ of the returned vector, one extra application not timed), seconds (every repeat), threads.
"""
import json
import os
import sys
import time

import numpy as np
import scipy
from scipy.sparse.linalg import LinearOperator, eigsh


def load(folder):
    layers = []
    i = 1
    while os.path.exists(os.path.join(folder, f"W{i}.npy")):
        layers.append(np.asarray(np.load(os.path.join(folder, f"W{i}.npy")), dtype=np.float64, order="C"))
        i += 1
    if not layers:
        sys.exit(f"{folder}: no W1.npy")
    return layers


def k_operator(layers):
    n_layers = len(layers)
    m, n = layers[-1].shape[0], layers[0].shape[1]
    right = [None] * n_layers  # B_i
    b = np.eye(n)
    for i in range(n_layers):
        right[i] = b
        b = layers[i] @ b
    left = [None] * n_layers  # A_i
    a = np.eye(m)
    for i in reversed(range(n_layers)):
        left[i] = a
        a = a @ layers[i]
    s = [None if i == n_layers - 1 else left[i] @ left[i].T for i in range(n_layers)]
    t = [None if i == 0 else right[i].T @ right[i] for i in range(n_layers)]
    count = [0]

    def matvec(x):
        count[0] += 1
        x = x.reshape(m, n)
        y = np.zeros((m, n))
        for si, ti in zip(s, t):
            sx = x if si is None else si @ x
            y += sx if ti is None else sx @ ti
        return y.reshape(-1)

    return LinearOperator((m * n, m * n), matvec=matvec, dtype=np.float64), count


def threads():
    try:
        from threadpoolctl import threadpool_info
        return [{k: d.get(k) for k in ("internal_api", "num_threads", "version", "architecture")} for d in threadpool_info()]
    except ImportError:
        return os.environ.get("OPENBLAS_NUM_THREADS", "default")


def main(argv):
    mode, folder = argv[1], argv[2]
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 3
    tol = float(argv[argv.index("--tol") + 1]) if "--tol" in argv else 1e-13
    layers = load(folder)
    seconds = []
    result = {}
    for _ in range(repeat):
        if mode == "lambda":
            start = time.perf_counter()
            op, count = k_operator(layers)
            # v0 fixed so repeats are identical (ARPACK's own start is random per call).
            v0 = np.random.default_rng(20250930).uniform(-0.5, 0.5, op.shape[0])
            values, vectors = eigsh(op, k=1, which="LA", tol=tol, v0=v0)
            seconds.append(time.perf_counter() - start)
            applications = count[0]
            lam, x = float(values[0]), vectors[:, 0]
            r = op.matvec(x) - lam * x
            result = {"lambda": lam, "applications": applications,
                      "relativeResidual": float(np.linalg.norm(r) / abs(lam))}
        elif mode == "depth2":
            w1, w2 = layers
            start = time.perf_counter()
            lam = np.linalg.norm(w2, 2) ** 2 + np.linalg.norm(w1, 2) ** 2
            seconds.append(time.perf_counter() - start)
            result = {"lambda": float(lam), "applications": 0, "relativeResidual": None}
        else:
            sys.exit(f"unknown mode {mode}")
    result.update({"mode": mode, "seconds": seconds, "numpy": np.__version__, "scipy": scipy.__version__,
                   "threads": threads()})
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
