package linux

import (
	"fmt"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/linux/frr"
	"github.com/vcdiag/vcdiag/platform/linux/iproute"
	"github.com/vcdiag/vcdiag/platform/linux/swanctl"
)

// Read reads one output of a recognised command into facts of cpe: it
// drops the noise vtysh prints on stderr, recognises a refusal (the shell,
// swanctl, vtysh or ping saying it cannot), parses, and adds the facts.
func (p Platform) Read(o *evidence.Output, cpe *evidence.CPE) {
	c, ok := platform.Prepare(o, Name, p.Identify, refusal, parse)
	if !ok {
		return
	}
	v := o.Parsed
	r := reader{o: o, cpe: cpe, cmd: c}
	switch v := v.(type) {
	case *swanctl.SAs:
		r.sas(v)
	case *swanctl.Conns:
		r.conns(v)
	case *swanctl.Version:
		r.swanVersion(v)
	case *iproute.Links:
		r.links(v)
	case *iproute.Ping:
		r.ping(v)
	case *frr.Summary:
		r.summary(v)
	case *frr.NeighborList:
		r.neighbors(v)
	case *frr.RouteList:
		r.routes(v)
	case *frr.RouteLookup:
		r.routeLookup(v)
	case *frr.Config:
		r.config(v)
	case *frr.Version:
		r.frrVersion(v)
	case *Journal:
		r.journal(v)
	}
}

// Parse returns the parser's typed records for an output of cmd.
func (p Platform) Parse(cmd platform.Command, text string) (any, error) {
	c, ok := p.Identify(cmd.Text)
	if !ok {
		return nil, fmt.Errorf("no %s parser for %q", Name, cmd.Text)
	}
	return parse(c, text)
}

// parse runs the command's parser, turning a parser panic into an error so
// that one bad output cannot abort the analysis of a whole site.
func parse(c platform.Command, text string) (any, error) {
	return platform.Recover(c.Text, func() (any, error) { return parseKind(c, text) })
}

// parseKind runs the parser of c's command family.
func parseKind(c platform.Command, text string) (any, error) {
	text = dropNoise(text)
	json := strings.HasPrefix(strings.TrimSpace(text), "{") || strings.HasPrefix(strings.TrimSpace(text), "[")
	switch c.Kind {
	case KindSAs:
		return swanctl.ParseListSAs(text)
	case KindConns:
		return swanctl.ParseListConns(text)
	case KindSwanVersion:
		return swanctl.ParseVersion(text)
	case KindLinks:
		return iproute.ParseLinks(text)
	case KindPing:
		return iproute.ParsePingCommand(c.Text, text)
	case KindBGPSummary:
		if json {
			return frr.ParseSummaryJSON(text)
		}
		return frr.ParseSummary(text)
	case KindBGPNeighbor:
		return frr.ParseNeighbors(text)
	case KindBGPRoutes:
		if json {
			return frr.ParseRoutesJSON(text)
		}
		return frr.ParseRoutes(text)
	case KindRouteLookup:
		if json {
			return frr.ParseRouteJSON(text)
		}
		return frr.ParseRoute(text)
	case KindFRRConfig:
		return frr.ParseConfig(text)
	case KindFRRVersion:
		return frr.ParseVersion(text)
	case KindJournal:
		return ParseJournal(text)
	}
	return nil, fmt.Errorf("no %s parser for %q", Name, c.Text)
}

// noise are lines vtysh prints on stderr that a PTY mixes into the output:
// harmless, and not part of any answer.
var noise = []string{"% Can't open configuration file"}

// dropNoise blanks the noise lines, keeping the line count (citations
// count lines of the output as collected).
func dropNoise(text string) string {
	if !strings.Contains(text, "% Can't open") {
		return text
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		for _, n := range noise {
			if strings.HasPrefix(strings.TrimSpace(l), n) {
				lines[i] = ""
			}
		}
	}
	return strings.Join(lines, "\n")
}

// refusal returns the line with which the shell or a tool refused the
// command, when the output starts with one (only the first lines are
// looked at: a log line quoting "bash:" later is not a refusal).
func refusal(lines []string) string {
	return platform.Refusal(lines, commandErrors, nil)
}
