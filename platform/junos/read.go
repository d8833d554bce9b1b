package junos

import (
	"errors"
	"fmt"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/junos/parse"
)

// errNotRead is the cause of an output of a command vcdiag recognises and
// plans but has no reader for on Junos yet: the checks needing it say
// unknown, never pass or fail.
var errNotRead = errors.New("vcdiag does not read this output on juniper_junos yet")

// Read reads one output of a recognised command into facts of cpe: it
// recognises the CLI's refusal, parses, and adds the facts.
func (p Platform) Read(o *evidence.Output, cpe *evidence.CPE) {
	c, ok := platform.Prepare(o, Name, p.Identify, refusal, parseOutput)
	if !ok {
		return
	}
	v := o.Parsed
	r := reader{o: o, cpe: cpe, cmd: c}
	switch v := v.(type) {
	case *parse.IKESAs:
		r.ike(v)
	case *parse.IPsecSAs:
		r.ipsec(v)
	case *parse.BGPSummary:
		r.summary(v)
	case []parse.BGPNeighbor:
		r.neighbors(v)
	case *parse.Routes:
		if c.Kind == KindRoute {
			r.routeLookup(v)
		} else {
			r.routes(v)
		}
	case *parse.Config:
		r.config(v)
	case *parse.Ping:
		r.ping(v)
	case *parse.Interfaces:
		r.interfaces(v)
	case *Version:
		r.version(v)
	case *parse.Log:
		r.log(v)
	case *parse.IPsecStats:
		r.ipsecStats(v)
	}
}

// Parse returns the parser's typed records for an output of cmd.
func (p Platform) Parse(cmd platform.Command, text string) (any, error) {
	c, ok := p.Identify(cmd.Text)
	if !ok {
		return nil, fmt.Errorf("no %s parser for %q", Name, cmd.Text)
	}
	return parseOutput(c, text)
}

// parseOutput runs the command's parser, turning a parser panic into an
// error so that one bad output cannot abort the analysis of a site.
func parseOutput(c platform.Command, text string) (any, error) {
	return platform.Recover(c.Text, func() (any, error) { return parseKind(c, text) })
}

// parseKind runs the parser of c's command family.
func parseKind(c platform.Command, text string) (any, error) {
	switch c.Kind {
	case KindIKE:
		return parse.ParseIKESAs(text)
	case KindIPsec:
		return parse.ParseIPsecSAs(text)
	case KindIPsecStats:
		return parse.ParseIPsecStats(text)
	case KindBGPSummary:
		return parse.ParseBGPSummary(text)
	case KindBGPNeighbor:
		return parse.ParseBGPNeighbors(text)
	case KindBGPRoutes, KindRoute:
		return parse.ParseRoutes(text)
	case KindConfig:
		under := c.Arg
		if strings.HasSuffix(c.Text, "| display set") {
			under = "" // set lines are absolute
		}
		return parse.ParseConfig(text, under)
	case KindPing:
		return parse.ParsePing(text)
	case KindInterfaces:
		return parse.ParseInterfaces(text)
	case KindVersion:
		return ParseVersion(text)
	case KindLog:
		return parse.ParseLog(text)
	}
	return nil, fmt.Errorf("%w: %q", errNotRead, c.Text)
}

// refusal returns the line with which the CLI refused the command, when
// one of the output's first lines is one (a later line quoting "error:"
// is not a refusal). The caret line Junos prints under a syntax error is
// passed over.
func refusal(lines []string) string {
	return platform.Refusal(lines, commandErrors, func(t string) bool { return t == "^" })
}
