#!/usr/bin/env bash
# Time vcdiag's capture reader against tshark on the generated capture.
#
#   bench/pcap.sh [tshark_baseline.sh args...]   e.g. --runs 3, --pcap FILE, --only conv
#
# Builds collectors/capture/cmd/pcapcount (CGO_ENABLED=0) into $VCBENCH/bin and runs
# ../shared/bench/tshark_baseline.sh with VCDIAG_CMD pointing at it, so both tools read
# the same file in interleaved runs; the harness prints medians, peak RSS and the ratio.
# pcapcount does the same counting for both tasks (one pass builds the conversation,
# per-SPI and per-exchange aggregates that the conv taps and the field extraction give).
# Once `vcdiag pcap` exists, set VCDIAG_CMD='vcdiag pcap {file}' instead.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
VCBENCH=${VCBENCH:-/tmp/vcbench}
BASE=${BENCH_DIR:-$ROOT/../shared/bench}
mkdir -p "$VCBENCH/bin"
(cd "$ROOT" && CGO_ENABLED=0 go build -o "$VCBENCH/bin/pcapcount" ./collectors/capture/cmd/pcapcount)
if ! command -v tshark >/dev/null; then
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y tshark >/dev/null
fi
export VCDIAG_CMD=${VCDIAG_CMD:-"$VCBENCH/bin/pcapcount {file}"}
exec "$BASE/tshark_baseline.sh" "$@"
