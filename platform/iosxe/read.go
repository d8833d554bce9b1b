package iosxe

import (
	"fmt"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	ios "github.com/vcdiag/vcdiag/parsers/iosxe"
	"github.com/vcdiag/vcdiag/platform"
)

// Read reads one output of a recognised IOS command into facts of cpe.
func (p Platform) Read(o *evidence.Output, cpe *evidence.CPE) {
	c, ok := ios.Identify(o.Command)
	if !ok {
		o.Err = fmt.Errorf("%w: %q is not a command vcdiag reads on %s", evidence.ErrCommandFailed, o.Command, Name)
		return
	}
	if c.Kind != parsers.KindLogging {
		setAside(o, cpe)
	}
	if o.Err != nil {
		// A collection failure (session lost, not sent): nothing to read.
		return
	}
	if msg := commandError(o.Lines); msg != "" {
		o.Err = fmt.Errorf("%w: %s", evidence.ErrCommandFailed, msg)
		return
	}
	v, err := parse(c, o.Text)
	if err != nil {
		// An output with none of its command's structure (random bytes,
		// another command's output) is an error too (ios.ParseCommand):
		// the output is unusable, and the checks that need it say why.
		o.Err = parsers.ShortenQuote(err, platform.MaxQuote)
		return
	}
	o.Parsed = v
	r := reader{o: o, cpe: cpe, cmd: c}
	r.facts(v)
}

// Parse returns the parsers/iosxe records for an output of cmd.
func (Platform) Parse(cmd platform.Command, text string) (any, error) {
	c, ok := ios.Identify(cmd.Text)
	if !ok {
		return nil, fmt.Errorf("no %s parser for %q", Name, cmd.Text)
	}
	return parse(c, text)
}

// parse runs the command's parser, turning a parser panic into an error so
// that one bad output cannot abort the analysis of a whole site.
func parse(c ios.Command, text string) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("parse %q: parser panic: %v", c.Text, r)
		}
	}()
	return ios.ParseCommand(c, text)
}

// commandError returns IOS's rejection message when the output is one.
// Only the first lines are looked at: the caret line, then the message.
func commandError(lines []string) string {
	seen := 0
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || t == "^" {
			continue
		}
		for _, e := range commandErrors {
			if strings.HasPrefix(t, e) {
				return t
			}
		}
		if seen++; seen >= 2 {
			return ""
		}
	}
	return ""
}

// reader turns one parsed output into facts.
type reader struct {
	o   *evidence.Output
	cpe *evidence.CPE
	cmd ios.Command
}

func (r reader) ref(span parsers.Span) evidence.Ref { return evidence.RefTo(r.o, span) }

func (r reader) scope() evidence.Scope {
	s := evidence.Scope{Key: r.cmd.Arg, VRF: vrfOf(r.cmd.Text)}
	if filterOf(r.cmd.Text) != "" {
		s.Partial = true
	}
	return s
}

func (r reader) facts(v any) {
	switch v := v.(type) {
	case []parsers.IKEv2SA:
		r.ikeSAs(v)
	case []parsers.IPsecFlow:
		r.childSAs(v)
	case []parsers.CryptoSession:
		r.cryptoSessions(v)
	case []parsers.Interface:
		r.interfaces(v)
	case *parsers.RunningConfig:
		r.config(v)
	case *parsers.BGPSummary:
		r.bgpSummary(v)
	case []parsers.BGPNeighbor:
		r.bgpNeighbors(v)
	case *parsers.BGPTable:
		r.bgpRoutes(v)
	case *parsers.RouteLookup:
		r.routeLookup(v)
	case []parsers.Route:
		r.routeTable(v)
	case *parsers.Ping:
		r.ping(v)
	case *parsers.Version:
		r.version(v)
	case *parsers.Logging:
		r.logging(v)
	case *parsers.CEF:
		r.cef(v)
	case []parsers.InterfaceBrief:
		r.interfaceBrief(v)
	}
}

// ReadParsed adds the facts of an output whose records were already parsed
// (v is what Parse returned for o's command), without parsing o.Text
// again. Tests of the checks build IOS records by hand and read them
// through here, so they exercise the same mapping as Read.
func ReadParsed(o *evidence.Output, v any, cpe *evidence.CPE) {
	c, ok := ios.Identify(o.Command)
	if !ok {
		return
	}
	reader{o: o, cpe: cpe, cmd: c}.facts(v)
}
