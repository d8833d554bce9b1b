#!/usr/bin/env bash
# vcdiag Linux-CPE lab: one Debian VM (qemu, software emulation) whose root network namespace is the
# customer router (CPE) and whose namespaces dca/dcb are the two Webex data centers. Real kernel
# GRE over real kernel IPsec (strongSwan charon, kernel-netlink, transport mode, GRE selectors) and
# eBGP (FRR) over the GRE tunnels. vcdiag reaches the CPE over SSH on 127.0.0.1:PORT as user vcdiag.
#
#   lab.sh up | down | status | fault NAME | heal | outputs DIR
#
# Exit status: 0 ok, 1 failed (the last line says what), 2 this machine cannot run the lab (one
# "lab: cannot run: ..." line on stderr). See README.md in this directory.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB_STATE=${LAB_STATE:-${TMPDIR:-/tmp}/vcdiag-lab-linux}
LAB_CACHE=${LAB_CACHE:-/var/cache/vcdiag-lab}
LAB_SMP=${LAB_SMP:-2}
LAB_MEM=${LAB_MEM:-2048}
BUILD_VERSION=1 # bump when the rootfs recipe below changes (part of the cache key)
SUITE=bookworm
KERNEL_META=linux-image-cloud-amd64
ROOTFS_PACKAGES="iproute2 kmod iputils-ping procps jq openssh-server strongswan-charon strongswan-swanctl libstrongswan-standard-plugins frr"
HOST_PACKAGES="qemu-system-x86 debootstrap cpio openssh-client"
FAULTS="ike-proposal-mismatch psk-mismatch bgp-wrong-remote-as inbound-filter-24 dcb-down bgp-password-mismatch"
# Strings that must never appear in captured outputs (PSKs and the BGP password used by the VM side).
SECRETS="vc-lab-psk- vc-lab-bgp-md5"

EXIT_FAIL=1
EXIT_ENV=2
T0=$(date +%s%N)
ts() { local n; n=$(date +%s%N); printf '%d.%d' $(((n - T0) / 1000000000)) $((((n - T0) / 100000000) % 10)); }
say() { echo "lab: [+$(ts)s] $*"; }
die() { echo "lab: FAILED: $*" >&2; exit $EXIT_FAIL; }
die_env() { echo "lab: cannot run: $*" >&2; exit $EXIT_ENV; }

# ------------------------------------------------------------------ host side helpers
preflight() {
  [ "$(id -u)" = 0 ] || die_env "must run as root (debootstrap, cache in $LAB_CACHE)"
  [ "$(uname -m)" = x86_64 ] || die_env "needs an x86_64 host (qemu-system-x86_64, Debian amd64 kernel)"
  local need=() c
  for c in qemu-system-x86_64:qemu-system-x86 debootstrap:debootstrap cpio:cpio ssh:openssh-client ssh-keygen:openssh-client; do
    command -v "${c%%:*}" >/dev/null || need+=("${c##*:}")
  done
  if [ ${#need[@]} -gt 0 ]; then
    command -v apt-get >/dev/null || die_env "missing ${need[*]} and no apt-get"
    say "installing host packages: ${need[*]}"
    { timeout 300 apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq \
      --no-install-recommends "${need[@]}"; } >"${TMPDIR:-/tmp}/vcdiag-lab-apt.log" 2>&1 ||
      die_env "apt-get install ${need[*]} failed (see ${TMPDIR:-/tmp}/vcdiag-lab-apt.log)"
  fi
  command -v qemu-system-x86_64 >/dev/null || die_env "qemu-system-x86_64 not available"
  mkdir -p "$LAB_CACHE" "$LAB_STATE" 2>/dev/null || die_env "cannot create $LAB_CACHE or $LAB_STATE"
}

mirror() {
  local m
  m=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
  [ -n "$m" ] || m=$(awk '/^deb / && $3 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
  echo "${m:-http://deb.debian.org/debian}"
}

candidate() { apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2; exit}'; }

# cache_key hashes the candidate versions of every package that goes into the image, plus BUILD_VERSION.
cache_key() {
  local v
  v=$(candidate $KERNEL_META)
  if [ -z "$v" ] || [ "$v" = "(none)" ]; then
    timeout 300 apt-get update -qq >/dev/null 2>&1 || true
    v=$(candidate $KERNEL_META)
  fi
  [ -n "$v" ] && [ "$v" != "(none)" ] || die_env "apt-cache knows no $KERNEL_META (no Debian mirror configured?)"
  { echo "build=$BUILD_VERSION suite=$SUITE"
    # shellcheck disable=SC2086
    apt-cache policy $KERNEL_META $ROOTFS_PACKAGES 2>/dev/null | awk '/^[^ ]/ {n=$1} /Candidate:/ {print n, $2}'
  } | sha256sum | cut -c1-16
}

# build_image makes $IMG/{vmlinuz,base.cpio.gz,kver} once per cache key (debootstrap ~40 s, cold).
build_image() {
  local key; key=$(cache_key)
  IMG=$LAB_CACHE/$key
  if [ -f "$IMG/ok" ]; then say "image cached: $IMG"; return 0; fi
  say "building image $IMG (debootstrap, first run on this machine only)"
  local tmp=$IMG.tmp.$$ kpkg kver
  rm -rf "$LAB_CACHE"/*.tmp.*; mkdir -p "$tmp"
  kpkg=$(apt-cache depends $KERNEL_META 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
  [ -n "$kpkg" ] || die "cannot resolve the kernel package behind $KERNEL_META"
  (cd "$tmp" && timeout 300 apt-get download "$kpkg" >download.log 2>&1) || die "apt-get download $kpkg failed ($tmp/download.log)"
  dpkg-deb -x "$tmp"/"$kpkg"_*.deb "$tmp/kernel" || die "dpkg-deb -x $kpkg failed"
  kver=$(ls "$tmp/kernel/lib/modules")
  say "kernel $kver unpacked"
  timeout 900 debootstrap --variant=minbase --include="$(echo $ROOTFS_PACKAGES | tr ' ' ,)" \
    $SUITE "$tmp/rootfs" "$(mirror)" >"$tmp/debootstrap.log" 2>&1 ||
    { cp "$tmp/debootstrap.log" "$LAB_CACHE/debootstrap-failed.log"; die "debootstrap failed (see $LAB_CACHE/debootstrap-failed.log)"; }
  say "rootfs bootstrapped"
  local r=$tmp/rootfs
  rm -rf "$r"/usr/share/doc "$r"/usr/share/man "$r"/usr/share/locale "$r"/usr/share/info \
    "$r"/var/cache/apt/archives/*.deb "$r"/var/lib/apt/lists/* "$r"/etc/ssh/ssh_host_*
  mkdir -p "$r/lib/modules" && cp -a "$tmp/kernel/lib/modules/$kver" "$r/lib/modules/" && depmod -b "$r" "$kver" ||
    die "installing kernel modules into the rootfs failed"
  (cd "$r" && find . | cpio -o -H newc --quiet | gzip -1 >"$tmp/base.cpio.gz") || die "packing the initramfs failed"
  cp "$tmp/kernel/boot/vmlinuz-$kver" "$tmp/vmlinuz" && echo "$kver" >"$tmp/kver"
  rm -rf "$tmp/rootfs" "$tmp/kernel" "$tmp"/*.deb
  touch "$tmp/ok"
  rm -rf "$IMG"; mv "$tmp" "$IMG" || die "cannot move the image into $IMG"
  say "image built: $(du -sh "$IMG/base.cpio.gz" | cut -f1) initramfs"
}

free_port() {
  local p i
  for i in $(seq 1 50); do
    p=$((20000 + RANDOM % 20000))
    ss -Htln "sport = :$p" 2>/dev/null | grep -q . && continue
    (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null && continue
    echo $p; return 0
  done
  return 1
}

load_state() {
  PORT=$(cat "$LAB_STATE/port" 2>/dev/null || true)
  KH=$LAB_STATE/known_hosts
  VKEY=$LAB_STATE/vcdiag_ed25519
  RKEY=$LAB_STATE/root_ed25519
}

qemu_pid() { # prints the pid of our qemu if it is alive
  local pid; pid=$(cat "$LAB_STATE/qemu.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -d /proc/$pid ] && grep -q qemu "/proc/$pid/comm" 2>/dev/null && echo "$pid"
}

SSH_OPTS=(-o BatchMode=yes -o StrictHostKeyChecking=yes -o ConnectTimeout=5 -o LogLevel=ERROR
  -o ServerAliveInterval=5 -o ServerAliveCountMax=6)
vssh() { # vssh USER TIMEOUT CMD...
  local user=$1 t=$2 key; shift 2
  [ "$user" = root ] && key=$RKEY || key=$VKEY
  timeout "$t" ssh "${SSH_OPTS[@]}" -o UserKnownHostsFile="$KH" -i "$key" -p "$PORT" "$user@127.0.0.1" "$@"
}

make_overlay() { # per-run cpio: /init, /lab/vm-lab.sh, keys. Appended to the cached base initramfs.
  local o=$LAB_STATE/overlay
  rm -rf "$o"; mkdir -p "$o/lab" "$o/etc/ssh" "$o/root/.ssh" "$o/lab/keys"
  cp "$HERE/vm-lab.sh" "$o/lab/vm-lab.sh" && chmod 0755 "$o/lab/vm-lab.sh"
  cat >"$o/init" <<'EOF'
#!/bin/sh
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm; mount -t devpts devpts /dev/pts; mount -t tmpfs -o mode=0755 run /run; mount -t tmpfs tmp /tmp
/lab/vm-lab.sh boot >/dev/console 2>&1
# PID 1: stay alive and reap orphans.
while :; do sleep 30 & wait $!; done
EOF
  chmod 0755 "$o/init"
  cp "$LAB_STATE/host_ed25519" "$o/etc/ssh/ssh_host_ed25519_key"; chmod 0600 "$o/etc/ssh/ssh_host_ed25519_key"
  cp "$LAB_STATE/host_ed25519.pub" "$o/etc/ssh/ssh_host_ed25519_key.pub"
  cp "$RKEY.pub" "$o/root/.ssh/authorized_keys"; chmod 0700 "$o/root/.ssh"; chmod 0600 "$o/root/.ssh/authorized_keys"
  cp "$VKEY.pub" "$o/lab/keys/vcdiag.pub"
  (cd "$o" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -1 >"$LAB_STATE/overlay.cpio.gz") || die "packing the overlay failed"
  cat "$IMG/base.cpio.gz" "$LAB_STATE/overlay.cpio.gz" >"$LAB_STATE/initrd.gz"
  rm -rf "$o"
}

# ------------------------------------------------------------------ subcommands
cmd_down() {
  load_state
  local pid
  if pid=$(qemu_pid); then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do [ -d /proc/$pid ] || break; sleep 0.1; done
    [ -d /proc/$pid ] && kill -9 "$pid" 2>/dev/null
    echo "lab: stopped qemu (pid $pid)"
  else
    echo "lab: not running"
  fi
  if [ -S "$LAB_STATE/ctl.sock" ]; then ssh -o ControlPath="$LAB_STATE/ctl.sock" -O exit x 2>/dev/null || true; fi
  rm -f "$LAB_STATE/qemu.pid" "$LAB_STATE/port" "$LAB_STATE/fault" "$LAB_STATE/initrd.gz" "$LAB_STATE/ctl.sock"
  return 0
}

cmd_up() {
  preflight
  qemu_pid >/dev/null && { say "a lab is already running: stopping it first"; cmd_down >/dev/null; }
  build_image
  load_state
  [ -f "$VKEY" ] || ssh-keygen -q -t ed25519 -N '' -C vcdiag@vcdiag-lab -f "$VKEY" || die "ssh-keygen failed"
  [ -f "$RKEY" ] || ssh-keygen -q -t ed25519 -N '' -C root@vcdiag-lab -f "$RKEY" || die "ssh-keygen failed"
  [ -f "$LAB_STATE/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C cpe-hostkey -f "$LAB_STATE/host_ed25519" || die "ssh-keygen failed"
  PORT=$(free_port) || die "no free TCP port on 127.0.0.1"
  echo "$PORT" >"$LAB_STATE/port"
  echo "[127.0.0.1]:$PORT $(cut -d' ' -f1,2 "$LAB_STATE/host_ed25519.pub")" >"$KH"
  make_overlay
  trap 'echo "lab: up failed: stopping the VM (console log: $LAB_STATE/console.log)" >&2; cmd_down >/dev/null' EXIT
  rm -f "$LAB_STATE/console.log" "$LAB_STATE/fault"
  # User networking with a 100.64.255.0/24 slirp net (restrict=on: the guest reaches nothing outside),
  # only the forwarded SSH port. KVM is not usable on this machine class: TCG.
  qemu-system-x86_64 -accel tcg -smp "$LAB_SMP" -m "$LAB_MEM" -name vcdiag-lab \
    -kernel "$IMG/vmlinuz" -initrd "$LAB_STATE/initrd.gz" \
    -append "console=ttyS0 rdinit=/init panic=-1 quiet" -no-reboot \
    -netdev "user,id=n0,net=100.64.255.0/24,host=100.64.255.2,dhcpstart=100.64.255.15,restrict=on,hostfwd=tcp:127.0.0.1:$PORT-100.64.255.15:22" \
    -device virtio-net-pci,netdev=n0 \
    -display none -monitor none -serial "file:$LAB_STATE/console.log" \
    -daemonize -pidfile "$LAB_STATE/qemu.pid" >"$LAB_STATE/qemu.log" 2>&1 ||
    die "qemu failed to start: $(tail -1 "$LAB_STATE/qemu.log")"
  say "qemu started (pid $(cat "$LAB_STATE/qemu.pid"), tcg, smp $LAB_SMP, ${LAB_MEM} MB, ssh port $PORT)"
  local ok=0
  for _ in $(seq 1 120); do
    qemu_pid >/dev/null || die "qemu exited during boot (see $LAB_STATE/console.log)"
    vssh root 10 true 2>/dev/null && { ok=1; break; }
    sleep 1
  done
  [ $ok = 1 ] || die "sshd in the VM did not answer within 120 s (see $LAB_STATE/console.log)"
  say "VM booted, sshd answering"
  # Every rung, in ladder order; the VM prints one line per rung when it holds.
  vssh root 240 /lab/vm-lab.sh wait-ready 180 | while IFS= read -r line; do say "$line"; done
  [ "${PIPESTATUS[0]}" = 0 ] || die "the lab did not become ready (see $LAB_STATE/console.log)"
  vssh vcdiag 20 'swanctl --list-sas >/dev/null && vtysh -c "show bgp summary json" >/dev/null && ping -c1 -W2 -I gre1 100.64.1.1 >/dev/null' ||
    die "the vcdiag user cannot run swanctl/vtysh/ping"
  say "vcdiag user can run swanctl, vtysh and ping"
  trap - EXIT
  echo "healthy" >"$LAB_STATE/fault"
  echo "lab: mode=vm ssh=127.0.0.1:$PORT user=vcdiag key=$VKEY known_hosts=$KH"
  say "lab up (state in $LAB_STATE)"
}

need_running() {
  load_state
  qemu_pid >/dev/null || die "the lab is not running (lab.sh up)"
  [ -n "$PORT" ] || die "no port in $LAB_STATE/port"
}

cmd_fault() {
  local f=${1:-}
  case " $FAULTS " in *" $f "*) ;; *) die "unknown fault '$f' (one of: $FAULTS)" ;; esac
  need_running
  vssh root 200 /lab/vm-lab.sh fault "$f" | while IFS= read -r line; do say "$line"; done
  [ "${PIPESTATUS[0]}" = 0 ] || die "fault $f did not take effect"
  echo "$f" >"$LAB_STATE/fault"
}

cmd_heal() {
  need_running
  vssh root 200 /lab/vm-lab.sh heal | while IFS= read -r line; do say "$line"; done
  [ "${PIPESTATUS[0]}" = 0 ] || die "heal did not bring the lab back to healthy"
  echo healthy >"$LAB_STATE/fault"
}

cmd_status() {
  load_state
  local pid
  pid=$(qemu_pid) || { echo "lab: not running"; return 1; }
  echo "lab: mode=vm ssh=127.0.0.1:$PORT user=vcdiag key=$VKEY known_hosts=$KH"
  echo "lab: qemu pid $pid, fault: $(cat "$LAB_STATE/fault" 2>/dev/null || echo unknown)"
  vssh root 30 /lab/vm-lab.sh status || die "cannot reach the VM over ssh"
}

# The command lines vcdiag runs on a Linux CPE: file name <TAB> command line.
COMMANDS=$(cat <<'EOF'
swanctl-list-sas	swanctl --list-sas
swanctl-list-conns	swanctl --list-conns
swanctl-version	swanctl --version
ip-d-s-link-show	ip -d -s link show
ip-j-d-s-link-show	ip -j -d -s link show
bgp-summary-json	vtysh -c 'show bgp summary json'
bgp-summary	vtysh -c 'show bgp summary'
bgp-nbr-100.64.1.1-received-routes-json	vtysh -c 'show bgp ipv4 unicast neighbors 100.64.1.1 received-routes json'
bgp-nbr-100.64.1.1-routes-json	vtysh -c 'show bgp ipv4 unicast neighbors 100.64.1.1 routes json'
bgp-nbr-100.64.1.1-advertised-routes-json	vtysh -c 'show bgp ipv4 unicast neighbors 100.64.1.1 advertised-routes json'
bgp-nbr-100.64.2.1-received-routes-json	vtysh -c 'show bgp ipv4 unicast neighbors 100.64.2.1 received-routes json'
bgp-nbr-100.64.2.1-routes-json	vtysh -c 'show bgp ipv4 unicast neighbors 100.64.2.1 routes json'
bgp-nbr-100.64.2.1-advertised-routes-json	vtysh -c 'show bgp ipv4 unicast neighbors 100.64.2.1 advertised-routes json'
ip-route-203.0.113.0_25-json	vtysh -c 'show ip route 203.0.113.0/25 json'
ip-route-203.0.113.128_25-json	vtysh -c 'show ip route 203.0.113.128/25 json'
ip-route-203.0.113.0_24-json	vtysh -c 'show ip route 203.0.113.0/24 json'
running-config	vtysh -c 'show running-config'
frr-version	vtysh -c 'show version'
ping-gre1	ping -c 5 -W 2 -I gre1 100.64.1.1
ping-gre2	ping -c 5 -W 2 -I gre2 100.64.2.1
ping-df-1372-gre1	ping -M do -s 1372 -c 3 -W 2 -I gre1 100.64.1.1
ping-df-1448-gre1	ping -M do -s 1448 -c 3 -W 2 -I gre1 100.64.1.1
ping-df-1372-gre2	ping -M do -s 1372 -c 3 -W 2 -I gre2 100.64.2.1
ping-df-1448-gre2	ping -M do -s 1448 -c 3 -W 2 -I gre2 100.64.2.1
journalctl	journalctl --no-pager -n 200
charon-log	tail -n 200 /var/log/charon.log
EOF
)

capture_one() { # capture_one DIR/FAULT : every command as the vcdiag user, stdout+stderr, exit status in exit-status.tsv
  local d=$1 name cmd rc
  mkdir -p "$d"; : >"$d/exit-status.tsv"
  while IFS=$'\t' read -r name cmd; do
    timeout 60 ssh "${SSH_OPTS[@]}" -o UserKnownHostsFile="$KH" -i "$VKEY" -p "$PORT" \
      -o ControlMaster=auto -o ControlPath="$LAB_STATE/ctl.sock" -o ControlPersist=120 \
      vcdiag@127.0.0.1 "$cmd 2>&1" >"$d/$name.txt" </dev/null
    rc=$?
    printf '%s\t%s\t%s\n' "$name" "$rc" "$cmd" >>"$d/exit-status.tsv"
  done <<<"$COMMANDS"
}

cmd_outputs() {
  local out=${1:-} f s
  [ -n "$out" ] || die "usage: lab.sh outputs DIR"
  need_running
  mkdir -p "$out" || die "cannot create $out"
  out=$(cd "$out" && pwd)
  printf '%s\n' "$COMMANDS" >"$out/commands.tsv"
  for f in healthy $FAULTS; do
    if [ "$f" = healthy ]; then cmd_heal; else cmd_fault "$f"; fi
    # let counters, timers and retries move a little so the outputs look like a live box
    sleep 3
    rm -rf "${out:?}/$f"
    capture_one "$out/$f"
    say "captured $f: $(ls "$out/$f" | wc -l) files"
  done
  cmd_heal
  ssh -o ControlPath="$LAB_STATE/ctl.sock" -O exit x 2>/dev/null || true
  for s in $SECRETS; do
    if grep -rlF -- "$s" "$out" >/dev/null; then
      die "secret-looking string '$s' found in: $(grep -rlF -- "$s" "$out" | tr '\n' ' ')"
    fi
  done
  say "outputs written to $out (no secrets found)"
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  fault) shift; cmd_fault "${1:-}" ;;
  heal) cmd_heal ;;
  outputs) shift; cmd_outputs "${1:-}" ;;
  build) preflight; build_image ;;
  *) echo "usage: lab.sh up|down|status|fault NAME|heal|outputs DIR   (faults: $FAULTS)" >&2; exit $EXIT_FAIL ;;
esac
