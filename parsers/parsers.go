package parsers

import (
	"errors"
	"fmt"
	"strings"
)

// Span is the 1-based, inclusive range of output lines a record was read
// from. Checks use it to cite the exact lines behind a verdict.
type Span struct {
	Start int `json:"start_line"`
	End   int `json:"end_line"`
}

// Cover extends s to include line n.
func (s *Span) Cover(n int) {
	if s.Start == 0 || n < s.Start {
		s.Start = n
	}
	if n > s.End {
		s.End = n
	}
}

// ParseError reports where a parser gave up, in the manner of go/scanner:
// the command, the 1-based line, the offending text and what was expected.
type ParseError struct {
	Command string
	Line    int
	Text    string
	Msg     string
}

// ShortenQuote returns err with the output line a *ParseError quotes cut
// to max bytes (and "..."); any other error as it is. A parse error is
// copied into every note and unknown verdict, and the line it quotes may be
// as long as the output.
func ShortenQuote(err error, max int) error {
	var pe *ParseError
	if !errors.As(err, &pe) || len(pe.Text) <= max {
		return err
	}
	short := *pe
	short.Text = pe.Text[:max] + "..."
	return &short
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("parse %q: %s", e.Command, e.Msg)
	}
	return fmt.Sprintf("parse %q: line %d: %s: %q", e.Command, e.Line, e.Msg, e.Text)
}

// Lines splits device output into lines, tolerating CRLF and CR line ends
// and a missing final newline. Line i of the result is line i+1 of the
// output, so indexes map straight to Span line numbers. Trailing white space
// is removed; leading white space is kept because indentation carries
// structure in IOS output.
func Lines(out string) []string {
	out = strings.ReplaceAll(out, "\r\n", "\n")
	out = strings.ReplaceAll(out, "\r", "\n")
	out = strings.TrimSuffix(out, "\n")
	if out == "" {
		return nil
	}
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return lines
}

// IsBanner reports whether a line is the CPU/clock banner IOS prints before
// show output when `terminal exec prompt timestamp` is on
// ("Load for five secs: ...", "Time source is NTP, ...").
func IsBanner(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "Load for five secs") || strings.HasPrefix(t, "Time source is") ||
		strings.HasPrefix(t, "No time source")
}

// Kind names a command family, whatever the platform spells it as.
type Kind string

// The command families vcdiag reads.
const (
	KindIKEv2SA       Kind = "ikev2-sa"       // show crypto ikev2 sa [detail]
	KindIPsecSA       Kind = "ipsec-sa"       // show crypto ipsec sa [detail|peer X [detail]]
	KindCryptoSession Kind = "crypto-session" // show crypto session [detail]
	KindInterfaces    Kind = "interfaces"     // show interfaces [NAME]
	KindRunningConfig Kind = "running-config" // show running-config [...]
	KindBGPSummary    Kind = "bgp-summary"    // show ip bgp summary, show bgp ipv4 unicast summary
	KindBGPNeighbors  Kind = "bgp-neighbors"  // show ip bgp neighbors [X]
	KindBGPRoutes     Kind = "bgp-routes"     // show ip bgp neighbors X advertised-routes|received-routes|routes, show ip bgp
	KindRouteLookup   Kind = "route-lookup"   // show ip route X
	KindRouteTable    Kind = "route-table"    // show ip route [bgp]
	KindPing          Kind = "ping"           // ping X [...]
	KindVersion       Kind = "version"        // show version
	KindLogging       Kind = "logging"        // show logging
	KindCEF           Kind = "cef"            // show ip cef [vrf V] [X[/len] | X MASK] [detail]
	// KindInterfaceBrief is show ip interface brief.
	KindInterfaceBrief Kind = "interface-brief"
)

// IsDigits reports whether s is a non-empty run of ASCII decimal digits:
// the test every column of device output that must be a count goes through.
func IsDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
