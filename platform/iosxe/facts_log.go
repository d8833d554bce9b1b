package iosxe

import (
	"fmt"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	ios "github.com/vcdiag/vcdiag/parsers/iosxe"
)

// setAside takes the syslog messages a console or "terminal monitor"
// session printed in the middle of an output out of it (o.SetAside), so
// that the output parses as if they were not there, and keeps them as log
// facts: a %TCP-6-BADAUTH printed into a "show ip bgp summary" is as good
// evidence as one in "show logging".
func setAside(o *evidence.Output, cpe *evidence.CPE) {
	var kept []string
	var events evidence.Listing[evidence.LogEvent]
	var at []int // the set-aside line of each event
	for i, l := range o.Lines {
		if !ios.IsSyslogLine(l) {
			kept = append(kept, l)
			continue
		}
		o.SetAside = append(o.SetAside, evidence.SetAsideLine{Line: i + 1, Text: l, Why: "syslog message"})
		if m, ok := ios.ParseSyslogLine(l); ok {
			events.Items = append(events.Items, logEvent(m, evidence.Ref{}, l))
			at = append(at, len(o.SetAside))
		}
	}
	if len(o.SetAside) == 0 {
		return
	}
	o.Raw = o.Text
	o.Text = strings.Join(kept, "\n")
	if len(kept) > 0 {
		o.Text += "\n"
	}
	o.Lines = parsers.Lines(o.Text)
	// The messages cite a synthetic output of their own: the set-aside
	// lines, under the command they interrupted.
	noise := &evidence.Output{Command: o.Command, Kind: o.Kind, Arg: o.Arg, Variant: o.Variant, At: o.At,
		Source: o.Source, Sample: o.Sample, Families: []evidence.Family{evidence.FamilyLog}}
	for _, s := range o.SetAside {
		noise.Lines = append(noise.Lines, s.Text)
	}
	noise.Text = strings.Join(noise.Lines, "\n") + "\n"
	events.Out = noise
	events.Scope = evidence.Scope{Partial: true}
	for i := range events.Items {
		events.Items[i].Ref = evidence.RefTo(noise, parsers.Span{Start: at[i], End: at[i]})
		events.Items[i].Ref.Mark(evidence.AttrHead, at[i])
	}
	cpe.Logs = append(cpe.Logs, events)
}

// maxLogMessages bounds how many of show logging's messages become facts:
// the newest. IOS has no "show logging last N", and a buffer configured
// large ("logging buffered 1000000") holds thousands of messages that are
// mostly about other things.
const maxLogMessages = 1000

// logging reads show logging's buffer.
func (r reader) logging(lg *parsers.Logging) {
	l := evidence.Listing[evidence.LogEvent]{Out: r.o, Scope: evidence.Scope{Partial: true}, Rank: 1}
	msgs := lg.Messages
	if n := len(msgs); n > maxLogMessages {
		msgs = msgs[n-maxLogMessages:]
		r.o.Notes = append(r.o.Notes, fmt.Sprintf("only the newest %d of its %d log messages were read", maxLogMessages, n))
	}
	for _, m := range msgs {
		ref := r.ref(m.Span)
		ref.Mark(evidence.AttrHead, m.Span.Start)
		l.Items = append(l.Items, logEvent(m, ref, ""))
	}
	r.cpe.Logs = append(r.cpe.Logs, l)
}

// logEvent classifies one IOS syslog message.
func logEvent(m parsers.SyslogMessage, ref evidence.Ref, line string) evidence.LogEvent {
	e := evidence.LogEvent{Kind: evidence.LogOther, At: m.Time, AtRaw: m.TimeText, Interface: m.Interface,
		Text: m.Text, Ref: ref}
	if m.Tag != "" {
		e.Code = "%" + m.Tag
	}
	if line != "" {
		e.Text = strings.TrimSpace(line)
	}
	switch {
	case m.Facility == "TCP" && m.Mnemonic == "BADAUTH":
		e.Peer, e.Local, e.Detail = m.From.Addr(), m.To.Addr(), m.Reason
		switch r := strings.ToLower(m.Reason + " " + m.Text); {
		case strings.Contains(r, "no md5 digest"):
			e.Kind = evidence.LogBGPAuthMissing
		case strings.Contains(r, "not expected"), strings.Contains(r, "unexpected"):
			e.Kind = evidence.LogBGPAuthUnwanted
		default:
			e.Kind = evidence.LogBGPAuthInvalid
		}
	case m.Facility == "BGP" && m.Mnemonic == "NOTIFICATION":
		e.Kind, e.Peer = evidence.LogBGPNotification, m.Neighbor
		e.Detail = strings.TrimSpace(m.Direction + " " + m.NotificationCode + " (" + m.NotificationText + ")")
	case m.Facility == "BGP" && (m.Mnemonic == "ADJCHANGE" || m.Mnemonic == "NBR_RESET"):
		e.Kind, e.Peer = evidence.LogBGPAdjChange, m.Neighbor
		e.Detail = strings.TrimSpace(m.State + " " + m.Reason)
	case m.Facility == "CRYPTO" || m.Facility == "IKEV2" || strings.HasPrefix(m.Facility, "IKE"):
		e.Kind, e.Peer, e.Detail = evidence.LogIKE, m.Peer.Addr(), m.Mnemonic
		if strings.Contains(m.Mnemonic, "SPI") || strings.Contains(m.Mnemonic, "REPLAY") || strings.Contains(m.Mnemonic, "PKT") {
			e.Kind = evidence.LogIPsec
			if !e.Peer.IsValid() {
				e.Peer = m.From.Addr()
			}
		}
	case m.Facility == "LINEPROTO":
		e.Kind, e.Detail = evidence.LogLineProtocol, m.State
	case m.Facility == "LINK":
		e.Kind, e.Detail = evidence.LogLink, m.State
	}
	return e
}
