// Package evidence holds what collectors gathered about one Virtual Connect
// site: for every CPE, every command's output (redacted), when it was taken,
// and its typed parse (package parsers) or the reason there is none.
//
// Evidence is the only input of the checks. It is built by collectors (live
// SSH, saved transcripts) and never judged here: a missing command, a failed
// command and an unparsable output are all kept as facts so that checks can
// say "unknown" with the exact reason.
package evidence
