#!/usr/bin/env bash
# Collects the full plan from 200 simulated CPEs on loopback SSH at once
# (BenchmarkCollect200CPEs) and prints wall time, peak Go heap, peak
# goroutines and the peak RSS of the process (simulators included).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${VCBENCH:-/tmp/vcbench}
mkdir -p "$out"
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
(cd "$here/collectors" && go test -c -o "$out/collectors.test" .)
cd "$here/collectors"
/usr/bin/time -f 'process peak RSS %M KB, wall %e s' \
  "$out/collectors.test" -test.run '^$' -test.bench Collect200 -test.benchtime "${RUNS:-3}x" 2>&1 | grep -E 'Benchmark|RSS'
