package checks

import (
	"errors"
	"fmt"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/parsers"
)

// whyUnusable says why an output cannot be read, naming the command:
// "show ip bgp summary could not be parsed: line 7: ...".
func whyUnusable(cmd string, o *evidence.Output) string {
	if o == nil {
		return cmd + " was not collected"
	}
	if o.Command != "" {
		cmd = o.Command
	}
	if o.Source != "" {
		cmd += " (" + o.Source + ")"
	}
	var pe *parsers.ParseError
	switch {
	case o.Err == nil:
		return cmd + " gave no usable output"
	case errors.As(o.Err, &pe):
		msg := pe.Msg
		if pe.Line > 0 {
			msg = fmt.Sprintf("line %d of the output: %s", pe.Line, pe.Msg)
			if pe.Text != "" {
				msg += fmt.Sprintf(": %q", pe.Text)
			}
		}
		return cmd + " could not be parsed: " + msg
	case errors.Is(o.Err, evidence.ErrNotCollected):
		return cmd + " was not collected"
	case errors.Is(o.Err, evidence.ErrCommandFailed):
		return cmd + " failed: " + strings.TrimPrefix(o.Err.Error(), evidence.ErrCommandFailed.Error()+": ")
	}
	return cmd + ": " + o.Err.Error()
}

// parsedAs returns an output's parse as T when it has one of that type.
func parsedAs[T any](o *evidence.Output) (T, bool) {
	var zero T
	if o == nil || o.Err != nil {
		return zero, false
	}
	v, ok := o.Parsed.(T)
	return v, ok
}

// usable returns the outputs of outs that parsed as T, oldest first, or, when
// none did, why not (cmd names the command when none was collected).
func usable[T any](cmd string, outs []*evidence.Output) ([]*evidence.Output, string) {
	var ok []*evidence.Output
	for _, o := range evidence.Parsed(outs) {
		if _, good := parsedAs[T](o); good {
			ok = append(ok, o)
		}
	}
	if len(ok) == 0 {
		return nil, whyUnusable(cmd, evidence.Latest(outs))
	}
	return ok, ""
}

// latest is usable's newest output.
func latest[T any](cmd string, outs []*evidence.Output) (*evidence.Output, T, string) {
	ok, why := usable[T](cmd, outs)
	var zero T
	if len(ok) == 0 {
		return nil, zero, why
	}
	o := ok[len(ok)-1]
	v, _ := parsedAs[T](o)
	return o, v, ""
}

// runningConfig returns the parsed running-config.
func runningConfig(ev *evidence.CPE) (*evidence.Output, *parsers.RunningConfig, string) {
	o, rc, why := latest[*parsers.RunningConfig](cmdRunning, ev.Find(parsers.KindRunningConfig, "*"))
	if why == "" && rc == nil {
		return nil, nil, cmdRunning + " gave no usable output"
	}
	return o, rc, why
}

// tunnelIface is where the tunnel's GRE interface was found.
type tunnelIface struct {
	Name string
	How  string // "named in the profile", "found by tunnel destination ..."
	// Cfg is its running-config section (nil when config is unavailable).
	Cfg    *parsers.InterfaceConfig
	CfgOut *evidence.Output
	// Shows are its `show interfaces` records, oldest sample first.
	Shows []ifaceSample
	// Why is set when the interface could not be located: Missing says
	// whether the evidence proves it absent (fail) or is merely
	// insufficient (unknown).
	Why     string
	Missing bool
}

type ifaceSample struct {
	Out *evidence.Output
	Rec parsers.Interface
}

// Show returns the newest show interfaces record, or nil.
func (ti *tunnelIface) Show() *ifaceSample {
	if len(ti.Shows) == 0 {
		return nil
	}
	return &ti.Shows[len(ti.Shows)-1]
}

func sameIface(a, b string) bool {
	return strings.EqualFold(parsers.InterfaceName(a), parsers.InterfaceName(b))
}

// findInterface locates the tunnel interface: the profile's name, else the
// running-config interface whose tunnel destination is the GRE destination,
// else a show interfaces record with that destination.
func findInterface(t *profile.Tunnel, ev *evidence.CPE) tunnelIface {
	var ti tunnelIface
	cfgOut, rc, cfgWhy := runningConfig(ev)
	shows, showWhy := usable[[]parsers.Interface](cmdInterfaces(t), ev.Find(parsers.KindInterfaces, "*"))
	ti.Name, ti.How = parsers.InterfaceName(t.Interface), "named in the profile"
	if ti.Name == "" && rc != nil {
		for _, ic := range rc.Interfaces {
			if ic.TunnelDestination == t.GREDestination {
				ti.Name, ti.How = ic.Name, "found by tunnel destination "+t.GREDestination.String()+" in the running-config"
				break
			}
		}
	}
	if ti.Name == "" {
		for i := len(shows) - 1; i >= 0 && ti.Name == ""; i-- {
			recs, _ := parsedAs[[]parsers.Interface](shows[i])
			for _, r := range recs {
				if r.TunnelDestination == t.GREDestination {
					ti.Name, ti.How = r.Name, "found by tunnel destination "+t.GREDestination.String()+" in show interfaces"
					break
				}
			}
		}
	}
	if rc != nil {
		for i := range rc.Interfaces {
			if ti.Name != "" && sameIface(rc.Interfaces[i].Name, ti.Name) {
				ti.Cfg, ti.CfgOut = &rc.Interfaces[i], cfgOut
			}
		}
	}
	for _, o := range shows {
		recs, _ := parsedAs[[]parsers.Interface](o)
		for _, r := range recs {
			if ti.Name != "" && sameIface(r.Name, ti.Name) {
				ti.Shows = append(ti.Shows, ifaceSample{o, r})
			}
		}
	}
	if ti.Cfg != nil || len(ti.Shows) > 0 {
		return ti
	}
	switch {
	case rc == nil && len(shows) == 0:
		ti.Why = cfgWhy + "; " + showWhy
	case ti.Name == "":
		ti.Why, ti.Missing = "no interface has tunnel destination "+t.GREDestination.String(), true
	default:
		ti.Why, ti.Missing = ti.Name+" ("+ti.How+") does not exist on "+ev.Name, true
	}
	return ti
}

// ikev2For returns the IKEv2 SAs whose remote address is the DI IPsec peer.
func ikev2For(t *profile.Tunnel, sas []parsers.IKEv2SA) []parsers.IKEv2SA {
	var out []parsers.IKEv2SA
	for _, sa := range sas {
		if sa.Remote.Addr() == t.IPsecPeer {
			out = append(out, sa)
		}
	}
	return out
}

// bestIKEv2 prefers a READY SA among the peer's SAs.
func bestIKEv2(sas []parsers.IKEv2SA) (parsers.IKEv2SA, bool) {
	for _, sa := range sas {
		if sa.Ready() {
			return sa, true
		}
	}
	if len(sas) > 0 {
		return sas[0], true
	}
	return parsers.IKEv2SA{}, false
}

// flowsFor returns the IPsec flows to the DI IPsec peer.
func flowsFor(t *profile.Tunnel, flows []parsers.IPsecFlow) []parsers.IPsecFlow {
	var out []parsers.IPsecFlow
	for _, f := range flows {
		if f.Peer == t.IPsecPeer || f.RemoteEndpoint == t.IPsecPeer {
			out = append(out, f)
		}
	}
	return out
}

// bestFlow prefers the peer's flow that carries GRE between the transport
// IPs, then any flow with SAs, then the first.
func bestFlow(t *profile.Tunnel, flows []parsers.IPsecFlow) (parsers.IPsecFlow, bool) {
	fs := flowsFor(t, flows)
	for _, f := range fs {
		if f.HasSA() && greIdents(t, f) {
			return f, true
		}
	}
	for _, f := range fs {
		if f.HasSA() {
			return f, true
		}
	}
	if len(fs) > 0 {
		return fs[0], true
	}
	return parsers.IPsecFlow{}, false
}

func greIdents(t *profile.Tunnel, f parsers.IPsecFlow) bool {
	return f.LocalIdent.Protocol == 47 && f.RemoteIdent.Protocol == 47 &&
		f.LocalIdent.Prefix.Bits() == 32 && f.RemoteIdent.Prefix.Bits() == 32 &&
		f.LocalIdent.Prefix.Addr() == t.GRESource && f.RemoteIdent.Prefix.Addr() == t.GREDestination
}

// bgpNeighborConfig returns the router bgp neighbor for the DI tunnel IP.
func bgpNeighborConfig(t *profile.Tunnel, rc *parsers.RunningConfig) *parsers.BGPNeighborConfig {
	if rc == nil || rc.BGP == nil {
		return nil
	}
	for i := range rc.BGP.Neighbors {
		if rc.BGP.Neighbors[i].Address == t.DITunnelIP {
			return &rc.BGP.Neighbors[i]
		}
	}
	return nil
}
