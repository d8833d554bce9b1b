// Package probe sends ICMP probes from the machine vcdiag runs on to the
// profile's probes: targets and reports what came back as
// evidence.Probes: loss, round-trip times and jitter per target, and, with
// a DF sweep, the largest packet that crosses the path unfragmented.
//
// Targets are of two kinds (profile.ProbeKind): underlay targets are DI's
// public IPsec/GRE peers, reached over the internet outside the tunnels,
// where ICMP may be filtered; voice targets are addresses inside the DI
// (or IaaS) /24, reached through the tunnels, the path calls take.
//
// The package collects and never judges: the voice thresholds, the
// E-model and the verdicts are in checks (checks/voice.go). Every probe
// has a deadline (count x interval + reply timeout, bounded by the
// caller's context) and a probe that cannot run, for want of ICMP
// privilege, is reported with the exact fix, never as a crash or a loss.
//
// Echo probes use github.com/prometheus-community/pro-bing. The DF sweep
// does not: pro-bing sets DF with IP_PMTUDISC_DO, which makes the kernel
// refuse any size above a path MTU it has cached from an earlier "fragmentation
// needed", so a sweep would measure the cache instead of the path. The
// sweep opens its own socket with IP_PMTUDISC_PROBE (DF set, cache
// ignored); see pmtu.go.
package probe
