package junos

import (
	"net/netip"
	"regexp"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/junos/parse"
)

// The Junos messages the checks read, as the daemons write them:
//
//	kernel: tcp_auth_ok: Packet from 100.64.1.1:179 wrong MD5 digest
//	kernel: tcp_auth_ok: Packet from 100.64.1.1:52114 missing MD5 digest
//	kernel: tcp_auth_ok: Packet from 100.64.1.1:179 unexpectedly has MD5 digest
//	rpd[2041]: bgp_hold_timeout:4065: NOTIFICATION sent to 100.64.1.1 (External AS 64602): code 4 (Hold Timer Expired Error), Reason: ...
//	rpd[1848]: bgp_read_message:2764: NOTIFICATION received from 100.64.1.1 (External AS 64602): code 2 (Open Message Error) subcode 2 (bad peer AS number)
//	rpd[1848]: RPD_BGP_NEIGHBOR_STATE_CHANGED: BGP peer 100.64.1.1 (External AS 64602) changed state from Established to Idle (event HoldTime) (instance master)
//	kmd[1885]: IKE negotiation failed with error: Authentication failed. IKE Version: 2, VPN: vpn-dca Gateway: gw-dca, Local: 192.0.2.1/500, Remote: 198.51.100.1/500, ...
//	kmd[1885]: KMD_VPN_DOWN_ALARM_USER: VPN vpn-dca from 198.51.100.1 is down. Local-ip: 192.0.2.1, ...
//	mib2d[1602]: SNMP_TRAP_LINK_DOWN: ifIndex 540, ifAdminStatus up(1), ifOperStatus down(2), ifName gr-0/0/0.0
var (
	tcpAuth      = regexp.MustCompile(`tcp_auth_ok: Packet from (\d{1,3}(?:\.\d{1,3}){3})[:.](\d+) (.*)$`)
	bgpNotify    = regexp.MustCompile(`NOTIFICATION (sent to|received from) (\d{1,3}(?:\.\d{1,3}){3})(?:\+\d+)? \([^)]*\): code (\d+) \(([^)]*)\)(?: subcode (\d+) \(([^)]*)\))?`)
	bgpPeerState = regexp.MustCompile(`BGP peer (\d{1,3}(?:\.\d{1,3}){3})(?:\+\d+)? .*changed state from (\S+) to (\S+)`)
	ikeFailed    = regexp.MustCompile(`IKE negotiation failed with error: ([^.]+)\..*?Remote: (\d{1,3}(?:\.\d{1,3}){3})/\d+`)
	ikeLocal     = regexp.MustCompile(`Local: (\d{1,3}(?:\.\d{1,3}){3})/\d+`)
	vpnUpDown    = regexp.MustCompile(`VPN (\S+) from (\d{1,3}(?:\.\d{1,3}){3}) is (up|down)`)
	trapIfName   = regexp.MustCompile(`ifName (\S+)`)
)

// log reads a syslog file into log events: TCP MD5 failures from the
// kernel, NOTIFICATIONs and session changes from rpd, IKE failures and VPN
// up/down from kmd (iked on releases with the junos-ike package), link
// traps from mib2d. Other lines are kept as "other".
func (r reader) log(v *parse.Log) {
	// A log is about no one key (the file name is not one), and it only
	// ever proves that a message was logged, never that one was not.
	l := evidence.Listing[evidence.LogEvent]{Out: r.o, Scope: evidence.Scope{Partial: true}, Rank: 1}
	for _, e := range v.Entries {
		ev := evidence.LogEvent{Kind: evidence.LogOther, Code: e.Process, AtRaw: e.AtRaw, Text: e.Message,
			Detail: e.Message, Ref: r.ref(e.Span())}
		if e.Tag != "" {
			ev.Code = e.Tag
		}
		switch e.Process {
		case "kernel":
			kernelEvent(&ev, e.Message)
		case "rpd":
			rpdEvent(&ev, e.Message)
		case "kmd", "iked":
			ikeEvent(&ev, e.Message)
		case "mib2d":
			if e.Tag == "SNMP_TRAP_LINK_DOWN" || e.Tag == "SNMP_TRAP_LINK_UP" {
				ev.Kind = evidence.LogLink
				if m := trapIfName.FindStringSubmatch(e.Message); m != nil {
					ev.Interface = strings.TrimSuffix(m[1], ",")
				}
			}
		}
		ev.Ref.Mark(evidence.AttrState, e.Line)
		l.Items = append(l.Items, ev)
	}
	r.cpe.Logs = append(r.cpe.Logs, l)
}

// kernelEvent reads the TCP-MD5 (tcp_auth_ok) messages: the packet's
// source is the peer. "wrong" means both sides sign with different keys,
// "missing" that the CPE expects a digest the peer does not send (the
// password is set on the CPE only), "unexpectedly has" the reverse.
func kernelEvent(ev *evidence.LogEvent, msg string) {
	m := tcpAuth.FindStringSubmatch(msg)
	if m == nil {
		return
	}
	switch what := strings.ToLower(m[3]); {
	case strings.Contains(what, "unexpectedly has"):
		ev.Kind = evidence.LogBGPAuthUnwanted
	case strings.Contains(what, "missing"):
		ev.Kind = evidence.LogBGPAuthMissing
	case strings.Contains(what, "wrong") || strings.Contains(what, "invalid") || strings.Contains(what, "bad"):
		ev.Kind = evidence.LogBGPAuthInvalid
	default:
		return
	}
	ev.Peer, _ = netip.ParseAddr(m[1])
	ev.Code = "tcp_auth_ok"
	ev.Detail = "TCP MD5: " + m[3]
}

// rpdEvent reads NOTIFICATIONs (detail "2/2 (Open Message Error/bad peer AS
// number)", the code/subcode form the checks match) and session changes.
func rpdEvent(ev *evidence.LogEvent, msg string) {
	if m := bgpNotify.FindStringSubmatch(msg); m != nil {
		ev.Kind = evidence.LogBGPNotification
		ev.Peer, _ = netip.ParseAddr(m[2])
		sub, subText := m[5], m[6]
		if sub == "" {
			sub = "0"
		}
		ev.Detail = m[3] + "/" + sub + " (" + m[4]
		if subText != "" {
			ev.Detail += "/" + subText
		}
		ev.Detail += ") " + m[1]
		return
	}
	if m := bgpPeerState.FindStringSubmatch(msg); m != nil {
		ev.Kind = evidence.LogBGPAdjChange
		ev.Peer, _ = netip.ParseAddr(m[1])
		ev.Detail = "changed state from " + m[2] + " to " + m[3]
	}
}

// ikeEvent reads kmd's negotiation failures (the peer is the "Remote:"
// address) and VPN up/down alarms.
func ikeEvent(ev *evidence.LogEvent, msg string) {
	if m := ikeFailed.FindStringSubmatch(msg); m != nil {
		ev.Kind = evidence.LogIKE
		ev.Peer, _ = netip.ParseAddr(m[2])
		if lm := ikeLocal.FindStringSubmatch(msg); lm != nil {
			ev.Local, _ = netip.ParseAddr(lm[1])
		}
		ev.Detail = "IKE negotiation failed: " + m[1]
		return
	}
	if m := vpnUpDown.FindStringSubmatch(msg); m != nil {
		ev.Peer, _ = netip.ParseAddr(m[2])
		ev.Detail = "VPN " + m[1] + " is " + m[3]
		if m[3] == "down" {
			ev.Kind = evidence.LogIKE
		}
		return
	}
	if strings.Contains(msg, "Phase-1 Failure") || strings.Contains(msg, "Phase-2 Failure") || strings.Contains(msg, "KMD_VPN_TS_MISMATCH") {
		ev.Kind = evidence.LogIKE
	}
}
