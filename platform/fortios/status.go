package fortios

import (
	"fmt"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// Status is what `get system status` says about the FortiGate: "Version:
// FortiGate-VM64 v7.2.5,build1517,230606 (GA.F)" and "Hostname: FGT-1".
// Serial numbers, licences and the rest are ignored.
type Status struct {
	Model, Version, Hostname string
	VersionLine, HostLine    int
}

// ParseStatus reads `get system status` (FortiOS 6.x and 7.x print the
// same "Key: value" lines). An output without a Version line is a
// ParseError.
func ParseStatus(out string) (*Status, error) {
	s := &Status{}
	for i, l := range parsers.Lines(out) {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "Version":
			s.VersionLine = i + 1
			model, ver, found := strings.Cut(v, " v")
			if !found {
				return nil, &parsers.ParseError{Command: "get system status", Line: i + 1, Text: l, Msg: "expected \"MODEL vX.Y.Z,...\""}
			}
			s.Model = model
			s.Version, _, _ = strings.Cut(ver, ",")
			s.Version, _, _ = strings.Cut(s.Version, " ")
		case "Hostname":
			s.Hostname, s.HostLine = v, i+1
		}
	}
	if s.VersionLine == 0 {
		return nil, &parsers.ParseError{Command: "get system status", Msg: fmt.Sprintf("no Version line in %d lines", len(parsers.Lines(out)))}
	}
	return s, nil
}
