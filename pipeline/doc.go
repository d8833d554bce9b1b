// Package pipeline is vcdiag's one path from inputs to a report:
//
//	profile -> collect (SSH to the CPEs, saved transcripts, packet
//	captures, local probes) -> facts (each CPE's platform reads its
//	outputs) -> checks (the ladder) -> report
//
// run, demo, watch, analyze and pcap all call Run; cmd/vcdiag only turns
// flags into Options and renders what Run returns. The pipeline decides
// nothing itself: collectors gather, platforms read, checks judge.
//
// A live run can also hand out each CPE's ladder judged on its first
// sample while the counters' second sample is awaited (Live.Early): the
// same checks on less evidence, for a terminal to show at once. The
// report is always judged again on everything.
package pipeline
