#!/bin/bash
# Runs INSIDE the lab VM as root (copied in by lab.sh at every boot; not part of the cached image).
#   vm-lab.sh boot | wait-ready SECONDS | fault NAME | heal | status
# The VM's root network namespace is the CPE; dca and dcb are network namespaces.
#   CPE wan-a 198.51.100.1/30 <-> dca wan 198.51.100.2/30   gre1 100.64.1.2/30 <-> dca gre1 100.64.1.1/30
#   CPE wan-b 198.51.100.5/30 <-> dcb wan 198.51.100.6/30   gre2 100.64.2.2/30 <-> dcb gre1 100.64.2.1/30
#   CPE AS 65001 sends 0.0.0.0/0; DC-A AS 64512 sends 203.0.113.0/25 + /24; DC-B AS 64513 sends .128/25 + /24.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
L=/lab
FAULT_FILE=/run/lab-fault
PSK_A=vc-lab-psk-dca-5e1f0a
PSK_B=vc-lab-psk-dcb-93c7d2
PSK_WRONG=vc-lab-psk-dca-WRONG-77
BGP_PW=vc-lab-bgp-md5-4b2e
IKE_OK=aes256-sha256-modp2048
IKE_BAD=aes128gcm16-prfsha256-ecp256

t0=$(cut -d' ' -f1 /proc/uptime)
msg() { echo "$*"; }
fail() { echo "FAILED: $*"; exit 1; }

# ---------------------------------------------------------------- strongSwan
ss_conf() { # ss_conf FILE VICI LOG
  cat >"$1" <<EOF
charon {
  load_modular = no
  load = random nonce openssl aes sha1 sha2 hmac gmp pem pkcs1 x509 pubkey kdf kernel-netlink socket-default vici updown
  install_routes = no
  retransmit_timeout = 2.0
  retransmit_tries = 3
  plugins {
    vici {
      socket = unix://$2
    }
  }
  filelog {
    log {
      path = $3
      time_format = %b %e %T
      append = yes
      flush_line = yes
      default = 1
    }
  }
  syslog {
    daemon {
      default = -1
    }
  }
}
swanctl {
  load = pem pkcs1 x509 pubkey openssl random
  socket = unix://$2
}
EOF
}

ss_conn() { # ss_conn NAME LOCAL REMOTE PSK PROPOSALS ROLE(cpe|dc)
  local start=none
  [ "$6" = cpe ] && start=trap
  cat <<EOF
connections {
  $1 {
    version = 2
    local_addrs = $2
    remote_addrs = $3
    proposals = $5
    mobike = no
    dpd_delay = 10s
    local {
      auth = psk
      id = $2
    }
    remote {
      auth = psk
      id = $3
    }
    children {
      $1-gre {
        local_ts = $2/32[gre]
        remote_ts = $3/32[gre]
        mode = transport
        esp_proposals = aes256-sha256-modp2048
        start_action = $start
        dpd_action = $([ "$6" = cpe ] && echo trap || echo clear)
        close_action = $([ "$6" = cpe ] && echo trap || echo none)
      }
    }
  }
}
secrets {
  ike-$1 {
    id-1 = $2
    id-2 = $3
    secret = "$4"
  }
}
EOF
}

write_dca_swanctl() { # write_dca_swanctl PROPOSALS PSK
  ss_conn vc-dca 198.51.100.2 198.51.100.1 "$2" "$1" dc >$L/dca/swanctl.conf
}

sw() { local ns=$1; shift; if [ "$ns" = cpe ]; then swanctl "$@"; else STRONGSWAN_CONF=$L/$ns/strongswan.conf swanctl "$@"; fi; }

charon_start() { charon_spawn "$1"; charon_wait "$1"; }
charon_spawn() { # charon_spawn NS
  if [ "$1" = cpe ]; then
    (setsid /usr/lib/ipsec/charon </dev/null >>/var/log/charon.stdout 2>&1 &)
  else
    mkdir -p $L/$1/run
    (setsid ip netns exec "$1" sh -c "mount --bind $L/$1/run /run && STRONGSWAN_CONF=$L/$1/strongswan.conf exec /usr/lib/ipsec/charon" \
      </dev/null >>$L/$1/charon.stdout 2>&1 &)
  fi
}
charon_wait() { # charon_wait NS : until it answers on vici (the CPE's socket is then opened to group vici)
  local sock=$L/$1/run/charon.vici
  [ "$1" = cpe ] && sock=/run/charon.vici
  for _ in $(seq 1 200); do [ -S $sock ] && break; sleep 0.1; done
  # (charon chowns its log file to its own uid/gid when it opens it: re-open it to group vici here)
  [ "$1" = cpe ] && chgrp vici $sock /var/log/charon.log && chmod 0660 $sock && chmod 0640 /var/log/charon.log
  for _ in $(seq 1 100); do sw "$1" --stats >/dev/null 2>&1 && return 0; sleep 0.2; done
  fail "charon in $1 does not answer on vici"
}

charon_stop() { # charon_stop NS
  local pidf=$L/$1/run/charon.pid pid
  [ "$1" = cpe ] && pidf=/run/charon.pid
  pid=$(cat "$pidf" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
  alive "$pid" && kill -9 "$pid" 2>/dev/null
  rm -f "$pidf" $L/$1/run/charon.vici
}

alive() { [ -d /proc/$1 ] && ! grep -q '^[0-9]* ([^)]*) Z' /proc/$1/stat 2>/dev/null; }

# ---------------------------------------------------------------- FRR
write_frr_cpe() {
  cat >/etc/frr/zebra.conf <<'EOF'
hostname cpe
log file /var/log/frr/zebra.log
!
EOF
  cat >/etc/frr/bgpd.conf <<'EOF'
hostname cpe
log file /var/log/frr/bgpd.log
log timestamp precision 3
!
ip prefix-list VC-DCA-IN seq 10 permit 203.0.113.0/24 le 25
ip prefix-list VC-DCB-IN seq 10 permit 203.0.113.0/24 le 25
ip prefix-list VC-DEFAULT-ONLY seq 10 permit 0.0.0.0/0
!
route-map VC-DCA-IN permit 10
 match ip address prefix-list VC-DCA-IN
!
route-map VC-DCB-IN permit 10
 match ip address prefix-list VC-DCB-IN
!
route-map VC-OUT permit 10
 match ip address prefix-list VC-DEFAULT-ONLY
!
router bgp 65001
 bgp router-id 198.51.100.1
 bgp log-neighbor-changes
 no bgp network import-check
 neighbor 100.64.1.1 remote-as 64512
 neighbor 100.64.1.1 description VC-DC-A
 neighbor 100.64.1.1 timers 5 15
 neighbor 100.64.1.1 timers connect 5
 neighbor 100.64.2.1 remote-as 64513
 neighbor 100.64.2.1 description VC-DC-B
 neighbor 100.64.2.1 timers 5 15
 neighbor 100.64.2.1 timers connect 5
 !
 address-family ipv4 unicast
  network 0.0.0.0/0
  neighbor 100.64.1.1 soft-reconfiguration inbound
  neighbor 100.64.1.1 route-map VC-DCA-IN in
  neighbor 100.64.1.1 route-map VC-OUT out
  neighbor 100.64.2.1 soft-reconfiguration inbound
  neighbor 100.64.2.1 route-map VC-DCB-IN in
  neighbor 100.64.2.1 route-map VC-OUT out
 exit-address-family
!
EOF
  chown frr:frr /etc/frr/zebra.conf /etc/frr/bgpd.conf
  chmod 0640 /etc/frr/zebra.conf /etc/frr/bgpd.conf
}

write_frr_dc() { # write_frr_dc NS ASN RID PEER PREFIX25
  local d=$L/$1
  printf 'hostname %s\nlog file %s/zebra.log\n!\n' "$1" "$d" >$d/zebra.conf
  cat >$d/bgpd.conf <<EOF
hostname $1
log file $d/bgpd.log
!
route-map VC-IN permit 10
!
ip prefix-list VC-DI-PREFIXES seq 10 permit 203.0.113.0/24 le 25
!
route-map VC-OUT permit 10
 match ip address prefix-list VC-DI-PREFIXES
!
router bgp $2
 bgp router-id $3
 bgp log-neighbor-changes
 no bgp network import-check
 neighbor $4 remote-as 65001
 neighbor $4 description VC-CPE
 neighbor $4 timers 5 15
 neighbor $4 timers connect 5
 !
 address-family ipv4 unicast
  network $5
  network 203.0.113.0/24
  neighbor $4 route-map VC-IN in
  neighbor $4 route-map VC-OUT out
 exit-address-family
!
EOF
  chown -R frr:frr $d
}

frr_start() { # frr_start NS DAEMON
  local ns=$1 dm=$2
  if [ "$ns" = cpe ]; then
    /usr/lib/frr/$dm -d -f /etc/frr/$dm.conf >>/var/log/frr/$dm.stdout 2>&1
    [ $dm = zebra ] && for _ in $(seq 1 100); do [ -S /run/frr/zserv.api ] && break; sleep 0.1; done
  else
    install -d -o frr -g frr -m 0755 /run/frr/$ns
    ip netns exec "$ns" /usr/lib/frr/$dm -d -N "$ns" -f $L/$ns/$dm.conf >>$L/$ns/$dm.stdout 2>&1
    [ $dm = zebra ] && for _ in $(seq 1 100); do [ -S /run/frr/$ns/zserv.api ] && break; sleep 0.1; done
  fi
  return 0
}

frr_stop() { # frr_stop NS DAEMON
  local pidf=/run/frr/$1/$2.pid pid
  [ "$1" = cpe ] && pidf=/run/frr/$2.pid
  pid=$(cat "$pidf" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
  alive "$pid" && kill -9 "$pid" 2>/dev/null
  rm -f "$pidf" "${pidf%.pid}.vty"
}

vt() { local ns=$1; shift; if [ "$ns" = cpe ]; then vtysh "$@"; else vtysh -N "$ns" "$@" 2>/dev/null; fi; }

# ---------------------------------------------------------------- checks (CPE view)
ike_up() { # ike_up CONN : IKE_SA ESTABLISHED and CHILD_SA INSTALLED
  local o; o=$(swanctl --list-sas --ike "$1" 2>/dev/null)
  echo "$o" | grep -q ESTABLISHED && echo "$o" | grep -q INSTALLED
}
gre_up() { ping -c 1 -W 1 -I "$1" "$2" >/dev/null 2>&1; }
bgp_state() { vtysh -c 'show bgp summary json' 2>/dev/null | jq -r --arg p "$1" '.ipv4Unicast.peers[$p].state // "none"'; }
bgp_pfx() { vtysh -c 'show bgp summary json' 2>/dev/null | jq -r --arg p "$1" '.ipv4Unicast.peers[$p].pfxRcd // 0'; }
bgp_up() { [ "$(bgp_state "$1")" = Established ] && [ "$(bgp_pfx "$1")" = "${2:-2}" ]; }
has_route() { # has_route PEER routes|received-routes PREFIX
  vtysh -c "show bgp ipv4 unicast neighbors $1 $2 json" 2>/dev/null | jq -e --arg p "$3" '(.routes // .receivedRoutes // .advertisedRoutes // {}) | has($p)' >/dev/null
}

until_ok() { # until_ok SECONDS DESCRIPTION CMD... : poll, print the description with the VM-side time when true
  local t=$1 what=$2 end; shift 2
  end=$(($(date +%s) + t))
  while [ "$(date +%s)" -le $end ]; do
    if "$@"; then msg "$what"; return 0; fi
    sleep 0.5
  done
  fail "timeout after ${t}s waiting for: $what"
}
not() { ! "$@"; }

# ---------------------------------------------------------------- boot
boot() {
  set -x
  hostname cpe
  echo cpe >/etc/hostname
  modprobe -a virtio_pci virtio_net veth ip_gre esp4 xfrm_user || echo "modprobe failed"
  for _ in $(seq 1 50); do [ -e /sys/class/net/eth0 ] && break; sleep 0.1; done
  # minbase has no netbase: strongSwan resolves the [gre] in its traffic selectors via /etc/protocols
  [ -s /etc/protocols ] || printf '%s\n' 'ip 0 IP' 'icmp 1 ICMP' 'tcp 6 TCP' 'udp 17 UDP' 'gre 47 GRE' \
    'esp 50 IPSEC-ESP' 'ah 51 IPSEC-AH' 'ipv6-icmp 58 IPv6-ICMP' >/etc/protocols
  sysctl -qw net.ipv4.ping_group_range="0 2147483647" net.ipv4.ip_forward=1
  ip link set lo up
  # qemu user net (hostfwd to sshd only); no default route, so the CPE's RIB stays lab-only
  ip addr add 100.64.255.15/24 dev eth0 && ip link set eth0 up
  # users: vcdiag (no sudo) in frrvty (vtysh) and vici (swanctl socket, charon log)
  groupadd -f vici
  id vcdiag >/dev/null 2>&1 || useradd -m -s /bin/bash -G frrvty,vici vcdiag
  usermod -p '*' vcdiag; usermod -p '*' root
  install -d -o vcdiag -g vcdiag -m 0700 /home/vcdiag/.ssh
  install -o vcdiag -g vcdiag -m 0600 $L/keys/vcdiag.pub /home/vcdiag/.ssh/authorized_keys
  ln -sf /usr/sbin/swanctl /usr/local/bin/swanctl
  # sshd first, so the host can watch the rest of the boot
  mkdir -p /run/sshd
  cat >/etc/ssh/sshd_config <<'EOF'
Port 22
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
PrintMotd no
AuthorizedKeysFile .ssh/authorized_keys
Subsystem sftp internal-sftp
EOF
  /usr/sbin/sshd -E /var/log/sshd.log

  # topology
  for ns in dca dcb; do ip netns add $ns; ip -n $ns link set lo up; done
  ip link add wan-a type veth peer name wan netns dca
  ip link add wan-b type veth peer name wan netns dcb
  ip addr add 198.51.100.1/30 dev wan-a; ip link set wan-a up
  ip addr add 198.51.100.5/30 dev wan-b; ip link set wan-b up
  ip -n dca addr add 198.51.100.2/30 dev wan; ip -n dca link set wan up
  ip -n dcb addr add 198.51.100.6/30 dev wan; ip -n dcb link set wan up
  # GRE (MTU 1400: room for ESP; DF pings of 1372+28 fit, 1448+28 do not)
  ip tunnel add gre1 mode gre local 198.51.100.1 remote 198.51.100.2 ttl 255
  ip tunnel add gre2 mode gre local 198.51.100.5 remote 198.51.100.6 ttl 255
  ip -n dca tunnel add gre1 mode gre local 198.51.100.2 remote 198.51.100.1 ttl 255
  ip -n dcb tunnel add gre1 mode gre local 198.51.100.6 remote 198.51.100.5 ttl 255
  ip link set gre1 mtu 1400 up; ip addr add 100.64.1.2/30 dev gre1
  ip link set gre2 mtu 1400 up; ip addr add 100.64.2.2/30 dev gre2
  ip -n dca link set gre1 mtu 1400 up; ip -n dca addr add 100.64.1.1/30 dev gre1
  ip -n dcb link set gre1 mtu 1400 up; ip -n dcb addr add 100.64.2.1/30 dev gre1

  # strongSwan: one charon per namespace, kernel ESP (kernel-netlink), transport mode, GRE selectors
  mkdir -p $L/dca $L/dcb /etc/swanctl
  ss_conf /etc/strongswan.conf /run/charon.vici /var/log/charon.log
  install -m 0640 -g vici /dev/null /var/log/charon.log
  ss_conf $L/dca/strongswan.conf $L/dca/run/charon.vici $L/dca/charon.log
  ss_conf $L/dcb/strongswan.conf $L/dcb/run/charon.vici $L/dcb/charon.log
  { ss_conn vc-dca 198.51.100.1 198.51.100.2 $PSK_A $IKE_OK cpe; ss_conn vc-dcb 198.51.100.5 198.51.100.6 $PSK_B $IKE_OK cpe; } >/etc/swanctl/swanctl.conf
  chmod 0600 /etc/swanctl/swanctl.conf
  write_dca_swanctl $IKE_OK $PSK_A
  ss_conn vc-dcb 198.51.100.6 198.51.100.5 $PSK_B $IKE_OK dc >$L/dcb/swanctl.conf
  for ns in dca dcb cpe; do charon_spawn $ns; done
  for ns in dca dcb cpe; do charon_wait $ns; done
  sw dca --load-all --file $L/dca/swanctl.conf >$L/dca/load.out 2>&1 &
  sw dcb --load-all --file $L/dcb/swanctl.conf >$L/dcb/load.out 2>&1 &
  wait
  swanctl --load-all >/var/log/swanctl-load.out 2>&1
  echo charon-started >/run/lab-stage

  # FRR
  write_frr_cpe
  write_frr_dc dca 64512 198.51.100.2 100.64.1.2 203.0.113.0/25
  write_frr_dc dcb 64513 198.51.100.6 100.64.2.2 203.0.113.128/25
  mkdir -p /var/log/frr && chown frr:frr /var/log/frr
  # vtysh for group frrvty (what the Debian postinst would have set)
  chown frr:frrvty /etc/frr /etc/frr/vtysh.conf && chmod 0750 /etc/frr && chmod 0640 /etc/frr/vtysh.conf
  install -d -o frr -g frr -m 0755 /run/frr
  for ns in cpe dca dcb; do frr_start $ns zebra & done; wait
  for ns in cpe dca dcb; do frr_start $ns bgpd & done; wait
  echo frr-started >/run/lab-stage
  # bring the tunnels up now rather than on the first GRE packet
  (swanctl --initiate --child vc-dca-gre --timeout 20 >/var/log/swanctl-initiate-a.out 2>&1 &)
  (swanctl --initiate --child vc-dcb-gre --timeout 20 >/var/log/swanctl-initiate-b.out 2>&1 &)
  echo healthy >$FAULT_FILE
  echo booted >/run/lab-stage
  set +x
}

wait_ready() { # wait_ready SECONDS : every rung on both tunnels, in ladder order
  local t=${1:-180}
  until_ok "$t" "VM: lab daemons started (3 charon, 3 zebra+bgpd)" grep -qsx booted /run/lab-stage
  until_ok "$t" "IKE SAs ESTABLISHED + CHILD_SAs INSTALLED (vc-dca, vc-dcb)" both_ike
  until_ok "$t" "GRE tunnel pings OK (gre1 100.64.1.1, gre2 100.64.2.1)" both_gre
  until_ok "$t" "BGP Established, 2 prefixes from each DC (100.64.1.1, 100.64.2.1)" both_bgp
  until_ok 30 "CPE advertises 0.0.0.0/0 to both DCs" both_adv
}
both_ike() { ike_up vc-dca && ike_up vc-dcb; }
both_gre() { gre_up gre1 100.64.1.1 && gre_up gre2 100.64.2.1; }
both_bgp() { bgp_up 100.64.1.1 2 && bgp_up 100.64.2.1 2; }
both_adv() { has_route 100.64.1.1 advertised-routes 0.0.0.0/0 && has_route 100.64.2.1 advertised-routes 0.0.0.0/0; }

# ---------------------------------------------------------------- faults
reset_ike_a() { # tear down tunnel 1 from the CPE and try it again (the result depends on DC-A's config)
  swanctl --terminate --ike vc-dca --timeout 5 >/dev/null 2>&1
  swanctl --initiate --child vc-dca-gre --timeout 15 >/run/lab-initiate.out 2>&1
  return 0
}

bgp_not_established() { [ "$(bgp_state "$1")" != Established ]; }
ike_down() { ! ike_up "$1"; }
filtered_24() { has_route 100.64.1.1 received-routes 203.0.113.0/24 && ! has_route 100.64.1.1 routes 203.0.113.0/24; }
stays() { # stays SECONDS CMD... : true now and still true SECONDS later (not just a transient)
  local t=$1; shift
  "$@" || return 1; sleep "$t"; "$@"
}

fault() {
  local f=$1
  [ "$(cat $FAULT_FILE 2>/dev/null)" = healthy ] || heal || return 1
  case $f in
    ike-proposal-mismatch)
      write_dca_swanctl $IKE_BAD $PSK_A
      sw dca --load-all --file $L/dca/swanctl.conf >/dev/null 2>&1
      reset_ike_a
      until_ok 60 "vc-dca IKE_SA not ESTABLISHED (DC-A proposes $IKE_BAD only: NO_PROPOSAL_CHOSEN)" stays 2 ike_down vc-dca
      until_ok 60 "BGP 100.64.1.1 not Established (hold timer, tunnel 1 carries nothing)" bgp_not_established 100.64.1.1 ;;
    psk-mismatch)
      write_dca_swanctl $IKE_OK $PSK_WRONG
      sw dca --load-all --file $L/dca/swanctl.conf >/dev/null 2>&1
      reset_ike_a
      until_ok 60 "vc-dca IKE_SA not ESTABLISHED (DC-A has a different PSK: AUTHENTICATION_FAILED)" stays 2 ike_down vc-dca
      until_ok 60 "BGP 100.64.1.1 not Established (hold timer, tunnel 1 carries nothing)" bgp_not_established 100.64.1.1 ;;
    bgp-wrong-remote-as)
      vtysh -c 'configure terminal' -c 'router bgp 65001' -c 'neighbor 100.64.1.1 remote-as 64599' >/dev/null
      vtysh -c 'clear bgp ipv4 unicast 100.64.1.1' >/dev/null 2>&1
      until_ok 60 "BGP 100.64.1.1 not Established (CPE expects AS 64599, DC-A is 64512: Bad Peer AS)" stays 2 bgp_not_established 100.64.1.1 ;;
    inbound-filter-24)
      vtysh -c 'configure terminal' -c 'ip prefix-list VC-DCA-IN seq 5 deny 203.0.113.0/24' >/dev/null
      vtysh -c 'clear bgp ipv4 unicast 100.64.1.1 soft in' >/dev/null
      until_ok 60 "203.0.113.0/24 from DC-A in received-routes but not in routes (CPE inbound prefix-list)" filtered_24 ;;
    dcb-down)
      frr_stop dcb bgpd; frr_stop dcb zebra
      charon_stop dcb
      ip -n dcb link set wan down
      until_ok 60 "DC-B down: BGP 100.64.2.1 not Established" bgp_not_established 100.64.2.1
      until_ok 60 "DC-B down: vc-dcb IKE_SA not ESTABLISHED" ike_down vc-dcb ;;
    bgp-password-mismatch)
      vt dca -c 'configure terminal' -c 'router bgp 64512' -c "neighbor 100.64.1.2 password $BGP_PW" >/dev/null
      until_ok 60 "BGP 100.64.1.1 not Established (DC-A requires TCP MD5, the CPE sends none)" stays 2 bgp_not_established 100.64.1.1 ;;
    *) fail "unknown fault $f" ;;
  esac
  echo "$f" >$FAULT_FILE
}

heal() {
  local f; f=$(cat $FAULT_FILE 2>/dev/null || echo unknown)
  case $f in
    healthy) ;;
    ike-proposal-mismatch | psk-mismatch)
      write_dca_swanctl $IKE_OK $PSK_A
      sw dca --load-all --file $L/dca/swanctl.conf >/dev/null 2>&1
      reset_ike_a ;;
    bgp-wrong-remote-as)
      vtysh -c 'configure terminal' -c 'router bgp 65001' -c 'neighbor 100.64.1.1 remote-as 64512' >/dev/null
      vtysh -c 'clear bgp ipv4 unicast 100.64.1.1' >/dev/null 2>&1 ;;
    inbound-filter-24)
      # FRR 8.4: deleting just the seq 5 entry leaves the list denying everything; rebuild the list
      vtysh -c 'configure terminal' -c 'no ip prefix-list VC-DCA-IN' \
        -c 'ip prefix-list VC-DCA-IN seq 10 permit 203.0.113.0/24 le 25' >/dev/null
      vtysh -c 'clear bgp ipv4 unicast 100.64.1.1 soft in' >/dev/null ;;
    dcb-down)
      ip -n dcb link set wan up
      charon_start dcb
      sw dcb --load-all --file $L/dcb/swanctl.conf >/dev/null 2>&1
      frr_start dcb zebra; frr_start dcb bgpd
      swanctl --terminate --ike vc-dcb --timeout 5 >/dev/null 2>&1
      swanctl --initiate --child vc-dcb-gre --timeout 15 >/dev/null 2>&1 ;;
    bgp-password-mismatch)
      vt dca -c 'configure terminal' -c 'router bgp 64512' -c 'no neighbor 100.64.1.2 password' >/dev/null ;;
    *)
      fail "unknown lab state '$f': restart the lab (lab.sh down; lab.sh up)" ;;
  esac
  until_ok 90 "healthy: both IKE SAs up" both_ike
  until_ok 30 "healthy: both GRE tunnels ping" both_gre
  until_ok 90 "healthy: both BGP sessions Established with 2 prefixes each" both_bgp
  # a route-map/prefix-list change must also be gone from the running config
  vtysh -c 'show running-config' | grep -q -e 'remote-as 64599' -e 'seq 5 deny' && fail "CPE running-config still carries a fault"
  echo healthy >$FAULT_FILE
}

status() {
  echo "fault: $(cat $FAULT_FILE 2>/dev/null || echo none)  stage: $(cat /run/lab-stage 2>/dev/null)"
  local c; for c in vc-dca vc-dcb; do ike_up $c && echo "ike $c: up" || echo "ike $c: DOWN"; done
  gre_up gre1 100.64.1.1 && echo "gre1: ping ok" || echo "gre1: ping FAILS"
  gre_up gre2 100.64.2.1 && echo "gre2: ping ok" || echo "gre2: ping FAILS"
  local p; for p in 100.64.1.1 100.64.2.1; do echo "bgp $p: $(bgp_state $p) pfxRcd=$(bgp_pfx $p)"; done
}

case ${1:-} in
  boot) boot ;;
  wait-ready) wait_ready "${2:-180}" ;;
  fault) fault "${2:-}" ;;
  heal) heal ;;
  status) status ;;
  *) echo "usage: vm-lab.sh boot|wait-ready SECONDS|fault NAME|heal|status" >&2; exit 1 ;;
esac
