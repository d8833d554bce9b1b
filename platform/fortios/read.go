package fortios

import (
	"fmt"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/fortios/parse"
)

// Read reads one output of a recognised command into facts of cpe: a
// refusal ("Unknown action", "Command fail", "command parse error") and
// FortiOS's "cannot show that" answers become the output's error; the
// parsed records become one listing per family.
func (p Platform) Read(o *evidence.Output, cpe *evidence.CPE) {
	c, ok := platform.Prepare(o, Name, p.Identify, refusal, parseOutput)
	if !ok {
		return
	}
	v := o.Parsed
	r := reader{o: o, cpe: cpe, cmd: c}
	switch v := v.(type) {
	case []parse.IKEGateway:
		r.gateways(v)
	case []parse.Tunnel:
		r.tunnels(v)
	case []parse.Interface:
		r.interfaces(v)
	case []parse.NetlinkInterface:
		r.netlink(v)
	case []parse.GRETunnel:
		r.greTunnels(v)
	case *parse.BGPSummary:
		r.summary(v)
	case *parse.BGPNeighbors:
		r.neighbors(v)
	case *parse.BGPRoutes:
		r.routes(v)
	case *parse.RouteTable:
		r.routeTable(v)
	case *parse.RouteDetail:
		r.routeDetail(v)
	case *parse.Ping:
		r.ping(v)
	case *Status:
		r.status(v)
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
	if c.Kind == KindPingOptions {
		return nil, nil // sets the next ping's options: no records
	}
	switch c.Kind {
	case KindIKE:
		return parse.ParseIKEGateways(text)
	case KindTunnels:
		return parse.ParseTunnels(text)
	case KindInterfaces:
		return parse.ParseInterfaces(text)
	case KindNetlink:
		return parse.ParseNetlinkInterfaces(text)
	case KindGRE:
		return parse.ParseGRETunnels(text)
	case KindBGPSummary:
		return parse.ParseBGPSummary(text)
	case KindBGPNeighbor:
		return parse.ParseBGPNeighbors(text)
	case KindBGPRoutes:
		return parse.ParseBGPRoutes(text)
	case KindRouteTable:
		return parse.ParseRouteTable(text)
	case KindRouteDetail:
		return parse.ParseRouteDetail(text)
	case KindPing:
		return parse.ParsePing(text)
	case KindStatus:
		return ParseStatus(text)
	}
	return nil, fmt.Errorf("no %s parser for %q", Name, c.Text)
}

// refusal returns the line with which FortiOS refused the command, when
// one of the first lines is one (a later line quoting the words is not).
func refusal(lines []string) string {
	return platform.Refusal(lines, commandErrors, nil)
}

// reader turns one parsed output into facts of its CPE.
type reader struct {
	o   *evidence.Output
	cpe *evidence.CPE
	cmd platform.Command
}

// ref points at a record's lines, its first line marked as its head.
func (r reader) ref(span parsers.Span) evidence.Ref {
	ref := evidence.RefTo(r.o, span)
	ref.Mark(evidence.AttrHead, span.Start)
	return ref
}

// scope is the listing's scope: keyed by the command's argument, partial
// when the output was filtered with "| grep".
func (r reader) scope() evidence.Scope {
	return evidence.Scope{Key: r.cmd.Arg, Partial: filterOf(r.cmd.Text) != ""}
}

// unavailable turns FortiOS's "cannot show that" into a command failure.
func (r reader) unavailable(u parse.Unavailable, text string) bool {
	if u == parse.Available {
		return false
	}
	if text == "" {
		text = u.String()
	}
	r.o.Err = fmt.Errorf("%w: %s", evidence.ErrCommandFailed, text)
	return true
}

// spanOf is the whole output.
func spanOf(o *evidence.Output) parsers.Span {
	return parsers.Span{Start: 1, End: max(len(o.Lines), 1)}
}
