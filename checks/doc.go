// Package checks is the diagnostic core of vcdiag: it judges typed evidence
// about one Virtual Connect site against the site profile, rung by rung, and
// produces a *Report.
//
// The ladder (ladder.go) is the documented troubleshooting order, bottom to
// top: ikev2, ipsec, gre, ping, bgp, routes, mtu. A rung only means
// something once the rung below it holds, so per tunnel the first failing
// check of the lowest failing rung is the root cause and every check of the
// rungs above it is reported as skip, naming the check that blocked it.
// Warn and unknown do not block. Site checks (capacity, failover readiness)
// run after the tunnels and may read their results.
//
// Rules every check follows:
//
//   - Checks are pure: no I/O, no clock. Deltas between two samples use the
//     samples' own timestamps (Output.At), or only their order when a
//     transcript has no clock.
//   - Never a false pass. Evidence that was not collected, failed to
//     collect or failed to parse makes a check unknown, with the reason in
//     its summary. A delta check with one sample is unknown, not pass.
//   - Every pass, warn and fail cites the output lines that decided it
//     (when the deciding fact is an absence, the header or the whole short
//     output, and the summary says so).
//   - Checks read only the commands Commands lists, so the live collector
//     and the transcript writers know exactly what to gather.
//   - Checks never print secrets: they cite Output.Lines, which collectors
//     have already redacted, and say only whether a password is present.
package checks
