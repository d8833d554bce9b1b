package sim

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// junosLog renders show log messages: what the tunnels' state leaves in
// /var/log/messages over the last logWindow, oldest first, in syslog's
// "Mmm dd hh:mm:ss  host process[pid]: message" lines. rpd logs BGP state
// changes and OPEN errors, the kernel TCP MD5 failures, kmd failed IKE
// negotiations and mib2d a gr- unit going down.
func (r *renderer) junosLog() string {
	var events []logEvent
	from := r.at.Add(-logWindow)
	add := func(at time.Time, format string, a ...any) {
		if at.After(from) && !at.After(r.at) {
			events = append(events, logEvent{at, fmt.Sprintf(format, a...)})
		}
	}
	host := r.cpe.Hostname
	for _, t := range r.cpe.Tunnels {
		s, c := t.state(), t.Config
		switch {
		case s.bgpUp:
			add(r.at.Add(-(t.BGPAge + r.el)), "rpd[2051]: RPD_BGP_NEIGHBOR_STATE_CHANGED: BGP peer %s (External AS %d) changed state from OpenConfirm to Established (event RecvKeepAlive) (instance master)",
				c.Neighbor, c.RemoteAS)
		case t.Faults.DIPasswordDiffers && c.BGPPassword != "" && s.lineUp:
			for i := 5; i >= 0; i-- {
				add(r.at.Add(-time.Duration(i)*time.Minute-7*time.Second), "kernel: tcp_auth_ok: Packet from %s:%d wrong MD5 digest",
					t.Form.DITunnelIP, 11000+int(t.Seed)*7+i)
			}
		case s.lineUp && c.RemoteAS != t.Form.DIASN && c.Neighbor == t.Form.DITunnelIP:
			for i := 3; i >= 0; i-- {
				add(r.at.Add(-time.Duration(i)*time.Minute-21*time.Second),
					"rpd[2051]: bgp_process_open:2965: NOTIFICATION sent to %s (External AS %d): code 2 (Open Message Error) subcode 2 (bad peer AS number), Reason: peer %s (External AS %d) claims %d, %d configured",
					c.Neighbor, c.RemoteAS, c.Neighbor, c.RemoteAS, t.Form.DIASN, c.RemoteAS)
			}
		}
		r.junosIKELog(add, t)
		if !s.lineUp {
			add(r.at.Add(-47*time.Minute), "mib2d[1873]: SNMP_TRAP_LINK_DOWN: ifIndex %d, ifAdminStatus up(1), ifOperStatus down(2), ifName %s",
				520+int(t.Seed%9), t.Interface)
		}
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })
	var b strings.Builder
	for _, e := range events {
		fmt.Fprintf(&b, "%s  %s %s\n", e.at.UTC().Format("Jan _2 15:04:05"), host, e.text)
	}
	return b.String()
}

// junosIKELog is kmd's line for each failed IKE negotiation of the last
// few minutes: timed out (no answer), or the error the DC returned.
func (r *renderer) junosIKELog(add func(time.Time, string, ...any), t *Tunnel) {
	var why string
	switch t.Faults.IKE {
	case IKENoResponse:
		why = "Timed out"
	case IKERejected:
		why = "No proposal chosen"
		if t.Config.PSK != "" && t.Config.PSK == WrongPSK {
			why = "Authentication failed"
		}
	default:
		return
	}
	f := t.Form
	for i := 3; i >= 0; i-- {
		add(r.at.Add(-time.Duration(i)*time.Minute-13*time.Second),
			"kmd[1534]: KMD_VPN_DOWN_ALARM_USER: IKE negotiation failed with error: %s. IKE Version: 2, VPN: %s Gateway: %s, Local: %s/500, Remote: %s/500, Local IKE-ID: %s, Remote IKE-ID: Not-Available, VR-ID: 0, Role: Initiator",
			why, junosVPN(t), junosGateway(t), f.IPsecLocal, f.IPsecPeer, f.IPsecLocal)
	}
}
