#!/bin/sh
# Issue 18: the kit and its peers side by side in one session, with the load recorded before and after each part.
# From the repository root:  sh tests/Sharpness.Benchmarks/Dynamics/run_gd_peers.sh > gd-peers.log 2>&1
# Parts: peers (Debian's python3-numpy + OpenBLAS, python3-numba), the kit's quick Stopwatch check (single runs,
# batch kernels, the 16-run sweep on 1 and 2 threads, best of 3), the FP peak, the step's products alone and the sweep
# engine's cost beyond the kernel (gdcheck products / overhead), the peers again, the BenchmarkDotNet classes
# GdPeerBenchmarks and FpPeakBenchmarks (the FP peak, the batch kernel's fraction of it, 1 vs 2 threads), and a
# summary table of wall-clock and per-CPU-second figures (gd_peers_summary.py). Set GD_PEERS_NO_BDN=1 to skip the two
# BenchmarkDotNet classes (about 7 of the ~10 minutes on a quiet machine). BenchmarkDotNet's artifacts go to a
# temporary folder, so the clone stays clean.
set -e
here=$(dirname "$0")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log="$work/log"
: > "$log"

# Runs one part with its output both on stdout and in the log; stops the script when the part fails.
part() {
    title=$1; shift
    echo "== $title" | tee -a "$log"
    if ! "$@" > "$work/part" 2>&1; then cat "$work/part"; echo "FAILED: $title"; exit 1; fi
    cat "$work/part" >> "$log"
    cat "$work/part"
    uptime | tee -a "$log"
}
peers() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$here/gd_peers.py" 3; }

echo "== machine"; lscpu | grep -E 'Model name|^CPU\(s\)|Thread|L2|L3'; uptime; date -u
part "build (Release)" dotnet build -c Release tests/Sharpness.Benchmarks -v q -nologo
part "peers (NumPy + OpenBLAS, Numba), OpenBLAS variables unset in this command only" peers
part "kit, quick Stopwatch check" dotnet run -c Release --no-build --project tests/Sharpness.Benchmarks -- gdcheck
part "machine, FP peak on 1 vs 2 threads by thread CPU time" dotnet run -c Release --no-build --project tests/Sharpness.Benchmarks -- fppeak
part "kit, the step's products alone (compare with the 512-bit peak above)" dotnet run -c Release --no-build --project tests/Sharpness.Benchmarks -- gdcheck products
part "kit, sweep engine vs bare kernel on the same 8 runs" dotnet run -c Release --no-build --project tests/Sharpness.Benchmarks -- gdcheck overhead
part "peers again" peers
if [ -z "$GD_PEERS_NO_BDN" ]; then
    part "kit, BenchmarkDotNet GdPeerBenchmarks" dotnet run -c Release --no-build --project tests/Sharpness.Benchmarks -- \
        --filter '*GdPeerBenchmarks*' --artifacts "$work/bdn"
    part "machine, BenchmarkDotNet FpPeakBenchmarks (ratio = ns per op / baseline)" dotnet run -c Release --no-build \
        --project tests/Sharpness.Benchmarks -- --filter '*FpPeakBenchmarks*' --artifacts "$work/bdn"
fi
/usr/bin/python3 "$here/gd_peers_summary.py" < "$log"
date -u
