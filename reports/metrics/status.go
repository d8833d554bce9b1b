package metrics

import "github.com/vcdiag/vcdiag/checks"

// Status codes of the *_status gauges. They are ordered by how much a person
// should care, so `max by (site) (vcdiag_tunnel_status)` is the worst tunnel
// and `> 1` means "fail or unknown"; skip is last because a skipped rung is
// blocked by a lower one that already carries the failure.
const (
	CodePass    = 0
	CodeWarn    = 1
	CodeFail    = 2
	CodeUnknown = 3
	CodeSkip    = 4
)

// Code is the numeric code of a status (docs/watch.md documents the table).
func Code(s checks.Status) float64 {
	switch s {
	case checks.Pass:
		return CodePass
	case checks.Warn:
		return CodeWarn
	case checks.Fail:
		return CodeFail
	case checks.Skip:
		return CodeSkip
	}
	return CodeUnknown
}

// upValue turns a check's verdict into a 0/1 "is it up" value: pass and warn
// are up; fail is down, and so is skip, which only happens when a lower
// rung failed. Unknown gives no value at all, so an alert on `== 0` never
// fires on a collection problem (that has its own alert on
// vcdiag_collection_errors_total).
func upValue(s checks.Status) (float64, bool) {
	switch s {
	case checks.Pass, checks.Warn:
		return 1, true
	case checks.Fail, checks.Skip:
		return 0, true
	}
	return 0, false
}
