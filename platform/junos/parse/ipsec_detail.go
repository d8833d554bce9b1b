package parse

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// ipsecTunnel is what a detail block says of both directions.
type ipsecTunnel struct {
	IPsecSA
	start int
}

func parseIPsecDetail(ls []line, r *IPsecSAs) error {
	var (
		tun *ipsecTunnel
		cur *IPsecSA
	)
	for _, l := range ls {
		t := l.trim()
		switch {
		case strings.HasPrefix(t, "Total active tunnels:"):
			if n, ok := u64(firstWord(strings.TrimPrefix(t, "Total active tunnels:"))); ok {
				r.ActiveTunnels = int(n)
			}
			continue
		case strings.HasPrefix(t, "ID:"):
			// ID: 131073 Virtual-system: root, VPN Name: vpn-dca
			f := strings.Fields(strings.TrimPrefix(t, "ID:"))
			id, ok := uint64(0), len(f) > 0
			if ok {
				id, ok = u64(f[0])
			}
			if !ok {
				return perr(cmdIPsec, l.n, t, "want a tunnel index")
			}
			tun = &ipsecTunnel{start: l.n}
			tun.ID = id
			m := commaFields(strings.Join(f[1:], " "))
			tun.VSys, tun.VPNName = m["Virtual-system"], m["VPN Name"]
			cur = nil
			continue
		case tun == nil:
			return perr(cmdIPsec, l.n, t, "want \"ID:\"")
		}
		if strings.HasPrefix(t, "Direction:") {
			m := commaFields(t)
			sa := tun.IPsecSA
			sa.Span = parsers.Span{Start: tun.start, End: l.n}
			switch m["Direction"] {
			case "inbound":
				sa.Direction = Inbound
			case "outbound":
				sa.Direction = Outbound
			}
			if !setSPI(&sa, m["SPI"]) {
				return perr(cmdIPsec, l.n, t, "want an SPI")
			}
			sa.LifeKB = -1
			sa.MonitorState = m["VPN Monitoring"]
			r.SAs = append(r.SAs, sa)
			cur = &r.SAs[len(r.SAs)-1]
			continue
		}
		if cur != nil {
			cur.Span.Cover(l.n)
			ipsecSALine(cur, t)
		} else {
			ipsecTunnelLine(&tun.IPsecSA, t)
		}
	}
	return nil
}

func ipsecTunnelLine(sa *IPsecSA, t string) {
	m := commaFields(t)
	if v, ok := m["Local Gateway"]; ok {
		sa.LocalGateway, _ = netip.ParseAddr(v)
	}
	if v, ok := m["Remote Gateway"]; ok {
		sa.Gateway, _ = netip.ParseAddr(v)
	}
	if v, ok := m["Local Identity"]; ok {
		sa.LocalIdentity = v
	}
	if v, ok := m["Remote Identity"]; ok {
		sa.RemoteIdentity = v
	}
	if v, ok := m["Traffic Selector Name"]; ok {
		sa.TrafficSel = v
	}
	if v, ok := m["Version"]; ok {
		sa.Version = v
	}
	if v, ok := m["PFS group"]; ok {
		sa.PFSGroup = v
	}
	if v, ok := m["Bind-interface"]; ok {
		sa.BindInterface = v
	}
	if v, ok := m["Port"]; ok {
		if p, ok := u64(v); ok && p < 1<<16 {
			sa.Port, sa.NATT = uint16(p), p == 4500
		}
	}
}

func ipsecSALine(sa *IPsecSA, t string) {
	t = strings.TrimSpace(strings.TrimPrefix(t, ","))
	m := commaFields(t)
	if v, ok := m["VPN Monitoring"]; ok {
		sa.MonitorState = v
	}
	if v, ok := m["Hard lifetime"]; ok {
		sa.Remaining, _ = expiresIn(v)
	}
	if v, ok := m["Lifesize Remaining"]; ok {
		if n, ok := u64(strings.Fields(v + " x")[0]); ok {
			sa.LifeKB = int64(n)
		}
	}
	if v, ok := m["State"]; ok {
		sa.State = v
	}
	if v, ok := m["Protocol"]; ok {
		sa.Protocol = v
	}
	if v, ok := m["Authentication"]; ok {
		sa.Authentication = v
	}
	if v, ok := m["Encryption"]; ok {
		sa.Encryption = v
	}
}
