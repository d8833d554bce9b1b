#!/usr/bin/env bash
# Time `vcdiag pcap` against tshark on the generated IKE/ESP/GRE capture.
#
#   bench/pcap.sh [tshark_baseline.sh args...]   e.g. --runs 3, --pcap FILE, --only conv
#
# Builds vcdiag (CGO_ENABLED=0) into $VCBENCH/bin and runs
# ../shared/bench/tshark_baseline.sh with VCDIAG_CMD pointing at it, so both tools read
# the same file in interleaved runs; the harness prints medians, peak RSS and the ratio.
# `vcdiag pcap` does the counting of both tasks in one pass (the conversation, per-SPI
# and per-exchange aggregates that tshark's conv taps and field extraction give), so the
# same command is timed against each.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
VCBENCH=${VCBENCH:-/tmp/vcbench}
BASE=${BENCH_DIR:-$ROOT/../shared/bench}
mkdir -p "$VCBENCH/bin"
(cd "$ROOT" && CGO_ENABLED=0 go build -o "$VCBENCH/bin/vcdiag" ./cmd/vcdiag)
if ! command -v tshark >/dev/null; then
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y tshark >/dev/null
fi
export VCDIAG_CMD=${VCDIAG_CMD:-"$VCBENCH/bin/vcdiag pcap -f json {file}"}
exec "$BASE/tshark_baseline.sh" "$@"
