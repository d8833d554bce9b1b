#!/bin/bash
# lab-captures.sh [OUTDIR]: bring up the two-namespace strongSwan lab, record one pcap per
# IKEv2/ESP/GRE situation on the CPE's WAN veth, write NAME.pcap + NAME.txt into OUTDIR
# (default: testdata/pcaps/lab next to this script), tear the lab down, and print one line per
# capture. Takes about 40 s once the packages are installed.
#
# Exit status: 0 every capture produced with the expected outcome; 1 a capture failed or showed
# an unexpected outcome (its line says which); 2 this machine cannot run the lab (not root, no
# network namespaces, no TUN, packages not installable) - CI skips on 2.
# Environment: LAB_PREFIX (namespace prefix, default vcdlab), LAB_ONLY (space-separated capture
# names to run, default all), GO (go binary for gretool, default go).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lab-lib.sh"
. "$HERE/lab-up.sh"

OUT=${1:-$HERE/../pcaps/lab}
FILTER='udp port 500 or udp port 4500 or ip proto 50 or ip proto 47'
BASE_IKE=aes256-sha256-modp2048 BASE_ESP=aes256-sha256-modp2048 BASE_PSK=vc-lab-psk
FAILED=0

cleanup() { lab_down 2>/dev/null; rm -rf "$LAB_STATE"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

lab_up || exit $EXIT_CAPTURE
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd) || die_env "cannot create $OUT"
SS_VERSION="strongSwan $(/usr/lib/ipsec/charon --version 2>&1 | awk 'NR==1{print $NF}') (Debian strongswan-charon $(dpkg-query -W -f '${Version}' strongswan-charon 2>/dev/null)), kernel-libipsec, Linux $(uname -r)"
GRETOOL=
if (cd "$HERE/gretool" && "${GO:-go}" build -o "$LAB_STATE/gretool" .) >"$LAB_STATE/gretool-build.log" 2>&1; then
  GRETOOL=$LAB_STATE/gretool
fi

# ---------------------------------------------------------------- helpers

# use_variant NAME CPE_VER CPE_IKE CPE_ESP CPE_PSK DC_VER DC_IKE DC_ESP DC_PSK loads one
# connection "vc" on both sides, replacing whatever was loaded, and records the differences
# from the baseline for the .txt.
use_variant() {
  local name=$1 d
  ss_write_conn "$CPE_NS" "$name" "$2" "$3" "$4" "$5"
  ss_write_conn "$DC_NS" "$name" "$6" "$7" "$8" "$9"
  for d in "$CPE_NS" "$DC_NS"; do
    sw "$d" --load-all --clear --file "$(ss_dir "$d")/$name.conf" >"$LAB_STATE/load.out" 2>&1 ||
      { cat "$LAB_STATE/load.out" >&2; return 1; }
  done
  DIFF=$(diff_line initiator "$2" "$3" "$4" "$5"; diff_line responder "$6" "$7" "$8" "$9")
  [ -n "${LAB_CPE_RTS:-}" ] && DIFF=${DIFF/initiator (CPE, $CPE_NS):/initiator (CPE, $CPE_NS): remote_ts = $LAB_CPE_RTS/32;}
  DIFF=${DIFF/; baseline/}
}

diff_line() { # diff_line SIDE VER IKE ESP PSK: one line naming what differs from the baseline
  local d=
  [ "$2" != 2 ] && d="$d version = $2;"
  [ "$3" != "$BASE_IKE" ] && d="$d proposals = $3;"
  [ "$4" != "$BASE_ESP" ] && d="$d esp_proposals = $4;"
  [ "$5" != "$BASE_PSK" ] && d="$d a different pre-shared key;"
  local who="DC, $DC_NS"; [ "$1" = initiator ] && who="CPE, $CPE_NS"
  echo "  $1 ($who):${d:- baseline}"
}

# reset_sas deletes every IKE_SA on both sides (outside the capture) so each capture starts clean.
reset_sas() {
  local ns
  for ns in "$CPE_NS" "$DC_NS"; do
    sw "$ns" --list-sas 2>/dev/null | grep -q . || continue
    sw "$ns" --terminate --ike vc --force --timeout 2 >/dev/null 2>&1
  done
  waitfor 5 sh -c "! STRONGSWAN_CONF=$(ss_dir "$CPE_NS")/strongswan.conf swanctl --list-sas | grep -q . &&
                   ! STRONGSWAN_CONF=$(ss_dir "$DC_NS")/strongswan.conf swanctl --list-sas | grep -q ."
}

nft_dc() { ip netns exec "$DC_NS" nft "$@"; }
drop_rule() { # drop_rule RULE: install one drop rule on the DC's input hook
  nft_dc -f - <<EOF
table inet $LAB_PREFIX {
  chain input { type filter hook input priority 0; policy accept; $1 drop; }
}
EOF
}
undrop() { nft_dc delete table inet "$LAB_PREFIX" 2>/dev/null; }

initiate() { # swanctl --initiate from the CPE, output to $ACT_OUT, exit status to ACT_RC
  echo "\$ swanctl --initiate --ike vc --child vc-child   (in $CPE_NS)" >>"$ACT_OUT"
  timeout 20 env STRONGSWAN_CONF="$(ss_dir "$CPE_NS")/strongswan.conf" \
    swanctl --initiate --ike vc --child vc-child >>"$ACT_OUT" 2>&1
  ACT_RC=$?
  echo "swanctl exit status: $ACT_RC" >>"$ACT_OUT"
}

ping_inner() { # ping_inner COUNT: pings between the inner /32s, which only the CHILD_SA carries
  echo "\$ ping -c $1 -i 0.2 -W 1 -I $CPE_INNER $DC_INNER   (in $CPE_NS)" >>"$ACT_OUT"
  ip netns exec "$CPE_NS" ping -c "$1" -i 0.2 -W 1 -I $CPE_INNER $DC_INNER 2>&1 | tail -n 3 >>"$ACT_OUT"
}

gre_keepalives() { # gre_keepalives SRC DST COUNT: reflector in the DC, keepalives from the CPE
  [ -n "$GRETOOL" ] || { echo "gretool not built: $(tail -n 3 "$LAB_STATE/gretool-build.log")" >>"$ACT_OUT"; return 1; }
  ip netns exec "$DC_NS" "$GRETOOL" reflect -addr "$2" -duration "$(($3 / 2 + 2))s" >"$LAB_STATE/reflect.out" 2>&1 &
  echo $! >"$LAB_STATE/reflect.pid"
  sleep 0.3
  echo "\$ gretool send -src $1 -dst $2 -count $3 -interval 0.5s   (in $CPE_NS; gretool reflect -addr $2 in $DC_NS)" >>"$ACT_OUT"
  ip netns exec "$CPE_NS" "$GRETOOL" send -src "$1" -dst "$2" -count "$3" -interval 0.5s >>"$ACT_OUT" 2>&1
  local rc=$?
  wait "$(cat "$LAB_STATE/reflect.pid")" 2>/dev/null; rm -f "$LAB_STATE/reflect.pid"
  cat "$LAB_STATE/reflect.out" >>"$ACT_OUT"
  return $rc
}

# capture NAME EXPECT_RC EXPECT_REGEX DESCRIPTION ACTION...: runs ACTION with tcpdump on the
# CPE's wan, then checks the initiator's exit status and output against what this case must show,
# and the packet count when WANT_PKTS is set (the IKE-only cases, where it is deterministic).
capture() {
  local name=$1 want_rc=$2 want_re=$3 what=$4; shift 4
  if [ -n "${LAB_ONLY:-}" ] && [[ " $LAB_ONLY " != *" $name "* ]]; then return 0; fi
  reset_sas
  local dlog; dlog=$(ss_dir "$DC_NS")/charon.log
  local dmark; dmark=$(wc -l <"$dlog")
  ACT_OUT=$LAB_STATE/$name.action; : >"$ACT_OUT"; ACT_RC=0
  # a log per capture: the redirection of a background job happens in the child, so a shared log
  # could still hold the previous tcpdump's "listening on" when it is polled
  local tlog=$LAB_STATE/$name.tcpdump.log
  rm -f "$tlog"
  ip netns exec "$CPE_NS" tcpdump -i wan -n -U --immediate-mode -Z root -s 0 -w "$LAB_STATE/$name.pcap" "$FILTER" \
    >"$tlog" 2>&1 &
  echo $! >"$LAB_STATE/tcpdump.pid"
  waitfor 5 grep -q "listening on" "$tlog" || { echo "lab: tcpdump did not start: $(cat "$tlog")" >&2; }
  "$@"
  # packets still in the capture ring are lost if tcpdump is stopped at once
  sleep 1
  kill "$(cat "$LAB_STATE/tcpdump.pid")"; wait "$(cat "$LAB_STATE/tcpdump.pid")" 2>/dev/null
  rm -f "$LAB_STATE/tcpdump.pid"
  cp "$LAB_STATE/$name.pcap" "$OUT/$name.pcap"
  local npk; npk=$(tcpdump -n -r "$OUT/$name.pcap" 2>/dev/null | wc -l)
  local verdict=ok
  if [ "$npk" = 0 ]; then verdict="FAIL (no packets captured)"
  elif [ "$ACT_RC" != "$want_rc" ]; then verdict="FAIL (exit status $ACT_RC, want $want_rc)"
  elif ! grep -Eq "$want_re" "$ACT_OUT"; then verdict="FAIL (output lacks /$want_re/)"
  elif [ -n "${WANT_PKTS:-}" ] && [ "$npk" != "$WANT_PKTS" ]; then verdict="FAIL ($npk packets, want $WANT_PKTS)"
  fi
  [ "$verdict" = ok ] || FAILED=1
  write_txt "$name" "$what" "$dlog" "$dmark" "$verdict"
  printf '%-22s %-5s %3d packets %6d bytes  %s\n' "$name" "${verdict%% *}" "$npk" "$(stat -c %s "$OUT/$name.pcap")" \
    "$(grep -Eo "$want_re" "$ACT_OUT" | head -n 1)${verdict#ok}"
}

write_txt() { # write_txt NAME WHAT DC_LOG DC_MARK VERDICT
  {
    echo "# $1.pcap"
    echo "what: $2"
    echo "command: testdata/lab/lab-captures.sh OUTDIR   (capture \"$1\"; LAB_ONLY=$1 runs only this one)"
    echo "generated: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "implementation: $SS_VERSION, both sides"
    echo "capture point: tcpdump -i wan -U --immediate-mode '$FILTER' in $CPE_NS"
    echo "topology: CPE $CPE_NS $CPE_WAN (initiator, inner $CPE_INNER) <-> DC $DC_NS $DC_WAN (responder, inner $DC_INNER)"
    echo "baseline: version = 2, proposals = $BASE_IKE, esp_proposals = $BASE_ESP, PSK auth, tunnel mode $CPE_INNER/32 === $DC_INNER/32"
    echo "differences from the baseline:"
    echo "$DIFF"
    echo "lab check: $5"
    echo
    echo "== initiator (CPE): commands and output"
    cat "$LAB_STATE/$1.action"
    echo
    echo "== responder (DC) charon.log during this capture"
    tail -n +"$(($4 + 1))" "$3" | grep . || echo "(nothing: the responder received no IKE packet)"
    echo
    echo "== tcpdump -nv -r $1.pcap (first 40 lines)"
    tcpdump -nv -r "$OUT/$1.pcap" 2>/dev/null | head -n 40
  } >"$OUT/$1.txt"
}

act_initiate() { initiate; }
act_established() {
  initiate
  # ping and GRE keepalives between the inner addresses ride in the CHILD_SA: ESP-in-UDP both ways
  ping_inner 15 &
  local p=$!
  gre_keepalives $CPE_INNER $DC_INNER 4 || true
  wait $p
}
act_udp500_dropped() {
  drop_rule "udp dport 500"
  echo "(DC nftables: udp dport 500 drop; CPE charon: retransmit_timeout = 1.0, retransmit_base = 1.4, retransmit_tries = 3)" >>"$ACT_OUT"
  ss_write_conf "$CPE_NS" fast && sw "$CPE_NS" --reload-settings >/dev/null
  initiate
  ss_write_conf "$CPE_NS" && sw "$CPE_NS" --reload-settings >/dev/null
  undrop
}
act_esp_one_way() {
  initiate
  # the DC drops ESP-in-UDP (UDP 4500 whose first 4 payload bytes are not the zero non-ESP
  # marker) and keeps IKE on 4500: the CPE's ESP leaves and nothing comes back.
  drop_rule 'udp dport 4500 @th,64,32 != 0'
  echo "(DC nftables: udp dport 4500 @th,64,32 != 0 drop, i.e. ESP-in-UDP only)" >>"$ACT_OUT"
  ping_inner 10
  undrop
}
act_gre_bgp() {
  # A GRE tunnel 100.64.1.1/30 <-> 100.64.1.2/30 between the WAN addresses (userspace endpoint on a
  # TUN device, as the kernel has no ip_gre) and a short BGP session through it: on the veth, GRE
  # carrying cleartext TCP 179, like a capture between a GRE router and a separate IPsec router.
  [ -n "$GRETOOL" ] || { echo "gretool not built: $(tail -n 3 "$LAB_STATE/gretool-build.log")" >>"$ACT_OUT"; ACT_RC=1; return; }
  local ns i=1 peer
  for ns in "$CPE_NS" "$DC_NS"; do
    ip -n "$ns" tuntap add dev gre0 mode tun && ip -n "$ns" addr add 100.64.1.$i/30 dev gre0 &&
      ip -n "$ns" link set gre0 mtu 1476 up
    if [ "$ns" = "$CPE_NS" ]; then peer=$DC_WAN; else peer=$CPE_WAN; fi
    ip netns exec "$ns" "$GRETOOL" tunnel -local "$([ $i = 1 ] && echo $CPE_WAN || echo $DC_WAN)" -remote $peer \
      -dev gre0 -duration 8s >>"$LAB_STATE/tunnel.out" 2>&1 &
    echo $! >"$LAB_STATE/tunnel$i.pid"
    i=2
  done
  echo "(gre0 100.64.1.1/30 in $CPE_NS <-> gre0 100.64.1.2/30 in $DC_NS: gretool tunnel between $CPE_WAN and $DC_WAN)" >>"$ACT_OUT"
  ip netns exec "$DC_NS" "$GRETOOL" bgp -local 100.64.1.2 -as 64512 -listen -prefix 0.0.0.0/0 >"$LAB_STATE/bgp-dc.out" 2>&1 &
  echo $! >"$LAB_STATE/bgpdc.pid"
  sleep 0.3
  echo "\$ gretool bgp -local 100.64.1.1 -peer 100.64.1.2 -as 65001 -prefix 203.0.113.0/24   (in $CPE_NS; gretool bgp -listen -as 64512 -prefix 0.0.0.0/0 in $DC_NS)" >>"$ACT_OUT"
  ip netns exec "$CPE_NS" "$GRETOOL" bgp -local 100.64.1.1 -peer 100.64.1.2 -as 65001 -prefix 203.0.113.0/24 >>"$ACT_OUT" 2>&1
  ACT_RC=$?
  wait "$(cat "$LAB_STATE/bgpdc.pid")" 2>/dev/null
  echo "DC side:" >>"$ACT_OUT"; cat "$LAB_STATE/bgp-dc.out" >>"$ACT_OUT"
  kill "$(cat "$LAB_STATE/tunnel1.pid")" "$(cat "$LAB_STATE/tunnel2.pid")" 2>/dev/null
  wait "$(cat "$LAB_STATE/tunnel1.pid")" "$(cat "$LAB_STATE/tunnel2.pid")" 2>/dev/null
  rm -f "$LAB_STATE"/tunnel?.pid "$LAB_STATE/bgpdc.pid"
  for ns in "$CPE_NS" "$DC_NS"; do ip -n "$ns" tuntap del dev gre0 mode tun; done
}
act_gre_keepalive() { ACT_RC=0; gre_keepalives $CPE_WAN $DC_WAN 5 || ACT_RC=$?; }

# ---------------------------------------------------------------- the captures
B="$BASE_IKE $BASE_ESP $BASE_PSK"
use_variant established 2 $B 2 $B
capture ike-established 0 'established with SPIs' \
  "IKEv2 SA and CHILD_SA established, then pings and GRE keepalives through the CHILD_SA (ESP-in-UDP/4500 both ways)" \
  act_established

use_variant no-proposal 2 aes128-sha1-ecp256 $BASE_ESP $BASE_PSK 2 $B
WANT_PKTS=2 capture ike-no-proposal 1 'NO_PROPOSAL_CHOSEN' \
  "IKE proposal mismatch: cleartext IKE_SA_INIT response carries N(NO_PROPOSAL_CHOSEN)" act_initiate

use_variant invalid-ke 2 aes256-sha256-ecp256-modp2048 $BASE_ESP $BASE_PSK 2 $B
WANT_PKTS=6 capture ike-invalid-ke 0 "peer didn't accept DH group [A-Z_0-9]+, it requested [A-Z_0-9]+" \
  "DH group mismatch: initiator's KE is ECP_256, responder wants MODP_2048 and answers N(INVALID_KE_PAYLOAD); the initiator retries with MODP_2048 and the SA comes up" \
  act_initiate

use_variant auth-failed 2 $BASE_IKE $BASE_ESP wrong-psk 2 $B
WANT_PKTS=4 capture ike-auth-failed 1 'AUTHENTICATION_FAILED' \
  "PSK mismatch: IKE_SA_INIT ok, IKE_AUTH answered with an encrypted N(AUTHENTICATION_FAILED); no CHILD_SA, no ESP" \
  act_initiate

use_variant esp-no-proposal 2 $BASE_IKE aes128gcm16 $BASE_PSK 2 $B
WANT_PKTS=4 capture esp-no-proposal 1 'NO_PROPOSAL_CHOSEN' \
  "ESP proposal mismatch: IKE_SA established, the CHILD_SA is refused with N(NO_PROPOSAL_CHOSEN) inside the encrypted IKE_AUTH response; no ESP" \
  act_initiate

LAB_CPE_RTS=100.64.0.99 use_variant ts-unacceptable 2 $B 2 $B
WANT_PKTS=4 capture ike-ts-unacceptable 1 'TS_UNACCEPTABLE' \
  "traffic selector mismatch: IKE_SA established, the CHILD_SA is refused with N(TS_UNACCEPTABLE) inside the encrypted IKE_AUTH response; no ESP" \
  act_initiate

use_variant udp500-dropped 2 $B 2 $B
WANT_PKTS=4 capture ike-udp500-dropped 1 'peer not responding|giving up after [0-9]+ retransmits' \
  "UDP 500 dropped by nftables in the DC: IKE_SA_INIT request 0 retransmitted 3 times, never answered" \
  act_udp500_dropped

use_variant ikev1 1 $BASE_IKE $BASE_ESP $BASE_PSK 2 $B
WANT_PKTS=2 capture ikev1-vs-ikev2 1 'received NO_PROPOSAL_CHOSEN error notify' \
  "IKEv1 initiator (version = 1, main mode) against an IKEv2-only responder: the responder answers with an IKEv1 INFORMATIONAL N(NO_PROPOSAL_CHOSEN)" act_initiate

use_variant esp-one-way 2 $B 2 $B
capture esp-one-way 0 'packet loss' \
  "IKEv2 SA and CHILD_SA established, then the DC drops ESP-in-UDP (not IKE): ESP from the CPE, none back" \
  act_esp_one_way

DIFF="  no IKE exchange: GRE between the WAN addresses, which no CHILD_SA covers (no IPsec policy)"
capture gre-keepalive 0 'sent [0-9]+ keepalives .*, [1-9][0-9]* replies' \
  "cleartext GRE between the WAN addresses (no IPsec): Cisco-style keepalives CPE->DC, each reflected DC->CPE as GRE protocol 0" \
  act_gre_keepalive

DIFF="  no IKE exchange: GRE between the WAN addresses carrying a BGP session (TCP 179) in clear"
capture gre-bgp 0 'sent NOTIFICATION Cease' \
  "cleartext GRE between the WAN addresses (no IPsec) carrying a BGP session: TCP 179 handshake, OPEN, KEEPALIVE, UPDATE each way, NOTIFICATION Cease, FIN" \
  act_gre_bgp

undrop
if [ $FAILED = 0 ]; then
  echo "lab: all captures written to $OUT in $(lab_ts)s"
else
  echo "lab: some captures failed (see above); files in $OUT" >&2
  exit $EXIT_CAPTURE
fi
