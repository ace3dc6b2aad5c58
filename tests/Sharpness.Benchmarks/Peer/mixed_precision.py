#!/usr/bin/python3
"""NumPy prototype behind the kit's mixed-precision K eigensolver (src/Sharpness/Exact/MixedPrecisionTop.cs).

    /usr/bin/python3 tests/Sharpness.Benchmarks/Peer/mixed_precision.py DEPTH WIDTH [SEED]

Builds a depth-DEPTH network of square Gaussian layers (entries N(0, 1/width), as the benchmark instances), the operator
K(X) = sum_i S_i X T_i (theory 2.2), and counts the cost of reaching the relative eigen-residual 1e-13 in double-precision
K applications, a single-precision application counted as 1/2 (sgemm has twice dgemm's throughput with OpenBLAS on
AVX-512; measured 96 vs 48 GFlop/s at n = 600 here). Methods:
  lanczos   double-precision Lanczos, full reorthogonalization, Paige stop at 1e-13 (+1 residual application)
  relaxed   the same, products switched to single once the Paige estimate is below 1e-7 (inexact Krylov)
  refine    Lanczos on single-precision products to 1e-5, then Rayleigh-Ritz in double with corrections from CG on the
            Jacobi-Davidson correction equation (single-precision products), no preconditioner
  deflated  the same with the kit's preconditioner: the next 5 Ritz vectors of the single-precision run deflated
"""
import sys
import numpy as np
from scipy.linalg import eigh_tridiagonal


def instance(seed, depth, width):
    rng = np.random.default_rng(seed)
    ws = [rng.standard_normal((width, width)) / np.sqrt(width) for _ in range(depth)]
    n_layers, m, n = len(ws), ws[-1].shape[0], ws[0].shape[1]
    right, b = [None] * n_layers, np.eye(n)
    for i in range(n_layers):
        right[i] = b
        b = ws[i] @ b
    left, a = [None] * n_layers, np.eye(m)
    for i in reversed(range(n_layers)):
        left[i] = a
        a = a @ ws[i]
    s = [None if i == n_layers - 1 else left[i] @ left[i].T for i in range(n_layers)]
    t = [None if i == 0 else right[i].T @ right[i] for i in range(n_layers)]
    return s, t, m, n


class Op:
    def __init__(self, s, t, m, n, dtype):
        self.m, self.n, self.dtype = m, n, dtype
        self.s = [None if a is None else a.astype(dtype) for a in s]
        self.t = [None if a is None else a.astype(dtype) for a in t]
        self.count = 0

    def __call__(self, x):
        self.count += 1
        x = x.reshape(self.m, self.n).astype(self.dtype)
        y = np.zeros((self.m, self.n), self.dtype)
        for a, b in zip(self.s, self.t):
            ax = x if a is None else a @ x
            y += ax if b is None else ax @ b
        return y.reshape(-1).astype(np.float64)


def lanczos(op, v0, tol, single=None, switch=0.0, maxit=400):
    """Full-reorthogonalization Lanczos in double; products by `single` once the Paige estimate < switch."""
    q = v0 / np.linalg.norm(v0)
    basis, al, be, est = np.zeros((maxit + 1, v0.size)), [], [], 1.0
    for k in range(maxit):
        basis[k] = q
        w = single(q) if single is not None and est < switch else op(q)
        al.append(q @ w)
        for _ in range(2):
            w -= basis[:k + 1].T @ (basis[:k + 1] @ w)
        b = np.linalg.norm(w)
        th, sv = eigh_tridiagonal(np.array(al), np.array(be))
        est = abs(b * sv[-1, -1]) / abs(th[-1])
        if est <= tol or k == maxit - 1:
            return th, sv, basis[:k + 1], k + 1
        be.append(b)
        q = w / b


def refined(op, single, v0, deflate, tol32=1e-5, cg_rtol=1e-4, target=1e-13, max_outer=6):
    th, sv, basis, steps = lanczos(single, v0, tol32)
    x = basis.T @ sv[:, -1]
    p = min(deflate, len(th) - 1)
    w_ritz = basis.T @ sv[:, len(th) - 2 - np.arange(p)]
    th_w = th[len(th) - 2 - np.arange(p)]
    mu = th[len(th) - 2 - p] if len(th) > p + 1 else th[0]
    v, kv, cg = [x / np.linalg.norm(x)], [], 0
    kv.append(op(v[0]))
    for outer in range(max_outer + 1):
        vm, kvm = np.array(v), np.array(kv)
        h = vm @ kvm.T
        vals, u = np.linalg.eigh((h + h.T) / 2)
        x, kx, theta = u[:, -1] @ vm, u[:, -1] @ kvm, vals[-1]
        nx = np.linalg.norm(x)
        x, kx = x / nx, kx / nx
        r = kx - theta * x
        res = np.linalg.norm(r) / theta
        if res <= target or outer == max_outer:
            return theta, res, steps, cg
        r -= x * (x @ r)
        wp = np.linalg.qr(w_ritz - np.outer(x, x @ w_ritz))[0] if p else np.zeros((x.size, 0))
        c, d = 1 / (theta - mu), 1 / (theta - th_w)

        def precond(z):
            z = z - x * (x @ z)
            if not p:
                return z
            cw = wp.T @ z
            y = wp @ (d * cw) + c * (z - wp @ cw)
            return y - x * (x @ y)

        def a_op(z):
            y = theta * z - single(z)
            return y - x * (x @ y)

        t, res_cg = np.zeros_like(r), r.copy()
        z = precond(res_cg)
        pdir, rz = z.copy(), res_cg @ z
        for _ in range(300):
            ap = a_op(pdir)
            cg += 1
            step = rz / (pdir @ ap)
            t += step * pdir
            res_cg -= step * ap
            if np.linalg.norm(res_cg) <= cg_rtol * np.linalg.norm(r):
                break
            z = precond(res_cg)
            rz_next = res_cg @ z
            pdir, rz = z + (rz_next / rz) * pdir, rz_next
        for _ in range(2):
            t -= vm.T @ (vm @ t)
        v.append(t / np.linalg.norm(t))
        kv.append(op(v[-1]))


def main(argv):
    depth, width = int(argv[1]), int(argv[2])
    seed = int(argv[3]) if len(argv) > 3 else depth
    s, t, m, n = instance(seed, depth, width)
    v0 = np.random.default_rng(1).uniform(-0.5, 0.5, m * n)
    rows = []
    for name in ["lanczos", "relaxed", "refine", "deflated"]:
        op, single = Op(s, t, m, n, np.float64), Op(s, t, m, n, np.float32)
        if name in ("lanczos", "relaxed"):
            th, sv, basis, steps = lanczos(op, v0, 1e-13, single, 1e-7 if name == "relaxed" else 0.0)
            x = basis.T @ sv[:, -1]
            x /= np.linalg.norm(x)
            kx = op(x)
            theta = x @ kx
            res = np.linalg.norm(kx - theta * x) / theta
        else:
            theta, res, _, _ = refined(op, single, v0, 5 if name == "deflated" else 0)
        cost = op.count + 0.5 * single.count
        rows.append((name, op.count, single.count, cost, res, theta))
    base = rows[0][3]
    print(f"depth {depth} x width {width} (seed {seed}, mn = {m * n}):")
    print("| method | double applications | single applications | double-equivalents | saving | rel. residual | λ |")
    for name, nd, ns, cost, res, theta in rows:
        print(f"| {name} | {nd} | {ns} | {cost:.1f} | {base / cost:.2f}x | {res:.1e} | {theta:.15g} |")


if __name__ == "__main__":
    main(sys.argv)
