package sim

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// journal renders "journalctl --no-pager -o short-iso -n N -t charon -t
// bgpd": what charon and bgpd logged about the tunnels' state, oldest
// first (render_logging.go's events in strongSwan's and FRR's words).
func (r *renderer) journal(_ []string) string {
	type ev struct {
		at   time.Time
		text string
	}
	var evs []ev
	from := r.at.Add(-logWindow)
	host := r.cpe.Hostname
	add := func(at time.Time, proc string, pid int, f string, a ...any) {
		if at.After(from) && !at.After(r.at) {
			evs = append(evs, ev{at, fmt.Sprintf("%s %s[%d]: ", host, proc, pid) + fmt.Sprintf(f, a...)})
		}
	}
	charon := func(at time.Time, f string, a ...any) { add(at, "charon", 1187, f, a...) }
	bgpd := func(at time.Time, f string, a ...any) { add(at, "bgpd", 1342, f, a...) }
	for _, t := range r.cpe.Tunnels {
		st := t.state()
		f, n, name := t.Form, t.Config.Neighbor, connName(t)
		down := r.at.Add(-47*time.Minute - r.el)
		switch t.Faults.IKE {
		case IKEOK, IKEBouncing:
			ikeAge, gen := t.ikeActive(r.el)
			at := r.at.Add(-ikeAge)
			uid := 1 + int(t.Seed%7) + gen
			charon(at, "09[IKE] initiating IKE_SA %s[%d] to %s", name, uid, f.IPsecPeer)
			charon(at, "11[IKE] IKE_SA %s[%d] established between %s[%s]...%s[%s]", name, uid, f.IPsecLocal, f.IPsecLocal, f.IPsecPeer, f.IPsecPeer)
			charon(at, "11[IKE] CHILD_SA %s{%d} established with SPIs %08x_i %08x_o and TS %s === %s", childName(t), uid,
				uint32(hash64(t.Seed, gen, 3)), uint32(hash64(t.Seed, gen, 4)), greTS(greSource(r.cpe, t)), greTS(t.Form.GREDestination))
		case IKERejected:
			charon(down, "06[IKE] deleting IKE_SA %s[1] between %s[%s]...%s[%s]", name, f.IPsecLocal, f.IPsecLocal, f.IPsecPeer, f.IPsecPeer)
			for at := down.Add(30 * time.Second); !at.After(r.at); at = at.Add(5 * time.Minute) {
				charon(at, "14[IKE] initiating IKE_SA %s[%d] to %s", name, 2+int(at.Sub(down)/(5*time.Minute)), f.IPsecPeer)
				if t.Config.PSK != "" && t.Config.PSK == WrongPSK {
					charon(at.Add(40*time.Millisecond), "16[IKE] received AUTHENTICATION_FAILED notify error")
				} else {
					charon(at.Add(20*time.Millisecond), "16[IKE] received NO_PROPOSAL_CHOSEN notify error")
				}
			}
		case IKENoResponse:
			charon(down, "08[IKE] giving up after 5 retransmits")
			charon(down, "08[IKE] restarting CHILD_SA %s", childName(t))
			for at := down.Add(time.Second); !at.After(r.at); at = at.Add(165 * time.Second) {
				charon(at, "08[IKE] initiating IKE_SA %s[%d] to %s", name, 2+int(at.Sub(down)/(165*time.Second)), f.IPsecPeer)
				charon(at.Add(4*time.Second), "10[IKE] retransmit 1 of request with message ID 0")
			}
		}
		switch {
		case st.bgpUp:
			bgpd(r.at.Add(-(t.BGPAge + r.el)), "[M7Q4P-46WDR] %%ADJCHANGE: neighbor %s(dc-%s) in vrf default Up", n, strings.ToLower(t.DC))
		case st.greRoundTrip && t.Config.RemoteAS != f.DIASN && n == f.DITunnelIP:
			ago, _ := r.lastReset(t)
			for i := 3; i >= 0; i-- {
				at := r.at.Add(-ago - time.Duration(i)*30*time.Second)
				bgpd(at, "[EC 33554454] %s bad OPEN, remote AS is %d, expected %d", n, f.DIASN, t.Config.RemoteAS)
				bgpd(at, "[HBHN6-KX1PJ] %%NOTIFICATION: sent to neighbor %s 2/2 (OPEN Message Error/Bad Peer AS) 2 bytes %02x %02x", n, f.DIASN>>8&255, f.DIASN&255)
			}
		case t.Faults.DIPasswordDiffers:
			bgpd(down, "[M7Q4P-46WDR] %%ADJCHANGE: neighbor %s(dc-%s) in vrf default Down Password change", n, strings.ToLower(t.DC))
			// DI's SYNs carry a digest of another password: the kernel
			// drops them and says so (rate-limited).
			kernel := func(at time.Time, f string, a ...any) {
				if at.After(from) && !at.After(r.at) {
					evs = append(evs, ev{at, fmt.Sprintf("%s kernel: ", host) + fmt.Sprintf(f, a...)})
				}
			}
			for at := down.Add(5 * time.Second); !at.After(r.at); at = at.Add(2 * time.Minute) {
				kernel(at, "MD5 Hash failed for (%s, %d)->(%s, 179) L3 index 0", n, 40000+int(at.Unix()%20000), t.Config.TunnelIP.Addr())
			}
		default:
			bgpd(down.Add(180*time.Second), "[HBHN6-KX1PJ] %%NOTIFICATION: sent to neighbor %s 4/0 (Hold Timer Expired) 0 bytes ", n)
			bgpd(down.Add(180*time.Second), "[M7Q4P-46WDR] %%ADJCHANGE: neighbor %s(Unknown) in vrf default Down BGP Notification send", n)
		}
	}
	if len(evs) == 0 {
		return "-- No entries --\n"
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].at.Before(evs[j].at) })
	var b strings.Builder
	for _, e := range evs {
		b.WriteString(e.at.UTC().Format("2006-01-02T15:04:05-07:00") + " " + e.text + "\n")
	}
	return b.String()
}
