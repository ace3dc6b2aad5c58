#!/usr/bin/python3
"""Summary of a run_gd_peers.sh log (issue 18): the kit's and the peers' figures side by side.

Reads the log on stdin: the peers' JSON lines (gd_peers.py, two passes) and the kit's `KIT {json}` lines
(`-- gdcheck`). Prints, for the single run (plain, delta) and for the 16-run sweep on 2 cores, the wall-clock steps per
second of each side (best of its repeats; for the peers the range over both passes) and the kit's ratio to the fastest
peer figure of either pass, then the same for steps per CPU-second. Exits 1 when a figure is missing (a part failed).
"""
import json
import sys


def main():
    peers, kit = {}, {}
    for line in sys.stdin:
        line = line.strip()
        try:
            if line.startswith("KIT "):
                rec = json.loads(line[4:])
                kit[rec["kit"]] = rec
            elif line.startswith("{") and '"peer"' in line:
                rec = json.loads(line)
                peers.setdefault(rec["peer"], []).append(rec)
        except (json.JSONDecodeError, KeyError):
            continue

    rows = [
        ("single run, plain, 1 thread", "single plain", ["numpy plain", "numba-blas plain", "numba-loops plain", "numba-loops-vec plain"]),
        ("single run, delta, 1 thread", "single delta", ["numpy delta", "numba-blas delta"]),
        ("sweep 16 x 50 000, plain, 2 cores", "sweep 2 threads",
         ["numba-sweep blas prange", "numba-sweep loops prange", "numba-sweep loops-vec prange"]),
        ("sweep 16 x 50 000, plain, 1 core (kit) vs 2 cores (peer)", "sweep 1 thread", ["numba-sweep blas prange"]),
    ]
    missing = False
    for key, title in (("steps_per_s", "wall clock, steps per second"), ("steps_per_cpu_s", "steps per CPU-second")):
        print(f"\n== summary: {title} (kit: best of its repeats; peers: range over both passes)")
        print(f"{'workload':58} {'kit':>10}  {'peer':30} {'peer':>19}  {'kit/peer':>8}")
        for label, kit_key, peer_names in rows:
            k = kit.get(kit_key, {}).get(key)
            if kit_key not in kit:
                print(f"{label:58} {'MISSING':>10}")
                missing = True
                continue
            for name in peer_names:
                vals = [r[key] for r in peers.get(name, []) if r.get(key)]
                if not vals:
                    print(f"{label:58} {'':>10}  {name:30} {'MISSING':>19}")
                    missing = True
                    continue
                lo, hi = min(vals), max(vals)
                kit_text = f"{k:10.3g}" if k else f"{'-':>10}"
                ratio = f"{k / hi:7.2f}x" if k else f"{'-':>8}"
                print(f"{label:58} {kit_text}  {name:30} {lo:9.3g}-{hi:9.3g}  {ratio}")
                label = ""
    print("\nkit single run: best of 200 bursts of 1000 steps (one core); kit sweep: EscapeSweep.Run, full engine.")
    print("A ratio is taken against the fastest peer figure of either pass.")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
