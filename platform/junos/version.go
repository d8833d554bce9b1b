package junos

import (
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// Version is `show version` of Junos 12.3X48 to 23.x: "Hostname: X",
// "Model: vsrx", "Junos: 21.4R3-S5.4" (older releases print "JUNOS
// Software Release [12.3X48-D10]" instead). Package lines are ignored.
type Version struct {
	Hostname string       `json:"hostname,omitempty"`
	Model    string       `json:"model,omitempty"`
	Junos    string       `json:"junos,omitempty"`
	Span     parsers.Span `json:"span"`
}

// ParseVersion reads show version; an output with none of its lines is a
// *parsers.ParseError.
func ParseVersion(out string) (*Version, error) {
	v := &Version{}
	lines := parsers.Lines(out)
	for i, l := range lines {
		t := strings.TrimSpace(l)
		k, val, ok := strings.Cut(t, ":")
		val = strings.TrimSpace(val)
		switch {
		case ok && k == "Hostname":
			v.Hostname = val
		case ok && k == "Model":
			v.Model = val
		case ok && k == "Junos":
			v.Junos = val
		case strings.HasPrefix(t, "JUNOS Software Release [") && v.Junos == "":
			v.Junos = strings.TrimSuffix(strings.TrimPrefix(t, "JUNOS Software Release ["), "]")
		default:
			continue
		}
		if v.Span.Start == 0 {
			v.Span.Start = i + 1
		}
		v.Span.End = i + 1
	}
	if v.Span.Start == 0 && strings.TrimSpace(out) != "" {
		first := ""
		for i, l := range lines {
			if strings.TrimSpace(l) != "" {
				first = l
				return nil, &parsers.ParseError{Command: "show version", Line: i + 1, Text: first, Msg: "no Hostname, Model or Junos line"}
			}
		}
	}
	return v, nil
}
