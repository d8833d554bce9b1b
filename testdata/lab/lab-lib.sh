# Shared by lab-up.sh, lab-captures.sh and lab-down.sh (sourced, not run).
#
# The lab is two network namespaces joined by one veth pair:
#   $LAB_PREFIX-cpe  wan 198.51.100.1/30, lo 100.64.0.1/32   (the customer router, IKE initiator)
#   $LAB_PREFIX-dc   wan 198.51.100.2/30, lo 100.64.0.2/32   (the Webex DC headend, IKE responder)
# Each runs its own strongSwan charon (userspace ESP through kernel-libipsec, because this kernel
# class has no INET_ESP/xfrm). Only documentation and shared-address ranges are used, and only
# inside the namespaces: the veth is created directly inside them, so the root namespace never
# sees an interface or an address of the lab.

LAB_PREFIX=${LAB_PREFIX:-vcdlab}
LAB_STATE=${LAB_STATE:-${TMPDIR:-/tmp}/$LAB_PREFIX}
CPE_NS=$LAB_PREFIX-cpe
DC_NS=$LAB_PREFIX-dc
CPE_WAN=198.51.100.1
DC_WAN=198.51.100.2
CPE_INNER=100.64.0.1
DC_INNER=100.64.0.2
LAB_PACKAGES="strongswan-charon strongswan-swanctl libcharon-extra-plugins libstrongswan-standard-plugins tcpdump iputils-ping iproute2 nftables ethtool"

# Exit codes shared by the scripts: CI skips on EXIT_ENV and fails on anything else non-zero.
EXIT_CAPTURE=1
EXIT_ENV=2

die_env() { echo "lab: cannot run: $*" >&2; exit $EXIT_ENV; }

lab_ts() { # seconds since LAB_T0, for progress lines
  local now; now=$(date +%s%N)
  printf '%d.%02d' $(((now - LAB_T0) / 1000000000)) $((((now - LAB_T0) / 10000000) % 100))
}
LAB_T0=$(date +%s%N)

# lab_preflight checks everything the lab needs that a script cannot fix by itself, so that CI
# gets one clear line (and EXIT_ENV) instead of a half-built lab.
lab_preflight() {
  [ "$(id -u)" = 0 ] || die_env "must run as root (network namespaces, raw sockets, mount --bind)"
  case $LAB_PREFIX in
    *[!a-z0-9]* | "") die_env "LAB_PREFIX must be lower-case letters and digits, got '$LAB_PREFIX'" ;;
  esac
  [ ${#LAB_PREFIX} -le 10 ] || die_env "LAB_PREFIX '$LAB_PREFIX' is longer than 10 characters"
  command -v ip >/dev/null || lab_install
  local probe=$LAB_PREFIX-probe
  ip netns del "$probe" 2>/dev/null
  ip netns add "$probe" 2>/dev/null || die_env "cannot create a network namespace (ip netns add failed)"
  if ! ip netns exec "$probe" sh -c 'mount --bind /tmp /run' 2>/dev/null; then
    ip netns del "$probe"; die_env "cannot bind-mount inside a network namespace (needed for one charon per namespace)"
  fi
  ip netns del "$probe"
  [ -c /dev/net/tun ] || die_env "/dev/net/tun is missing (kernel-libipsec needs a TUN device)"
}

# lab_install installs the Debian packages when a binary is missing. It never upgrades anything.
lab_install() {
  local missing=0 b
  for b in /usr/lib/ipsec/charon /usr/sbin/swanctl /usr/sbin/tcpdump /usr/sbin/nft /usr/bin/ping /usr/sbin/ip /usr/sbin/ethtool \
    /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so /usr/lib/ipsec/plugins/libstrongswan-openssl.so; do
    [ -e "$b" ] || [ -e "/bin/${b##*/}" ] || missing=1
  done
  [ $missing = 0 ] && return 0
  command -v apt-get >/dev/null || die_env "packages missing and no apt-get: install $LAB_PACKAGES"
  echo "lab: installing $LAB_PACKAGES" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $LAB_PACKAGES; } \
    >"${TMPDIR:-/tmp}/$LAB_PREFIX-apt.log" 2>&1 ||
    die_env "apt-get install failed (see ${TMPDIR:-/tmp}/$LAB_PREFIX-apt.log)"
}

ss_dir() { echo "$LAB_STATE/$1"; }

# sw NS ARGS... runs swanctl against the charon of one namespace (vici socket from its conf).
sw() { local ns=$1; shift; STRONGSWAN_CONF=$(ss_dir "$ns")/strongswan.conf swanctl "$@"; }

# ss_write_conf NS [fast] writes strongswan.conf. Retransmits keep strongSwan's defaults (4 s,
# x1.8, 5 tries), so a DH computation slowed down by a busy machine never causes a retransmit in
# a capture; "fast" (1 s, x1.4, 3 tries: gives up after about 7 s) is loaded with
# "swanctl --reload-settings" only for the capture where nobody answers.
ss_write_conf() {
  local d retr=; d=$(ss_dir "$1"); mkdir -p "$d/run"
  [ "${2:-}" = fast ] && retr="retransmit_timeout = 1.0
  retransmit_base = 1.4
  retransmit_tries = 3"
  cat >"$d/strongswan.conf" <<EOF
charon {
  load_modular = no
  # kernel-libipsec must come before kernel-netlink
  load = random nonce openssl aes sha1 sha2 hmac gmp pem pkcs1 x509 pubkey kdf kernel-libipsec kernel-netlink socket-default vici updown
  install_virtual_ip = no
  $retr
  plugins {
    vici { socket = unix://$d/run/charon.vici }
  }
  filelog {
    log {
      path = $d/charon.log
      time_format = %H:%M:%S
      append = yes
      flush_line = yes
      default = 1
    }
  }
  syslog { daemon { default = -1 } }
}
swanctl {
  load = random nonce openssl pem pkcs1 pkcs8 x509 pubkey
  socket = unix://$d/run/charon.vici
}
EOF
}

# ss_write_conn NS VARIANT VERSION IKE_PROPOSALS ESP_PROPOSALS SECRET writes
# $LAB_STATE/NS/VARIANT.conf: the one connection "vc" seen from NS. The baseline is
#   version 2, aes256-sha256-modp2048 for IKE and ESP, PSK "vc-lab-psk".
# LAB_CPE_RTS, when set, replaces the CPE's remote traffic selector (selector mismatch case).
ss_write_conn() {
  local ns=$1 variant=$2 ver=$3 ike=$4 esp=$5 secret=$6 lw rw lid rid lts rts
  if [ "$ns" = "$CPE_NS" ]; then
    lw=$CPE_WAN rw=$DC_WAN lid=cpe.example rid=dc.example lts=$CPE_INNER rts=${LAB_CPE_RTS:-$DC_INNER}
  else
    lw=$DC_WAN rw=$CPE_WAN lid=dc.example rid=cpe.example lts=$DC_INNER rts=$CPE_INNER
  fi
  cat >"$(ss_dir "$ns")/$variant.conf" <<EOF
connections {
  vc {
    version = $ver
    # no MOBIKE (IOS-XE does not do it either): otherwise the IPv6 link-local address settling
    # after link-up triggers address-list INFORMATIONAL exchanges in the middle of a capture
    mobike = no
    local_addrs = $lw
    remote_addrs = $rw
    proposals = $ike
    local { auth = psk
            id = $lid }
    remote { auth = psk
             id = $rid }
    children {
      vc-child {
        local_ts = $lts/32
        remote_ts = $rts/32
        esp_proposals = $esp
        mode = tunnel
      }
    }
  }
}
secrets {
  ike-vc { id-1 = $lid
           id-2 = $rid
           secret = "$secret" }
}
EOF
}

# charon_start NS: "ip netns exec" gives the command its own mount namespace, so a bind mount over
# /run there gives each charon its own /run/charon.pid (the path is compiled in).
charon_start() {
  local d; d=$(ss_dir "$1")
  setsid ip netns exec "$1" sh -c "mount --bind $d/run /run && STRONGSWAN_CONF=$d/strongswan.conf exec /usr/lib/ipsec/charon" \
    </dev/null >"$d/charon.stdout" 2>&1 &
}

waitfor() { # waitfor SECONDS CMD...: poll every 0.1 s
  local n=$(($1 * 10)) i; shift
  for ((i = 0; i < n; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "lab: timeout waiting for: $*" >&2; return 1
}

# lab_down stops exactly the charons this lab started (PID from their pid files, checked against
# /proc/PID/comm), any helper recorded in $LAB_STATE/*.pid, and deletes the namespaces.
lab_down() {
  local pids=() ns f p
  for ns in "$CPE_NS" "$DC_NS"; do
    f=$(ss_dir "$ns")/run/charon.pid
    [ -s "$f" ] && p=$(cat "$f") && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = charon ] && pids+=("$p")
  done
  for f in "$LAB_STATE"/*.pid; do
    [ -s "$f" ] && p=$(cat "$f") && [ -d "/proc/$p" ] && pids+=("$p")
  done
  if [ ${#pids[@]} -gt 0 ]; then
    kill "${pids[@]}" 2>/dev/null
    for _ in $(seq 1 30); do
      local alive=0; for p in "${pids[@]}"; do [ -d "/proc/$p" ] && alive=1; done
      [ $alive = 0 ] && break; sleep 0.1
    done
  fi
  for ns in "$CPE_NS" "$DC_NS"; do
    if ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$ns"; then
      p=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')
      [ -n "$p" ] && echo "lab: WARNING processes left in $ns: $p" >&2
      ip netns del "$ns"
    fi
  done
  rm -f "$LAB_STATE"/*.pid
}
