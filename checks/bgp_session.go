package checks

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/parsers"
)

// summaryRow returns the show ip bgp summary row for the DI tunnel IP.
func summaryRow(t *profile.Tunnel, ev *evidence.CPE) (*evidence.Output, *parsers.BGPSummaryNeighbor, string) {
	o, s, why := latest[*parsers.BGPSummary](cmdBGPSummary, ev.Find(parsers.KindBGPSummary, "*"))
	if why != "" {
		return nil, nil, why
	}
	if s == nil {
		return nil, nil, cmdBGPSummary + " gave no usable output"
	}
	for i := range s.Neighbors {
		if s.Neighbors[i].Address == t.DITunnelIP {
			return o, &s.Neighbors[i], ""
		}
	}
	return o, nil, ""
}

// bgpDiagnosis turns a reset reason or notification into the likely cause.
func bgpDiagnosis(n *parsers.BGPNeighbor) (string, string) {
	if n == nil {
		return "", ""
	}
	s := strings.ToLower(n.LastReset + " " + n.LastNotificationSent + " " + n.LastNotificationReceived)
	switch {
	case strings.Contains(s, "2/2") || strings.Contains(s, "wrong as") || strings.Contains(s, "bad peer as"):
		return "NOTIFICATION 2/2 bad peer AS: the AS numbers do not match",
			"Set remote-as to the DI ASN and the local AS (router bgp or neighbor local-as) to the customer ASN from the activation form."
	case strings.Contains(s, "4/0") || strings.Contains(s, "hold time"):
		return "NOTIFICATION 4/0 hold timer expired: keepalives were lost, often because large BGP updates fragment and are dropped (MTU)",
			"Check the MTU rung: set `ip tcp adjust-mss 1350` and `tunnel path-mtu-discovery` on the tunnel, and make sure ICMP 'fragmentation needed' is not blocked."
	case strings.Contains(s, "md5") || strings.Contains(s, "auth"):
		return "MD5 authentication failure: the BGP password is set on one side only or differs",
			"Set the BGP password exactly as shown in Control Hub (neighbor ... password), or remove it on both sides."
	}
	return "", ""
}

func checkBGPEstablished(t *profile.Tunnel, ev *evidence.CPE) Result {
	want := "Established"
	no, nr, nwhy := neighborRecord(t, ev)
	if nwhy == "" {
		r := Result{Expected: want, Observed: nr.State,
			Evidence: citeLines(ev.Name, no, append(linesWith(no, nr.Span, "BGP state", "Last reset", "otification"), nr.Span.Start)...)}
		if nr.State == "Established" {
			r.Status, r.Summary = Pass, "BGP session to "+t.DITunnelIP.String()+" is Established"
			return r
		}
		r.Status = Fail
		r.Summary = "BGP session to " + t.DITunnelIP.String() + " is " + nr.State + ", not Established"
		if nr.LastReset != "" {
			r.Observed += "; last reset " + nr.LastReset
		}
		if cause, hint := bgpDiagnosis(nr); cause != "" {
			r.Summary += ": " + cause
			r.Hint = hint
		}
		return r
	}
	so, row, swhy := summaryRow(t, ev)
	switch {
	case swhy != "":
		return unknown(nwhy + "; " + swhy)
	case row == nil:
		return Result{Status: Fail, Summary: "show ip bgp summary has no neighbor " + t.DITunnelIP.String() + " (output cited)",
			Expected: want, Observed: "no such neighbor", Evidence: citeAbsence(ev.Name, so)}
	}
	r := Result{Expected: want, Observed: row.State, Evidence: cite(ev.Name, so, row.Span)}
	if row.Established() {
		r.Status, r.Summary = Pass, "BGP session to "+t.DITunnelIP.String()+" is Established"
	} else {
		r.Status = Fail
		r.Summary = "BGP session to " + t.DITunnelIP.String() + " is " + row.State + ", not Established (" + nwhy + " for the reset reason)"
	}
	return r
}

// iosDuration reads IOS up/down times: "00:10:02", "1d02h", "2w3d", "1y2w".
func iosDuration(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if parts := strings.Split(s, ":"); len(parts) == 3 {
		var secs int
		for _, p := range parts {
			n, err := strconv.Atoi(p)
			if err != nil {
				return 0, false
			}
			secs = secs*60 + n
		}
		return time.Duration(secs) * time.Second, true
	}
	units := map[byte]time.Duration{'y': 365 * 24 * time.Hour, 'w': 7 * 24 * time.Hour, 'd': 24 * time.Hour, 'h': time.Hour, 'm': time.Minute}
	var d time.Duration
	num := ""
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			num += string(c)
			continue
		}
		u, ok := units[c]
		n, err := strconv.Atoi(num)
		if !ok || err != nil {
			return 0, false
		}
		d += time.Duration(n) * u
		num = ""
	}
	return d, num == "" && d > 0
}

func checkBGPStable(t *profile.Tunnel, ev *evidence.CPE) Result {
	var up string
	var c []Citation
	var dropped int
	no, nr, nwhy := neighborRecord(t, ev)
	if nwhy == "" {
		if nr.State != "Established" {
			return unknown("BGP session is not Established (see bgp.established)")
		}
		up, dropped = nr.StateFor, nr.ConnectionsDropped
		c = citeLines(ev.Name, no, append(linesWith(no, nr.Span, "BGP state", "Connections established"), nr.Span.Start)...)
	} else if so, row, swhy := summaryRow(t, ev); swhy == "" && row != nil {
		if !row.Established() {
			return unknown("BGP session is not Established (see bgp.established)")
		}
		up, c = row.UpDown, cite(ev.Name, so, row.Span)
	} else {
		return unknown(nwhy)
	}
	d, ok := iosDuration(up)
	if !ok {
		return unknown("BGP up time " + strconv.Quote(up) + " could not be read")
	}
	r := Result{Expected: "up for more than 2 minutes", Observed: "up for " + up, Evidence: c}
	if dropped > 0 {
		r.Observed += fmt.Sprintf(", %d earlier drops", dropped)
	}
	if d < 2*time.Minute {
		r.Status, r.Summary = Warn, "BGP session to "+t.DITunnelIP.String()+" came up only "+up+" ago: possibly flapping"
		return r
	}
	r.Status, r.Summary = Pass, "BGP session to "+t.DITunnelIP.String()+" has been up for "+up
	return r
}
