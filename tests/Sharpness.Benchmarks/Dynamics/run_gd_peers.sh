#!/bin/sh
# Issue 18: the kit and its peers side by side in one session, with the load recorded before and after each part.
# From the repository root:  sh tests/Sharpness.Benchmarks/Dynamics/run_gd_peers.sh > gd-peers.log 2>&1
set -e
here=$(dirname "$0")
echo "== machine"; lscpu | grep -E 'Model name|^CPU\(s\)|L2|L3'; uptime
echo "== peers (NumPy + OpenBLAS, Numba), OpenBLAS variables unset in this command only"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$here/gd_peers.py" 3
uptime
echo "== kit, quick Stopwatch check"
dotnet run -c Release --project tests/Sharpness.Benchmarks -- gdcheck
uptime
echo "== kit, BenchmarkDotNet"
dotnet run -c Release --project tests/Sharpness.Benchmarks -- --filter '*GdPeerBenchmarks*'
uptime
echo "== peers again"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$here/gd_peers.py" 3
uptime
