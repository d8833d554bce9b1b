package panos

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/panos/parse"
)

// Read reads one output of a recognised command into facts of cpe: it
// recognises PAN-OS's refusals, parses, and adds the facts.
func (p Platform) Read(o *evidence.Output, cpe *evidence.CPE) {
	c, ok := platform.Prepare(o, Name, p.Identify, refusal, parseOutput)
	if !ok {
		return
	}
	v := o.Parsed
	r := reader{o: o, cpe: cpe, cmd: c}
	switch v := v.(type) {
	case *parse.IKESAs:
		r.ikeSAs(v)
	case *parse.IPsecSAs:
		r.ipsecSAs(v)
	case []parse.Flow:
		r.flows(v)
	case []parse.BGPPeer:
		r.peers(v)
	case []parse.Route:
		r.routes(v)
	case *parse.InterfaceDetail:
		r.interfaceDetail(v)
	case *parse.Ping:
		r.ping(v)
	case *parse.RIB:
		r.rib(v)
	case *parse.SystemInfo:
		r.systemInfo(v)
	case []parse.TunnelConfig:
		r.tunnelConfigs(v)
	case []parse.BGPSummary:
		r.bgpSummary(v)
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
	case KindIKESA:
		return parse.ParseIKESA(text)
	case KindIPsecSA:
		return parse.ParseIPsecSA(text)
	case KindFlow:
		return parse.ParseFlow(text)
	case KindBGPPeer:
		return parse.ParseBGPPeer(text)
	case KindRoute:
		return parse.ParseRoute(text)
	case KindInterface:
		return parse.ParseInterfaceDetail(text)
	case KindPing:
		return parse.ParsePing(text)
	case KindLocRIB:
		return parse.ParseLocRIB(text)
	case KindRIBOut:
		return parse.ParseRIBOut(text)
	case KindSystem:
		return parse.ParseSystemInfo(text)
	case KindTunnel:
		return parse.ParseTunnel(text)
	case KindBGPSum:
		return parse.ParseBGPSummary(text)
	}
	return nil, fmt.Errorf("no %s parser for %q", Name, c.Text)
}

// refusal returns the line with which PAN-OS rejected the command, when
// one of the first lines (after a prompt and echo) is one.
func refusal(lines []string) string {
	clean := make([]string, 0, min(len(lines), 50))
	for _, l := range lines[:min(len(lines), 50)] {
		clean = append(clean, strings.ReplaceAll(l, "\u200b", ""))
	}
	return platform.Refusal(clean, commandErrors, echo.MatchString)
}

// echo is a prompt with the command typed after it.
var echo = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}@[A-Za-z0-9_.-]{1,63}(?:\([A-Za-z0-9_:-]{1,40}\))?[>#]`)
