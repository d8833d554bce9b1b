#!/usr/bin/env bash
# Fleet scale: `vcdiag run --inventory` against simulated two-CPE sites
# (`vcdiag sim --sites N`, every command answered after 50-200 ms), next to
# the baseline an automation engineer writes today: Debian's python3-netmiko
# with a thread pool (bench/fleet_netmiko.py), sending the same command plan
# to the same CPEs. For each size: start the simulator (its own process),
# time vcdiag (wall, peak RSS of the run process only), check that
# OUT/fleet.json lists every site, time netmiko, stop the simulator.
#
#   bash bench/fleet.sh                      # 50, 150, 500 sites = 100, 300, 1,000 CPEs
#   SIZES=500 NETMIKO_WORKERS=128 bash bench/fleet.sh
#   SKIP_NETMIKO=1 bash bench/fleet.sh       # vcdiag only
#
# Environment:
#   SIZES             sites per run, two CPEs each (default "50 150 500")
#   NETMIKO_WORKERS   thread pool size of the baseline (default 32)
#   NETMIKO_FAST_CLI  1: netmiko's fast_cli=True (default 0, netmiko 2.4's default)
#   SKIP_NETMIKO      1: time vcdiag only
#   LATENCY           the simulator's per-command latency (default 50ms-200ms)
#   VCDIAG_FLAGS      more flags for `vcdiag run`, e.g. "--parallel 1024"
#   VCDIAG_TIMEOUT    seconds one vcdiag run may take (default 900)
#   NETMIKO_TIMEOUT   seconds the baseline may take per size (default 1500); past it the
#                     baseline stops starting CPEs and the table shows the time as a lower bound
#
# Everything is written under ${VCBENCH:-/tmp/vcbench}/fleet; traffic goes to 127.0.0.1 only.
# The whole script is bounded: per size at most 120 s for the simulator to start,
# VCDIAG_TIMEOUT, NETMIKO_TIMEOUT + 60 s and 30 s to stop the simulator.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${VCBENCH:-/tmp/vcbench}/fleet
sizes=${SIZES:-"50 150 500"}
workers=${NETMIKO_WORKERS:-32}
fast_cli=${NETMIKO_FAST_CLI:-0}
skip_netmiko=${SKIP_NETMIKO:-0}
latency=${LATENCY:-50ms-200ms}
read -r -a vcdiag_flags <<<"${VCDIAG_FLAGS:-}"
vcdiag_timeout=${VCDIAG_TIMEOUT:-900}
netmiko_timeout=${NETMIKO_TIMEOUT:-1500}
mkdir -p "$out"

apt_install() { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }
command -v /usr/bin/time >/dev/null || apt_install time
if [ "$skip_netmiko" != 1 ]; then
  # Debian's own Python, where Debian's netmiko lives (python3 on PATH may be another one).
  /usr/bin/python3 -c 'import netmiko, yaml' 2>/dev/null || apt_install python3-netmiko python3-yaml
  netmiko_version=$(/usr/bin/python3 -c 'import netmiko; print(netmiko.__version__)')
fi
bin="$out/vcdiag"
(cd "$here" && go build -o "$bin" ./cmd/vcdiag)

# The simulator's fixed demo login (sim.DefaultPassword), as `vcdiag sim` prints it.
export VCDIAG_PASSWORD=vcdiag-sim VCDIAG_ENABLE_SECRET=vcdiag-sim

sim_pid=
stop_sim() {
  [ -n "$sim_pid" ] || return 0
  kill -TERM "$sim_pid" 2>/dev/null || true
  for _ in $(seq 60); do kill -0 "$sim_pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$sim_pid" 2>/dev/null || true
  wait "$sim_pid" 2>/dev/null || true
  sim_pid=
}
trap stop_sim EXIT INT TERM

# wall_s FILE / rss_mib FILE: from /usr/bin/time -v's report.
wall_s() {
  sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" |
    awk -F: '{s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.1f", s}'
}
cpu_s() {
  awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$1"
}
rss_mib() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1" | awk '{printf "%.0f", $1 / 1024}'; }

rows=()
for n in $sizes; do
  d="$out/sites-$n"
  rm -rf "$d"; mkdir -p "$d"
  echo "== $n sites: starting the simulator ($latency per command)" >&2
  "$bin" sim --sites "$n" --scenario-mix healthy-two-cpe=100 --latency "$latency" --dir "$d/sim" >"$d/sim.log" 2>&1 &
  sim_pid=$!
  for _ in $(seq 240); do
    [ -f "$d/sim/inventory.yaml" ] && break
    kill -0 "$sim_pid" 2>/dev/null || { echo "the simulator exited:"; cat "$d/sim.log"; exit 1; }
    sleep 0.5
  done
  [ -f "$d/sim/inventory.yaml" ] || { echo "no $d/sim/inventory.yaml after 120 s"; exit 1; }
  cpes=$(/usr/bin/python3 - "$d/sim/inventory.yaml" <<'EOF'
import os, sys, yaml
inv = sys.argv[1]
doc = yaml.safe_load(open(inv))
n = 0
for s in doc["sites"]:
    p = s["profile"]
    if isinstance(p, str):
        p = yaml.safe_load(open(os.path.join(os.path.dirname(inv), p)))
    n += len(p.get("cpes") or [])
print(n)
EOF
)

  echo "== $n sites, $cpes CPEs: vcdiag run --inventory" >&2
  rc=0
  /usr/bin/time -v -o "$d/vcdiag.time" timeout -k 10 "$vcdiag_timeout" \
    "$bin" run --inventory "$d/sim/inventory.yaml" --output-dir "$d/out" --format json ${vcdiag_flags[@]+"${vcdiag_flags[@]}"} \
    >"$d/vcdiag.out" 2>"$d/vcdiag.err" || rc=$?
  # Exit codes 0-3 are verdicts (the worst site's), not failures of the benchmark.
  if [ "$rc" -gt 3 ]; then
    echo "vcdiag run exited $rc (124: timed out after ${vcdiag_timeout}s):"; tail -20 "$d/vcdiag.err"; exit 1
  fi
  check=$(/usr/bin/python3 - "$d/out/fleet.json" "$n" <<'EOF'
import collections, json, sys
f = json.load(open(sys.argv[1]))
sites = f.get("sites") or []
if len(sites) != int(sys.argv[2]):
    sys.exit("fleet.json lists %d sites, not %s" % (len(sites), sys.argv[2]))
st = collections.Counter(s.get("status") for s in sites)
errs = sum(1 for s in sites if s.get("error"))
print(", ".join("%d %s" % (v, k) for k, v in sorted(st.items())) + (", %d with an error" % errs if errs else ""))
EOF
) || { echo "$check"; exit 1; }
  v_wall=$(wall_s "$d/vcdiag.time"); v_rss=$(rss_mib "$d/vcdiag.time"); v_cpu=$(cpu_s "$d/vcdiag.time")
  echo "   vcdiag: ${v_wall} s, ${v_rss} MiB, ${v_cpu} CPU s, exit $rc, sites: $check; $(grep -o 'sites in .*' "$d/vcdiag.err" || true)" >&2

  m_wall=-; m_rss=-; m_cpu=-; ratio=-; m_note=; per_cpe=-
  if [ "$skip_netmiko" != 1 ]; then
    echo "== $n sites, $cpes CPEs: netmiko $netmiko_version, $workers workers" >&2
    flags=(--workers "$workers" --deadline "$netmiko_timeout")
    [ "$fast_cli" = 1 ] && flags+=(--fast-cli)
    mrc=0
    /usr/bin/time -v -o "$d/netmiko.time" timeout -k 10 $((netmiko_timeout + 60)) \
      /usr/bin/python3 "$here/bench/fleet_netmiko.py" "${flags[@]}" "$d/sim/inventory.yaml" \
      >"$d/netmiko.json" 2>"$d/netmiko.err" || mrc=$?
    m_wall=$(wall_s "$d/netmiko.time"); m_rss=$(rss_mib "$d/netmiko.time"); m_cpu=$(cpu_s "$d/netmiko.time")
    summary=$(tail -1 "$d/netmiko.json")
    echo "   netmiko: ${m_wall} s, ${m_rss} MiB, ${m_cpu} CPU s, exit $mrc: $summary" >&2
    read -r ok failed per_cpe < <(/usr/bin/python3 -c 'import json,sys; s=json.loads(sys.argv[1]); print(s["ok"], s["failed"], s["per_cpe_median_s"] or "-")' "$summary" 2>/dev/null || echo "0 0 -")
    if [ "$mrc" = 0 ]; then
      ratio=$(awk -v a="$m_wall" -v b="$v_wall" 'BEGIN {printf "%.1fx", a / b}')
    elif [ "$mrc" = 3 ] || [ "$mrc" = 124 ]; then
      m_wall=">$m_wall"; m_note=" (timeout: $ok of $cpes CPEs done)"
      ratio=$(awk -v a="${m_wall#>}" -v b="$v_wall" 'BEGIN {printf ">%.1fx", a / b}')
    else
      m_note=" ($failed of $cpes CPEs failed: see $d/netmiko.json)"
      ratio=$(awk -v a="$m_wall" -v b="$v_wall" 'BEGIN {printf "%.1fx", a / b}')
    fi
  fi
  sim_rss=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$sim_pid/status")
  stop_sim
  # What the simulator received from both (vcdiag: 24 per healthy CPE with enable and terminal
  # settings; netmiko: the same 21 commands, enable, terminal length/width and exit: 25).
  echo "   simulator: $(grep -o '[0-9]* command(s) received by [0-9]* of [0-9]* CPEs' "$d/sim.log" || echo 'no command count')" >&2
  rows+=("$(printf '%6d %6d %9s %11s %8s %10s %12s %9s %8s %14s %8s%s' "$n" "$cpes" "$v_wall" "$v_rss" "$v_cpu" "$m_wall" "$m_rss" "$m_cpu" "$ratio" "$per_cpe" "$sim_rss" "$m_note")")
done

echo
echo "vcdiag run --inventory${VCDIAG_FLAGS:+ $VCDIAG_FLAGS} vs netmiko ${netmiko_version:-(skipped)} (${workers} workers$([ "$fast_cli" = 1 ] && echo ', fast_cli')), simulator latency $latency"
printf '%6s %6s %9s %11s %8s %10s %12s %9s %8s %14s %8s\n' sites CPEs "vcdiag s" "vcdiag MiB" "CPU s" "netmiko s" "netmiko MiB" "CPU s" ratio "netmiko s/CPE" "sim MiB"
printf '%s\n' "${rows[@]}"
