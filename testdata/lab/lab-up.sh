#!/bin/bash
# lab-up.sh: start the two-namespace IKEv2 lab (CPE initiator, DC responder, one charon each) and
# load the baseline connection "vc" on both sides. Idempotent: an existing lab with the same
# LAB_PREFIX is torn down first. Prints the state directory (configs, charon.log) at the end.
# Exit 0 when both charons answer on vici, 2 when this machine cannot run the lab.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lab-lib.sh"

lab_up() {
  lab_preflight
  lab_install
  lab_down 2>/dev/null
  rm -rf "$LAB_STATE"; mkdir -p "$LAB_STATE"
  ip netns add "$CPE_NS" && ip netns add "$DC_NS" || die_env "ip netns add failed"
  # Both ends of the veth are created inside the namespaces: nothing appears in the root namespace.
  ip link add name wan netns "$CPE_NS" type veth peer name wan netns "$DC_NS" ||
    die_env "cannot create a veth pair inside the namespaces"
  local ns
  for ns in "$CPE_NS" "$DC_NS"; do
    # IPv4 only: IPv6 link-local addresses appearing after link-up are address changes charon reacts to
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 \
      net.ipv6.conf.wan.disable_ipv6=1 2>/dev/null
    # A veth hands locally sent UDP to its peer with the checksum still to be filled in, so a
    # capture on it shows "bad udp cksum" for every IKE packet; compute checksums in software
    # instead, so the pcaps look like ones taken on a wire.
    ip netns exec "$ns" ethtool -K wan tx off >/dev/null 2>&1 || echo "lab: ethtool -K wan tx off failed in $ns" >&2
    ip -n "$ns" link set lo up; ip -n "$ns" link set wan up
  done
  ip -n "$CPE_NS" addr add $CPE_WAN/30 dev wan; ip -n "$CPE_NS" addr add $CPE_INNER/32 dev lo
  ip -n "$DC_NS" addr add $DC_WAN/30 dev wan;   ip -n "$DC_NS" addr add $DC_INNER/32 dev lo
  for ns in "$CPE_NS" "$DC_NS"; do
    ss_write_conf "$ns"
    ss_write_conn "$ns" baseline 2 aes256-sha256-modp2048 aes256-sha256-modp2048 vc-lab-psk
    charon_start "$ns"
  done
  for ns in "$CPE_NS" "$DC_NS"; do
    waitfor 10 sw "$ns" --stats || { echo "lab: charon in $ns did not start:" >&2; cat "$(ss_dir "$ns")/charon.stdout" >&2; return 1; }
    sw "$ns" --load-all --clear --file "$(ss_dir "$ns")/baseline.conf" >"$(ss_dir "$ns")/load.out" 2>&1 ||
      { cat "$(ss_dir "$ns")/load.out" >&2; return 1; }
  done
  echo "lab: up in $(lab_ts)s: $CPE_NS ($CPE_WAN) <-> $DC_NS ($DC_WAN), state in $LAB_STATE"
}

# Run directly (not sourced by lab-captures.sh): bring the lab up and leave it running.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  lab_up || { lab_down; exit 1; }
  echo "lab: try: STRONGSWAN_CONF=$(ss_dir "$CPE_NS")/strongswan.conf swanctl --initiate --ike vc --child vc-child"
  echo "lab: stop with: $HERE/lab-down.sh"
fi
