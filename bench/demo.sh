#!/usr/bin/env bash
# Times `vcdiag demo` (the whole live path over SSH against the in-process
# simulated site) with the default 10 s sample interval and with
# --sample-interval 0, RUNS times each, and prints the medians.
#
#   bench/demo.sh            # 3 runs each
#   RUNS=5 bench/demo.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${VCBENCH:-/tmp/vcbench}
runs=${RUNS:-3}
mkdir -p "$out"
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
bin="$out/vcdiag"
(cd "$here" && go build -o "$bin" ./cmd/vcdiag)

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-40s %10s %10s %10s\n' "command" "median s" "min s" "peak RSS"
for args in "demo" "demo --sample-interval 0" "demo --scenario routes-missing-backup --sample-interval 0"; do
  times=(); rss=0
  for _ in $(seq "$runs"); do
    # Exit codes 0-3 are verdicts, not failures of the benchmark.
    /usr/bin/time -f '%e %M' -o "$out/time.txt" "$bin" $args >"$out/demo.out" 2>"$out/demo.err" || true
    grep -q "SUMMARY" "$out/demo.out" || { echo "no report from: vcdiag $args"; cat "$out/demo.err"; exit 1; }
    read -r t m < <(tail -1 "$out/time.txt")
    times+=("$t"); [ "$m" -gt "$rss" ] && rss=$m
  done
  printf '%-40s %10s %10s %8d MB\n' "vcdiag $args" "$(printf '%s\n' "${times[@]}" | median)" \
    "$(printf '%s\n' "${times[@]}" | sort -n | head -1)" $((rss / 1024))
done
