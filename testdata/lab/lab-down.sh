#!/bin/bash
# lab-down.sh: stop the charons and helpers the lab started (by PID, never by name) and delete
# its namespaces. Safe to run when nothing is up. LAB_PREFIX selects the lab, as in lab-up.sh.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lab-lib.sh"
[ "$(id -u)" = 0 ] || die_env "must run as root"
lab_down
rm -rf "$LAB_STATE"
echo "lab: down ($CPE_NS, $DC_NS removed)"
