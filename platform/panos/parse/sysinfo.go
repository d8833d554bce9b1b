package parse

import (
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdSystemInfo = "show system info"

// SystemInfo is what vcdiag reads of `show system info`: the identity of
// the firewall and its software. The addresses, serial, licences and
// content versions are ignored.
type SystemInfo struct {
	Hostname  string       `json:"hostname"`
	Model     string       `json:"model,omitempty"`
	Family    string       `json:"family,omitempty"`
	SWVersion string       `json:"sw_version"`
	Span      parsers.Span `json:"span"`
}

// ParseSystemInfo reads `show system info` (PAN-OS 7.0-11.x): "key: value"
// lines. An output without a sw-version line is an error: it is not this
// command's answer.
func ParseSystemInfo(out string) (*SystemInfo, error) {
	ls := splitLines(out, "show system")
	res := &SystemInfo{}
	for _, l := range ls {
		k, v, ok := keyValue(strings.TrimSpace(l.text))
		if !ok {
			continue
		}
		switch k {
		case "hostname":
			res.Hostname = v
		case "model":
			res.Model = v
		case "family":
			res.Family = v
		case "sw-version":
			res.SWVersion = v
		default:
			continue
		}
		if res.Span.Start == 0 {
			res.Span.Start = l.n
		}
		res.Span.Cover(l.n)
	}
	if res.SWVersion == "" {
		if len(ls) == 0 {
			return nil, noContent(cmdSystemInfo, ls)
		}
		return nil, perr(cmdSystemInfo, ls[0].n, ls[0].text, "no sw-version line")
	}
	return res, nil
}
