// Package iproute parses the iproute2 and iputils outputs a Linux CPE
// (Debian 12: iproute2 6.1.0, iputils-ping 20221126) gives for the
// Virtual Connect ladder:
//
//   - `ip [-d] [-s [-s]] [-o] link show [dev X]` and `ip [-d] address show`
//     (text), and the same with -j (JSON): ParseLinks, which tells JSON
//     from text by the first non-blank character '['.
//   - iputils `ping [-c N] [-W S] [-I IFACE|ADDR] [-M do] [-s SIZE] X`:
//     ParsePing, ParsePingArgs.
//   - `ip route get X`: ParseRouteGet.
//
// Every record carries the parsers.Span of its lines (for compact JSON,
// line 1); an output none of whose lines has the command's structure is a
// *parsers.ParseError naming the line. `Device "X" does not exist.` is a
// valid answer (Links.DeviceMissing), as is an empty link listing.
//
// Parsers are pure: no I/O, no verdicts. Deliberately ignored: qdisc
// statistics, VF/XDP/bridge-slave detail lines, -h human-readable counters
// (an error: counters must be exact), and the link attributes no check
// reads (promiscuity, gso sizes, queues).
package iproute
