#!/usr/bin/python3
"""Peer GD loops for the side-by-side measurements of BENCHMARKS.md (issue 18).

Run with Debian's Python (python3-numpy with OpenBLAS, python3-numba, python3-scipy), with the OpenBLAS variables of
this machine unset in that command only:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tests/Sharpness.Benchmarks/Dynamics/gd_peers.py

It prints one JSON object per line: the BLAS kernel threadpoolctl reports, then each peer's steps per second (wall
clock, best of several repeats) and steps per CPU-second (process time, which a shared machine disturbs less).

The workload is the kit's (GdQuickCheck and GdPeerBenchmarks): the Figure-1 depth-2 setting, L 10x20, R 20x20
(W2 = L, W1 = R^T, M = W2 W1), plain arithmetic, the step of theory section 3: E = W2 W1 - M, loss = 1/2 ||E||_F^2
(divergence check every step), G2 = E W1^T, G1 = W2^T E (taken before W2 moves), W -= eta G. The step size is
eta = 2c / lambda* with lambda* = ||W1||_2^2 + ||W2||_2^2 (depth 2 at a zero-loss point: H = J^T J and J J^T is the
Kronecker sum W1^T W1 (+) W2 W2^T). Delta mode iterates on D = W - W* with E = W2 D1 + D2 W1*.

Peers:
  numpy        the loop above in NumPy (each product one OpenBLAS dgemm call), single thread
  numba-blas   the same loop @njit, np.dot -> BLAS through scipy's cython_blas, single thread
  numba-loops  @njit with explicit triple loops (LLVM vectorizes them; IEEE semantics, no fastmath)
  numba-loops-vec  the same with every inner loop over a contiguous index (E W1^T through a transposed copy of W1,
               four partial sums for the loss), so all three products vectorize: the strongest explicit-loop peer
  numba-sweep  16 runs (c = 0.90..0.99), 50 000 steps each, prange over runs on 2 threads, explicit loops
               (both loop variants)
  numba-sweep-blas  the same sweep with np.dot inside prange (OpenBLAS limited to 1 thread per call)
"""
import json
import os
import sys
import time

import numpy as np
import numba
from numba import njit, prange
from threadpoolctl import threadpool_info, threadpool_limits

M_ROWS, N_COLS, D_INNER = 10, 20, 20
SINGLE_STEPS = 20_000
SWEEP_RUNS, SWEEP_STEPS = 16, 50_000
BOUND = 1e12


def setting(seed=1):
    rng = np.random.default_rng(seed)
    left = rng.standard_normal((M_ROWS, D_INNER))
    right = rng.standard_normal((N_COLS, D_INNER))
    w1 = np.ascontiguousarray(right.T)  # d x n
    w2 = left.copy()                    # m x d
    target = w2 @ w1
    lam = np.linalg.norm(w1, 2) ** 2 + np.linalg.norm(w2, 2) ** 2
    return w1, w2, target, lam


def start(w1, w2, seed=3, radius=1e-3):
    rng = np.random.default_rng(seed)
    return w1 + radius * rng.standard_normal(w1.shape), w2 + radius * rng.standard_normal(w2.shape)


def numpy_plain(w1, w2, target, eta, steps):
    w1 = w1.copy(); w2 = w2.copy()
    for _ in range(steps):
        e = w2 @ w1 - target
        loss = 0.5 * float(np.vdot(e, e))
        if not (loss <= BOUND):
            break
        g2 = e @ w1.T
        g1 = w2.T @ e
        w2 -= eta * g2
        w1 -= eta * g1
    return loss


def numpy_delta(w1s, w2s, d1, d2, eta, steps):
    d1 = d1.copy(); d2 = d2.copy()
    for _ in range(steps):
        w1 = w1s + d1; w2 = w2s + d2
        e = w2 @ d1 + d2 @ w1s
        loss = 0.5 * float(np.vdot(e, e))
        if not (loss <= BOUND):
            break
        g2 = e @ w1.T
        g1 = w2.T @ e
        d2 -= eta * g2
        d1 -= eta * g1
    return loss


@njit(cache=False)
def numba_blas_plain(w1, w2, target, eta, steps):
    w1 = w1.copy(); w2 = w2.copy()
    loss = 0.0
    for _ in range(steps):
        e = np.dot(w2, w1) - target
        loss = 0.5 * np.sum(e * e)
        if not (loss <= BOUND):
            break
        g2 = np.dot(e, w1.T)
        g1 = np.dot(w2.T, e)
        w2 -= eta * g2
        w1 -= eta * g1
    return loss


@njit(cache=False)
def numba_blas_delta(w1s, w2s, d1, d2, eta, steps):
    d1 = d1.copy(); d2 = d2.copy()
    loss = 0.0
    for _ in range(steps):
        w1 = w1s + d1; w2 = w2s + d2
        e = np.dot(w2, d1) + np.dot(d2, w1s)
        loss = 0.5 * np.sum(e * e)
        if not (loss <= BOUND):
            break
        g2 = np.dot(e, w1.T)
        g1 = np.dot(w2.T, e)
        d2 -= eta * g2
        d1 -= eta * g1
    return loss


@njit(cache=False)
def _loops_step(w1, w2, target, eta, e, g1, g2):
    m, d = w2.shape
    n = w1.shape[1]
    loss = 0.0
    for i in range(m):
        for j in range(n):
            e[i, j] = -target[i, j]
        for p in range(d):
            a = w2[i, p]
            for j in range(n):
                e[i, j] += a * w1[p, j]
        for j in range(n):
            loss += e[i, j] * e[i, j]
    loss *= 0.5
    if not (loss <= BOUND):
        return loss
    # g1 = w2^T e (d x n), g2 = e w1^T (m x d), both before the update
    for p in range(d):
        for j in range(n):
            g1[p, j] = 0.0
    for i in range(m):
        for p in range(d):
            a = w2[i, p]
            for j in range(n):
                g1[p, j] += a * e[i, j]
    for i in range(m):
        for p in range(d):
            s = 0.0
            for j in range(n):
                s += e[i, j] * w1[p, j]
            g2[i, p] = s
    for i in range(m):
        for p in range(d):
            w2[i, p] -= eta * g2[i, p]
    for p in range(d):
        for j in range(n):
            w1[p, j] -= eta * g1[p, j]
    return loss


@njit(cache=False)
def _loops_step_vec(w1, w2, target, eta, e, g1, g2, w1t):
    # The same step with every inner loop over a contiguous index (LLVM vectorizes all three products, IEEE order
    # kept, no fastmath): G2 = E W1^T reads a per-step transposed copy of W1, and the loss has four partial sums.
    m, d = w2.shape
    n = w1.shape[1]
    for i in range(m):
        for j in range(n):
            e[i, j] = -target[i, j]
        for p in range(d):
            a = w2[i, p]
            for j in range(n):
                e[i, j] += a * w1[p, j]
    s0 = 0.0; s1 = 0.0; s2 = 0.0; s3 = 0.0
    for i in range(m):
        j = 0
        while j + 4 <= n:
            s0 += e[i, j] * e[i, j]; s1 += e[i, j + 1] * e[i, j + 1]
            s2 += e[i, j + 2] * e[i, j + 2]; s3 += e[i, j + 3] * e[i, j + 3]
            j += 4
        while j < n:
            s0 += e[i, j] * e[i, j]
            j += 1
    loss = 0.5 * ((s0 + s1) + (s2 + s3))
    if not (loss <= BOUND):
        return loss
    for p in range(d):
        for j in range(n):
            g1[p, j] = 0.0
            w1t[j, p] = w1[p, j]
    for i in range(m):
        for p in range(d):
            a = w2[i, p]
            for j in range(n):
                g1[p, j] += a * e[i, j]
    for i in range(m):
        for p in range(d):
            g2[i, p] = 0.0
        for j in range(n):
            a = e[i, j]
            for p in range(d):
                g2[i, p] += a * w1t[j, p]
    for i in range(m):
        for p in range(d):
            w2[i, p] -= eta * g2[i, p]
    for p in range(d):
        for j in range(n):
            w1[p, j] -= eta * g1[p, j]
    return loss


@njit(cache=False)
def numba_loops_vec_plain(w1, w2, target, eta, steps):
    w1 = w1.copy(); w2 = w2.copy()
    e = np.empty(target.shape); g1 = np.empty(w1.shape); g2 = np.empty(w2.shape); w1t = np.empty((w1.shape[1], w1.shape[0]))
    loss = 0.0
    for _ in range(steps):
        loss = _loops_step_vec(w1, w2, target, eta, e, g1, g2, w1t)
        if not (loss <= BOUND):
            break
    return loss


@njit(parallel=True, cache=False)
def numba_sweep_loops_vec(w1s, w2s, target, etas, starts1, starts2, steps):
    runs = etas.shape[0]
    out = np.empty(runs)
    for r in prange(runs):
        out[r] = numba_loops_vec_plain(starts1[r], starts2[r], target, etas[r], steps)
    return out


@njit(cache=False)
def numba_loops_plain(w1, w2, target, eta, steps):
    w1 = w1.copy(); w2 = w2.copy()
    e = np.empty(target.shape); g1 = np.empty(w1.shape); g2 = np.empty(w2.shape)
    loss = 0.0
    for _ in range(steps):
        loss = _loops_step(w1, w2, target, eta, e, g1, g2)
        if not (loss <= BOUND):
            break
    return loss


@njit(parallel=True, cache=False)
def numba_sweep_loops(w1s, w2s, target, etas, starts1, starts2, steps):
    runs = etas.shape[0]
    out = np.empty(runs)
    for r in prange(runs):
        w1 = starts1[r].copy(); w2 = starts2[r].copy()
        e = np.empty(target.shape); g1 = np.empty(w1.shape); g2 = np.empty(w2.shape)
        loss = 0.0
        for _ in range(steps):
            loss = _loops_step(w1, w2, target, etas[r], e, g1, g2)
            if not (loss <= BOUND):
                break
        out[r] = loss
    return out


@njit(parallel=True, cache=False)
def numba_sweep_blas(w1s, w2s, target, etas, starts1, starts2, steps):
    runs = etas.shape[0]
    out = np.empty(runs)
    for r in prange(runs):
        out[r] = numba_blas_plain(starts1[r], starts2[r], target, etas[r], steps)
    return out


def timed(label, fn, steps, repeats, extra=None):
    fn()  # compile / warm up
    best_wall, best_cpu = float("inf"), float("inf")
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    rec = {"peer": label, "steps": steps, "best_wall_s": best_wall, "steps_per_s": steps / best_wall,
           "best_cpu_s": best_cpu, "steps_per_cpu_s": steps / best_cpu}
    if extra:
        rec.update(extra)
    print(json.dumps(rec), flush=True)
    return rec


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print(json.dumps({"threadpoolctl": threadpool_info(), "numpy": np.__version__, "numba": numba.__version__,
                      "env_OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
                      "loadavg": os.getloadavg()}), flush=True)
    w1, w2, target, lam = setting()
    s1, s2 = start(w1, w2)
    eta = 2 * 0.95 / lam
    with threadpool_limits(limits=1, user_api="blas"):
        timed("numpy plain", lambda: numpy_plain(s1, w2 if False else s2, target, eta, SINGLE_STEPS // 4), SINGLE_STEPS // 4, repeats)
        timed("numpy delta", lambda: numpy_delta(w1, w2, s1 - w1, s2 - w2, eta, SINGLE_STEPS // 4), SINGLE_STEPS // 4, repeats)
        timed("numba-blas plain", lambda: numba_blas_plain(s1, s2, target, eta, SINGLE_STEPS), SINGLE_STEPS, repeats)
        timed("numba-blas delta", lambda: numba_blas_delta(w1, w2, s1 - w1, s2 - w2, eta, SINGLE_STEPS), SINGLE_STEPS, repeats)
        timed("numba-loops plain", lambda: numba_loops_plain(s1, s2, target, eta, SINGLE_STEPS), SINGLE_STEPS, repeats)
        timed("numba-loops-vec plain", lambda: numba_loops_vec_plain(s1, s2, target, eta, SINGLE_STEPS), SINGLE_STEPS, repeats)
        cs = np.linspace(0.90, 0.99, SWEEP_RUNS)
        etas = 2 * cs / lam
        rng = np.random.default_rng(5)
        st1 = np.stack([w1 + 1e-10 * rng.standard_normal(w1.shape) for _ in cs])
        st2 = np.stack([w2 + 1e-10 * rng.standard_normal(w2.shape) for _ in cs])
        numba.set_num_threads(min(2, numba.config.NUMBA_NUM_THREADS))
        total = SWEEP_RUNS * SWEEP_STEPS
        timed("numba-sweep loops prange", lambda: numba_sweep_loops(w1, w2, target, etas, st1, st2, SWEEP_STEPS), total, max(1, repeats - 1),
              {"threads": numba.get_num_threads()})
        timed("numba-sweep loops-vec prange", lambda: numba_sweep_loops_vec(w1, w2, target, etas, st1, st2, SWEEP_STEPS), total, max(1, repeats - 1),
              {"threads": numba.get_num_threads()})
        timed("numba-sweep blas prange", lambda: numba_sweep_blas(w1, w2, target, etas, st1, st2, SWEEP_STEPS), total, max(1, repeats - 1),
              {"threads": numba.get_num_threads()})
    print(json.dumps({"loadavg_end": os.getloadavg()}), flush=True)


if __name__ == "__main__":
    main()
