#!/usr/bin/python3
"""The baseline of bench/fleet.sh: what a network automation engineer writes
today to collect vcdiag's command plan from every CPE of an inventory.

Debian's python3-netmiko (2.4.2 in Debian 12) and a thread pool
(concurrent.futures.ThreadPoolExecutor): one worker per CPE at a time,
ConnectHandler(device_type="cisco_ios", ...), enable(), send_command() for
each command, disconnect(). It sends the same commands in the same order as
`vcdiag run` (platform/iosxe/plan.go, platform/plan.go, collectors/live.go):

  first sample   show crypto ikev2 sa detail, show crypto ipsec sa detail,
                 show interfaces <tunnel> (or "show interfaces" when the
                 profile does not name the tunnel interface)
  then           show version, show running-config, show crypto session detail,
                 the MTU sweep (DF pings from the tunnel, size = the tunnel's
                 "ip mtu" from the running-config, 1476 without one; on a loss
                 the floor 1000, then a binary search, at most 12 pings),
                 ping <DI tunnel IP> source <tunnel> repeat 5,
                 show ip bgp summary, per neighbor: show ip bgp neighbors X
                 [received-routes|routes|advertised-routes],
                 show ip route <first host of each DC's /25 of the DI and
                 IaaS networks>, show logging
  second sample  the three counter commands again, each --sample-interval
                 (10 s) after its first sample

netmiko's session_preparation sends "terminal length 0" and "terminal width
511" itself (vcdiag sends width 512). Nothing is parsed beyond what choosing
the next command needs (the tunnel's interface and ip mtu from the
running-config, the ping success rate): the baseline is the collection, and
vcdiag's diagnosis on top of it is extra work on vcdiag's side.

Inventory: the YAML file of docs/fleet.md (sites: [{profile: PATH or inline}],
defaults.credentials.{password_env,enable_secret_env,known_hosts}) or a
folder of profiles. The password comes from $VCDIAG_PASSWORD (or the
inventory's password_env), the enable secret from $VCDIAG_ENABLE_SECRET
(default: the password). Host keys are checked against the inventory's
known_hosts (ssh_strict), as vcdiag checks them; the file is split into one
small file per CPE first (--host-keys split), because netmiko has paramiko
parse alt_key_file on every connection (--host-keys file shows that cost).

Prints one JSON line on stdout: CPEs, ok, failed, commands, wall seconds,
per-CPE seconds (median, max). Exit 0 when every CPE was collected, 1 when
some failed, 2 on a usage error, 3 when --deadline stopped it (what was not
started is counted as not done).
"""

import argparse
import concurrent.futures
import ipaddress
import json
import logging
import os
import re
import sys
import tempfile
import threading
import time

import yaml
from netmiko import ConnectHandler

COUNTERS_FIXED = ["show crypto ikev2 sa detail", "show crypto ipsec sa detail"]
MTU_FLOOR = 1000
MTU_MAX_PROBES = 12
IF_PREFIXES = {"tu": "Tunnel", "tun": "Tunnel", "tunnel": "Tunnel",
               "gi": "GigabitEthernet", "gig": "GigabitEthernet",
               "gigabitethernet": "GigabitEthernet", "lo": "Loopback",
               "loopback": "Loopback"}


def split_known_hosts(path, folder):
    """One small known_hosts file per host (and port): netmiko has paramiko read
    alt_key_file on every connection, and parsing a 1,000-line file costs ~70 ms
    of the interpreter lock each time (70 s at 1,000 CPEs), a cost that grows
    with the square of the fleet and is not the baseline's to carry."""
    files = {}
    with open(path) as f:
        for line in f:
            fields = line.split()
            if len(fields) < 3 or fields[0].startswith("#"):
                continue
            for name in fields[0].split(","):
                files.setdefault(name, []).append(line)
    out = {}
    for i, (name, lines) in enumerate(sorted(files.items())):
        fn = os.path.join(folder, "%d" % i)
        with open(fn, "w") as f:
            f.writelines(lines)
        out[name] = fn
    return out


def ifname(s):
    """tu100 -> Tunnel100, as parsers.InterfaceName does for the usual types."""
    m = re.match(r"^([A-Za-z-]+)\s*(\d.*)$", s.strip())
    if not m:
        return s
    return IF_PREFIXES.get(m.group(1).lower(), m.group(1)) + m.group(2)


def load_inventory(path):
    """Returns [(site_profile, credentials)] and the known_hosts path."""
    if os.path.isdir(path):
        base = path
        names = sorted(n for n in os.listdir(path) if n.endswith((".yaml", ".yml")))
        entries = [{"profile": n} for n in names]
        defaults = {}
    else:
        base = os.path.dirname(os.path.abspath(path))
        with open(path) as f:
            doc = yaml.safe_load(f) or {}
        entries = doc.get("sites") or []
        defaults = (doc.get("defaults") or {}).get("credentials") or {}
    sites = []
    for e in entries:
        prof = e.get("profile")
        if isinstance(prof, str):
            with open(os.path.join(base, prof)) as f:
                prof = yaml.safe_load(f)
        creds = dict(defaults)
        creds.update(e.get("credentials") or {})
        sites.append((prof, creds))
    kh = defaults.get("known_hosts")
    if kh:
        kh = os.path.join(base, kh)
    elif os.path.exists(os.path.join(base, "known_hosts")):
        kh = os.path.join(base, "known_hosts")
    return sites, kh


def route_hosts(prof):
    """The first host of each DC's half (/25 of a /24) of the DI, then the IaaS network."""
    out = []
    for key in ("di_network", "iaas_network"):
        n = prof.get(key)
        if not n:
            continue
        net = ipaddress.ip_network(n, strict=False)
        if net.version != 4 or net.prefixlen >= 32:
            continue
        for half in net.subnets(prefixlen_diff=1):
            h = str(half.network_address + 1)
            if h not in out:
                out.append(h)
    return out


def plan(prof, cpe):
    """The counter commands and the rest, in vcdiag's order, for one CPE."""
    tunnels = [t for t in prof.get("tunnels") or [] if t.get("cpe") == cpe]
    counters = list(COUNTERS_FIXED)
    for t in tunnels:
        c = "show interfaces " + ifname(t["interface"]) if t.get("interface") else "show interfaces"
        if c not in counters:
            counters.append(c)
    others = ["show version", "show running-config", "show crypto session detail"]

    def add(c):
        if c not in others and c not in counters:
            others.append(c)

    for t in tunnels:
        src = ifname(t["interface"]) if t.get("interface") else t["cpe_tunnel_ip"].split("/")[0]
        add("ping %s source %s repeat 5" % (t["di_tunnel_ip"], src))
    add("show ip bgp summary")
    for t in tunnels:
        n = t["di_tunnel_ip"]
        add("show ip bgp neighbors " + n)
        for listing in ("received-routes", "routes", "advertised-routes"):
            add("show ip bgp neighbors %s %s" % (n, listing))
    for h in route_hosts(prof):
        add("show ip route " + h)
    add("show logging")
    return tunnels, counters, others


def tunnel_config(running, t):
    """(interface, ip mtu) of tunnel t read from the running-config."""
    name = ifname(t["interface"]) if t.get("interface") else None
    mtu = None
    for block in re.split(r"\n(?=interface )", running):
        m = re.match(r"interface (\S+)", block)
        if not m:
            continue
        dest = re.search(r"^\s*tunnel destination (\S+)", block, re.M)
        if (name and m.group(1) == name) or (not name and dest and dest.group(1) == t.get("gre_destination")):
            name = m.group(1)
            mm = re.search(r"^\s*ip mtu (\d+)", block, re.M)
            mtu = int(mm.group(1)) if mm else None
            break
    return name, mtu or 1476


def ping_ok(out):
    m = re.search(r"Success rate is (\d+) percent", out)
    return bool(m and int(m.group(1)) > 0)


def mtu_sweep(conn, t, running, sent):
    """The same probing order as collectors.SweepMTU: hi, then the floor, then bisect."""
    name, hi = tunnel_config(running, t)
    src = name or t["cpe_tunnel_ip"].split("/")[0]
    target = t["di_tunnel_ip"]
    probes = [0]

    def probe(size):
        if probes[0] >= MTU_MAX_PROBES:
            return None
        probes[0] += 1
        sent.append(1)
        return ping_ok(conn.send_command("ping %s size %d df-bit source %s repeat 2" % (target, size, src)))

    if probe(hi) is not False:
        return
    lo = min(MTU_FLOOR, hi)
    if lo == hi or not probe(lo):
        return
    good, bad = lo, hi
    while bad - good > 1:
        mid = good + (bad - good) // 2
        r = probe(mid)
        if r is None:
            return
        good, bad = (mid, bad) if r else (good, mid)


def collect(prof, cpe, creds, known_hosts, interval, stop, fast_cli=False):
    """One CPE's collection; returns (seconds, commands sent)."""
    t0 = time.monotonic()
    password = os.environ.get(creds.get("password_env") or "VCDIAG_PASSWORD", "")
    secret = os.environ.get(creds.get("enable_secret_env") or "VCDIAG_ENABLE_SECRET") or password
    tunnels, counters, others = plan(prof, cpe["name"])
    sent = []
    args = dict(device_type="cisco_ios", host=cpe["host"], port=int(cpe.get("port") or 22),
                username=cpe.get("username"), password=password, secret=secret, fast_cli=fast_cli)
    if known_hosts:
        port = int(cpe.get("port") or 22)
        name = cpe["host"] if port == 22 else "[%s]:%d" % (cpe["host"], port)
        kh = known_hosts.get(name) if isinstance(known_hosts, dict) else known_hosts
        args.update(ssh_strict=True, alt_host_keys=True, alt_key_file=kh or "/dev/null")
    conn = ConnectHandler(**args)
    send = conn.send_command

    def send_command(cmd):
        if stop.is_set():
            raise RuntimeError("stopped by --deadline")
        return send(cmd)

    conn.send_command = send_command
    try:
        conn.enable()
        login = time.monotonic() - t0
        first = {}
        for c in counters:
            first[c] = time.monotonic()
            conn.send_command(c)
            sent.append(1)
        running = ""
        swept = False
        for c in others:
            if c.startswith("ping ") and not swept:
                for t in tunnels:
                    mtu_sweep(conn, t, running, sent)
                swept = True
            out = conn.send_command(c)
            sent.append(1)
            if c == "show running-config":
                running = out
        if not swept:
            for t in tunnels:
                mtu_sweep(conn, t, running, sent)
        pass1 = time.monotonic() - t0 - login
        for c in counters:
            wait = first[c] + interval - time.monotonic()
            if wait > 0 and stop.wait(wait):
                raise RuntimeError("stopped before the second sample")
            conn.send_command(c)
            sent.append(1)
    finally:
        conn.disconnect()
    return time.monotonic() - t0, len(sent), login, pass1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inventory", help="inventory.yaml or a folder of site profiles")
    ap.add_argument("--workers", type=int, default=32,
                    help="thread pool size (default 32: what an automation engineer picks for a few hundred devices)")
    ap.add_argument("--sample-interval", type=float, default=10.0,
                    help="seconds between the two samples of a counter command (default 10, as vcdiag)")
    ap.add_argument("--deadline", type=float, default=0,
                    help="stop starting CPEs after this many seconds and report what was done (0: none)")
    ap.add_argument("--fast-cli", action="store_true",
                    help="netmiko's fast_cli=True (shorter read delays; off by default in netmiko 2.4)")
    ap.add_argument("--host-keys", choices=("split", "file", "ignore"), default="split",
                    help="check host keys against the inventory's known_hosts, split into one file per "
                         "CPE (default), or the whole file on every connection, or not at all")
    ap.add_argument("--limit", type=int, default=0, help="collect only the first N CPEs (0: all)")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per CPE on stderr")
    a = ap.parse_args()
    logging.getLogger("paramiko").setLevel(logging.CRITICAL)

    sites, known_hosts = load_inventory(a.inventory)
    jobs = []
    for prof, creds in sites:
        for cpe in prof.get("cpes") or []:
            if (cpe.get("platform") or "cisco_iosxe") != "cisco_iosxe":
                continue
            jobs.append((prof, cpe, creds))
    if a.limit:
        jobs = jobs[:a.limit]
    if not jobs:
        print("no IOS-XE CPEs in %s" % a.inventory, file=sys.stderr)
        return 2

    tmp = tempfile.TemporaryDirectory(prefix="fleet_netmiko.")
    if known_hosts and a.host_keys == "split":
        known_hosts = split_known_hosts(known_hosts, tmp.name)
    elif a.host_keys == "ignore":
        known_hosts = None

    stop = threading.Event()
    t0 = time.monotonic()
    results, errors = [], []
    lock = threading.Lock()

    def run(job):
        prof, cpe, creds = job
        if stop.is_set():
            return
        try:
            secs, n, login, pass1 = collect(prof, cpe, creds, known_hosts, a.sample_interval, stop, a.fast_cli)
            with lock:
                results.append((secs, n, login, pass1))
            if a.verbose:
                print("%s/%s: %d commands in %.1f s (login and enable %.1f s, first pass %.1f s)"
                      % (prof.get("name"), cpe["name"], n, secs, login, pass1), file=sys.stderr)
        except Exception as e:  # a CPE that fails is counted, the others go on
            if stop.is_set():
                return  # cut off by --deadline: counted as not done
            with lock:
                errors.append("%s/%s: %s: %s" % (prof.get("name"), cpe["name"], type(e).__name__, e))
            if a.verbose:
                print(errors[-1], file=sys.stderr)

    with concurrent.futures.ThreadPoolExecutor(max_workers=a.workers) as pool:
        futs = [pool.submit(run, j) for j in jobs]
        try:
            concurrent.futures.wait(futs, timeout=a.deadline or None)
        finally:
            if not all(f.done() for f in futs):
                stop.set()  # CPEs in progress stop at their next command
                for f in futs:
                    f.cancel()
    wall = time.monotonic() - t0
    timed_out = len(results) + len(errors) < len(jobs)
    per = sorted(r[0] for r in results)
    med = lambda v: round(sorted(v)[len(v) // 2], 2) if v else None
    summary = {
        "cpes": len(jobs), "ok": len(results), "failed": len(errors),
        "not_done": len(jobs) - len(results) - len(errors),
        "commands": sum(r[1] for r in results), "workers": a.workers, "fast_cli": a.fast_cli, "host_keys": a.host_keys,
        "wall_s": round(wall, 2), "timed_out": timed_out,
        "per_cpe_median_s": round(per[len(per) // 2], 2) if per else None,
        "per_cpe_max_s": round(per[-1], 2) if per else None,
        "login_median_s": med([r[2] for r in results]),
        "first_pass_median_s": med([r[3] for r in results]),
        "errors": errors[:5],
    }
    print(json.dumps(summary))
    if timed_out:
        return 3
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
