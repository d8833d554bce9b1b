#!/usr/bin/env bash
# Times `vcdiag parse` (whole process: start, read, parse, JSON out) on the
# large IOS-XE outputs of ../shared/bench/gen_outputs.py, checks that every
# record the generator's manifest promises is found, and prints a table.
#
#   bench/parse.sh              # 5 runs per file
#   RUNS=9 bench/parse.sh
#   SIZE=10 bench/parse.sh      # ten times larger inputs: cost must grow linearly
#
# Outputs go to ${VCBENCH:-/tmp/vcbench}; nothing is written into the repo.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$here/../shared}
out=${VCBENCH:-/tmp/vcbench}
runs=${RUNS:-5}
size=${SIZE:-1}
gen="$out/outputs-x$size"
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }

if [ ! -f "$gen/manifest.json" ]; then
  python3 "$shared/bench/gen_outputs.py" --outdir "$gen" \
    --bgp-routes $((100000 * size)) --ipsec-peers $((2000 * size)) \
    --bgp-neighbors $((2000 * size)) --tunnels $((1000 * size)) >/dev/null
fi
bin="$out/vcdiag"
(cd "$here" && go build -o "$bin" ./cmd/vcdiag)

printf '%-38s %9s %10s %12s %10s  %s\n' file lines "median s" "lines/s" "peak RSS" records
for slug in show_ip_bgp show_crypto_ipsec_sa_detail show_crypto_ipsec_sa_detail_xe17 show_ip_bgp_summary show_interfaces; do
  f="$gen/$slug.txt"
  cmd=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["files"][sys.argv[2]]["command"])' "$gen/manifest.json" "$slug")
  times=(); rss=0
  for _ in $(seq "$runs"); do
    t0=$(date +%s%N)
    /usr/bin/time -f '%e %M' -o "$out/time.txt" "$bin" parse --command "$cmd" "$f" >"$out/parse_$slug.json"
    t1=$(date +%s%N)
    read -r _ m < <(tail -1 "$out/time.txt")
    t=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
    times+=("$t"); [ "$m" -gt "$rss" ] && rss=$m
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  lines=$(wc -l <"$f")
  check=$(python3 "$here/bench/count_records.py" "$gen/manifest.json" "$slug" "$out/parse_$slug.json")
  printf '%-38s %9d %10s %12.0f %8d MB  %s\n' "$slug" "$lines" "$median" "$(awk -v l="$lines" -v t="$median" 'BEGIN {print (t > 0 ? l / t : 0)}')" $((rss / 1024)) "$check"
done
