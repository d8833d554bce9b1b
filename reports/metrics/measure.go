package metrics

import (
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/parsers"
)

// Names of the per-tunnel values Measure reads from the evidence; they are
// also the metric names (with the vcdiag_ prefix).
const (
	ikeSAUp            = "ike_sa_up"
	ikeSAAge           = "ike_sa_age_seconds"
	encapsRate         = "ipsec_encaps_packets_per_second"
	decapsRate         = "ipsec_decaps_packets_per_second"
	bgpEstablished     = "bgp_session_established"
	prefixesReceived   = "bgp_prefixes_received"
	prefixesAdvertised = "bgp_prefixes_advertised"
	pingRTT            = "tunnel_ping_rtt_seconds"
	pingLoss           = "tunnel_ping_loss_ratio"
	tunnelLoad         = "tunnel_load_bps"
)

// Measurements are the numbers behind the verdicts, per tunnel (profile
// name) and value name. A value that could not be read is absent, never 0.
type Measurements map[string]map[string]float64

func (m Measurements) set(tunnel, name string, v float64) {
	if m[tunnel] == nil {
		m[tunnel] = map[string]float64{}
	}
	m[tunnel][name] = v
}

// Measure reads the per-tunnel values from the evidence of one collection.
// It matches outputs to tunnels the way the checks do (IKE and IPsec by the
// DI IPsec peer, BGP and ping by the DI tunnel IP, the interface by name or
// GRE destination) but judges nothing.
func Measure(p *profile.Profile, ev *evidence.Site) Measurements {
	m := Measurements{}
	if p == nil || ev == nil {
		return m
	}
	for i := range p.Tunnels {
		t := &p.Tunnels[i]
		cpe := ev.CPE(t.CPE)
		if cpe == nil {
			continue
		}
		measureIKE(m, t, cpe)
		measureIPsec(m, t, cpe)
		measureBGP(m, t, cpe)
		measurePing(m, t, cpe)
		measureLoad(m, t, cpe)
	}
	return m
}

// parsed returns the parses of outs that have type T, oldest first, with
// their outputs.
func parsed[T any](outs []*evidence.Output) ([]T, []*evidence.Output) {
	var vs []T
	var os []*evidence.Output
	for _, o := range evidence.Parsed(outs) {
		if v, ok := o.Parsed.(T); ok {
			vs = append(vs, v)
			os = append(os, o)
		}
	}
	return vs, os
}

func measureIKE(m Measurements, t *profile.Tunnel, cpe *evidence.CPE) {
	samples, _ := parsed[[]parsers.IKEv2SA](cpe.Find(parsers.KindIKEv2SA, "*"))
	if len(samples) == 0 {
		return
	}
	up := 0.0
	for _, sa := range samples[len(samples)-1] {
		if sa.Remote.Addr() != t.IPsecPeer || !sa.Ready() {
			continue
		}
		up = 1
		if sa.ActiveTime > 0 {
			m.set(t.Name, ikeSAAge, sa.ActiveTime.Seconds())
		}
		break
	}
	m.set(t.Name, ikeSAUp, up)
}

// measureIPsec derives packet rates from the first and last samples of the
// tunnel's flow; one sample (--sample-interval 0) gives no rate.
func measureIPsec(m Measurements, t *profile.Tunnel, cpe *evidence.CPE) {
	samples, outs := parsed[[]parsers.IPsecFlow](cpe.Find(parsers.KindIPsecSA, "*"))
	if len(samples) < 2 {
		return
	}
	a, okA := flowTo(t, samples[0])
	b, okB := flowTo(t, samples[len(samples)-1])
	gap := outs[len(outs)-1].At.Sub(outs[0].At).Seconds()
	// Counters that went down were reset (a rekey replaced the SA): no
	// rate can be told from them.
	if !okA || !okB || gap <= 0 || b.PktsEncaps < a.PktsEncaps || b.PktsDecaps < a.PktsDecaps {
		return
	}
	m.set(t.Name, encapsRate, float64(b.PktsEncaps-a.PktsEncaps)/gap)
	m.set(t.Name, decapsRate, float64(b.PktsDecaps-a.PktsDecaps)/gap)
}

func flowTo(t *profile.Tunnel, flows []parsers.IPsecFlow) (parsers.IPsecFlow, bool) {
	for _, f := range flows {
		if f.Peer == t.IPsecPeer {
			return f, true
		}
	}
	return parsers.IPsecFlow{}, false
}

// measureBGP prefers show ip bgp neighbors (it has both prefix counts) and
// falls back on the summary row.
func measureBGP(m Measurements, t *profile.Tunnel, cpe *evidence.CPE) {
	if ns, _ := parsed[[]parsers.BGPNeighbor](cpe.Find(parsers.KindBGPNeighbors, "*")); len(ns) > 0 {
		for _, n := range ns[len(ns)-1] {
			if n.Address != t.DITunnelIP {
				continue
			}
			est := n.State == "Established"
			m.set(t.Name, bgpEstablished, b2f(est))
			if est {
				m.set(t.Name, prefixesReceived, float64(n.PrefixesReceived))
				m.set(t.Name, prefixesAdvertised, float64(n.PrefixesSent))
			}
			return
		}
	}
	sums, _ := parsed[*parsers.BGPSummary](cpe.Find(parsers.KindBGPSummary, "*"))
	if len(sums) == 0 || sums[len(sums)-1] == nil {
		return
	}
	for _, n := range sums[len(sums)-1].Neighbors {
		if n.Address != t.DITunnelIP {
			continue
		}
		est := n.PrefixesReceived >= 0
		m.set(t.Name, bgpEstablished, b2f(est))
		if est {
			m.set(t.Name, prefixesReceived, float64(n.PrefixesReceived))
		}
		return
	}
	// Not in the summary at all: the neighbor is not configured.
	m.set(t.Name, bgpEstablished, 0)
}

func measurePing(m Measurements, t *profile.Tunnel, cpe *evidence.CPE) {
	pings, _ := parsed[*parsers.Ping](cpe.Find(parsers.KindPing, t.DITunnelIP.String()))
	if len(pings) == 0 {
		return
	}
	p := pings[len(pings)-1]
	if p == nil || p.Sent == 0 {
		return
	}
	m.set(t.Name, pingLoss, float64(p.Sent-p.Received)/float64(p.Sent))
	if p.HasRTT {
		m.set(t.Name, pingRTT, p.RTTAvg.Seconds())
	}
}

// measureLoad is the tunnel interface's 5-minute rate, max(in, out), the
// figure the capacity check adds up.
func measureLoad(m Measurements, t *profile.Tunnel, cpe *evidence.CPE) {
	samples, _ := parsed[[]parsers.Interface](cpe.Find(parsers.KindInterfaces, "*"))
	for i := len(samples) - 1; i >= 0; i-- {
		for _, r := range samples[i] {
			if !sameTunnelIface(t, r) {
				continue
			}
			m.set(t.Name, tunnelLoad, float64(max(r.InputRateBps, r.OutputRateBps)))
			return
		}
	}
}

func sameTunnelIface(t *profile.Tunnel, r parsers.Interface) bool {
	if t.Interface != "" {
		return strings.EqualFold(parsers.InterfaceName(t.Interface), parsers.InterfaceName(r.Name))
	}
	return r.TunnelDestination.IsValid() && r.TunnelDestination == t.GREDestination
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
