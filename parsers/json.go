package parsers

import "encoding/json"

// No number in the JSON of a parse is negative. A few fields hold -1 in Go
// for "the output did not print it" (a neighbor's prefix count while the
// session is down, an "n/a" counter, the severity of an untagged debug
// line, a BGP listing's missing "Total number of prefixes" trailer); their
// JSON leaves the field out instead, so that a consumer of `vcdiag parse`
// can never read -1 as a count. Each method encodes the type's own fields
// and overrides the one that may be -1 (encoding/json takes the shallower
// of two fields of one name).

// MarshalJSON leaves out prefixes_received while the session is not
// Established.
func (n BGPSummaryNeighbor) MarshalJSON() ([]byte, error) {
	type plain BGPSummaryNeighbor
	return json.Marshal(struct {
		plain
		PrefixesReceived *int `json:"prefixes_received,omitempty"`
	}{plain(n), shown(n.PrefixesReceived)})
}

// MarshalJSON leaves out a count IOS printed as "n/a".
func (r BGPCounterRow) MarshalJSON() ([]byte, error) {
	type plain BGPCounterRow
	return json.Marshal(struct {
		plain
		Sent *int64 `json:"sent,omitempty"`
		Rcvd *int64 `json:"rcvd,omitempty"`
	}{plain(r), shown(r.Sent), shown(r.Rcvd)})
}

// MarshalJSON leaves out the severity of a debug line, which has none.
func (m SyslogMessage) MarshalJSON() ([]byte, error) {
	type plain SyslogMessage
	return json.Marshal(struct {
		plain
		Severity *int `json:"severity,omitempty"`
	}{plain(m), shown(m.Severity)})
}

// shown returns &v, or nil when v is negative (not printed).
func shown[T int | int64](v T) *T {
	if v < 0 {
		return nil
	}
	return &v
}
