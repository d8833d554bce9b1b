// Package metrics turns vcdiag's diagnosis into Prometheus metrics: the
// verdicts of a checks.Report (per site, tunnel, rung and check, as numeric
// status codes) and the numbers behind them read from the evidence (IKE SA
// age, IPsec encaps/decaps rates, BGP prefixes, tunnel ping RTT and loss,
// load against the bandwidth budget).
//
// An Exporter owns its own prometheus.Registry (never the global default
// one, so two exporters in one process or one test never collide) and is
// fed one Cycle at a time by `vcdiag watch`; WriteReport writes the same
// families once, in the text exposition format, for `vcdiag run --format
// prometheus` and node_exporter textfiles. Several exporters (one per
// site) can share a process: Options.ConstLabels (a region, say) is added
// to every vcdiag_* series of one exporter, and prometheus.Gatherers
// merges their Gatherer()s, with the build and runtime families given to
// one exporter only.
//
// Like every renderer it only presents: statuses come from the report
// unchanged, and values that were not collected are left out rather than
// written as zero (a missing series is "unknown"; a zero would read as
// "tunnel down"). docs/watch.md lists every family with its type and labels.
//
// Label values (site, tunnel, DC and CPE names) pass through
// reports/textsafe, as every report string does: a control character or a
// byte that is not UTF-8 in a profile name is shown as a visible escape,
// never written raw nor allowed to make the client library panic.
package metrics
