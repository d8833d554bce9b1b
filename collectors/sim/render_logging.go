package sim

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// logEvent is one message of the simulated router's log buffer.
type logEvent struct {
	at   time.Time
	text string // "%BGP-5-ADJCHANGE: neighbor 100.64.1.1 Up "
}

// logWindow is how far back the buffer reaches: the messages of a
// session's (or a fault's) past are in it only when that recent.
const logWindow = 3 * time.Hour

// logging renders "show logging": the header IOS-XE 17 prints, then the
// buffered messages of the last logWindow, oldest first, with the
// "service timestamps log datetime msec localtime show-timezone" stamps.
func (r *renderer) logging() string {
	events := r.logEvents()
	var b strings.Builder
	fmt.Fprintf(&b, "Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, 0 overruns, xml disabled, filtering disabled)\n\n")
	b.WriteString("No Active Message Discriminator.\n\n\n\nNo Inactive Message Discriminator.\n\n\n")
	b.WriteString("    Console logging: disabled\n")
	b.WriteString("    Monitor logging: level debugging, 0 messages logged, xml disabled,\n                     filtering disabled\n")
	fmt.Fprintf(&b, "    Buffer logging:  level debugging, %d messages logged, xml disabled,\n                    filtering disabled\n", len(events)+12)
	b.WriteString("    Exception Logging: size (4096 bytes)\n    Count and timestamp logging messages: disabled\n    Persistent logging: disabled\n\n")
	b.WriteString("No active filter modules.\n\n")
	fmt.Fprintf(&b, "    Trap logging: level informational, %d message lines logged\n        Logging Source-Interface:       VRF Name:\n\n", len(events)+15)
	b.WriteString("Log Buffer (102400 bytes):\n\n")
	for _, e := range events {
		t := e.at.UTC()
		fmt.Fprintf(&b, "%s.%03d UTC: %s\n", t.Format("Jan _2 15:04:05"), t.Nanosecond()/1e6, e.text)
	}
	return b.String()
}

// logEvents are what the tunnels' state leaves in the buffer: sessions
// coming up, line protocols going down, NOTIFICATIONs and TCP MD5
// failures, newest at the time of the command.
func (r *renderer) logEvents() []logEvent {
	var out []logEvent
	from := r.at.Add(-logWindow)
	add := func(at time.Time, format string, args ...any) {
		if at.After(from) && !at.After(r.at) {
			out = append(out, logEvent{at, fmt.Sprintf(format, args...)})
		}
	}
	for _, t := range r.cpe.Tunnels {
		s := t.state()
		n := t.Config.Neighbor
		switch {
		case s.bgpUp:
			add(r.at.Add(-(t.BGPAge + r.el)), "%%BGP-5-ADJCHANGE: neighbor %s Up ", n)
		case t.Faults.DIPasswordDiffers && t.Config.BGPPassword != "" && s.lineUp:
			// The DC keeps trying: each SYN carries a digest the CPE cannot
			// verify. IOS rate-limits the message; one a minute is typical.
			for i := 5; i >= 0; i-- {
				add(r.at.Add(-time.Duration(i)*time.Minute-7*time.Second),
					"%%TCP-6-BADAUTH: Invalid MD5 digest from %s(%d) to %s(179) tableid - 0",
					t.Form.DITunnelIP, 11000+int(t.Seed)*7+i, t.Config.TunnelIP.Addr())
			}
		case s.lineUp && t.Config.RemoteAS != t.Form.DIASN && t.Config.Neighbor == t.Form.DITunnelIP:
			for i := 3; i >= 0; i-- {
				add(r.at.Add(-time.Duration(i)*time.Minute-21*time.Second),
					"%%BGP-3-NOTIFICATION: sent to neighbor %s active 2/2 (peer in wrong AS) 2 bytes %04X", n, t.Form.DIASN)
			}
		}
		if !s.lineUp {
			add(r.at.Add(-47*time.Minute), "%%LINEPROTO-5-UPDOWN: Line protocol on Interface %s, changed state to down", t.Interface)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}
