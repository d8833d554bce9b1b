package linux

import (
	"net/netip"
	"regexp"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

// Journal is journalctl's output: one entry per message line.
type Journal struct {
	Entries []JournalEntry `json:"entries"`
}

// JournalEntry is one message: "2026-11-26T10:21:00+0000 cpe1 charon[812]: 09[IKE] ...".
type JournalEntry struct {
	At      time.Time `json:"at,omitzero"`
	AtRaw   string    `json:"at_raw"`
	Host    string    `json:"host"`
	Ident   string    `json:"ident"` // charon, bgpd, zebra
	Message string    `json:"message"`
	Line    int       `json:"line"`
}

// journalLine is the short and short-iso formats of journalctl.
var journalLine = regexp.MustCompile(`^(\d{4}-\d\d-\d\dT[\d:.]+(?:[+-]\d\d:?\d\d|Z)?|[A-Z][a-z]{2} [ \d]\d [\d:.]+) (\S+) ([\w.@-]+)(?:\[\d+\])?: (.*)$`)

// ParseJournal reads journalctl's text output. "-- No entries --" and
// "-- Logs begin at ..." lines are markers; an output with neither
// entries nor markers, and something else in it, is not a journal.
func ParseJournal(out string) (*Journal, error) {
	j := &Journal{}
	first, firstText := 0, ""
	for i, l := range parsers.Lines(out) {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "-- ") || strings.HasPrefix(t, "Hint: ") {
			continue
		}
		m := journalLine.FindStringSubmatch(t)
		if m == nil {
			if first == 0 {
				first, firstText = i+1, t
			}
			continue
		}
		e := JournalEntry{AtRaw: m[1], Host: m[2], Ident: m[3], Message: m[4], Line: i + 1}
		for _, layout := range []string{"2006-01-02T15:04:05-0700", "2006-01-02T15:04:05-07:00", "2006-01-02T15:04:05.999999-07:00", "2006-01-02T15:04:05.999999-0700"} {
			if at, err := time.Parse(layout, m[1]); err == nil {
				e.At = at
				break
			}
		}
		j.Entries = append(j.Entries, e)
	}
	if len(j.Entries) == 0 && first > 0 {
		return nil, &parsers.ParseError{Command: "journalctl", Line: first, Text: firstText,
			Msg: "no line of it looks like journalctl output: expected \"TIME HOST IDENT[PID]: MESSAGE\" lines"}
	}
	return j, nil
}

// The charon and bgpd messages the checks read.
var (
	ipv4InText   = regexp.MustCompile(`\b(\d{1,3}(?:\.\d{1,3}){3})\b`)
	bgpNeighbor  = regexp.MustCompile(`neighbor (\d{1,3}(?:\.\d{1,3}){3})`)
	notification = regexp.MustCompile(`(?i)(\d+/\d+ \([^)]*\)|OPEN Message Error/[\w ]+|Bad Peer AS)`)
)

// journal reads the journal into log events: IKE failures from charon,
// session changes and NOTIFICATIONs from bgpd. Other lines are kept as
// "other".
func (r reader) journal(v *Journal) {
	l := evidence.Listing[evidence.LogEvent]{Out: r.o, Scope: r.scope(), Rank: 1}
	for _, e := range v.Entries {
		ev := evidence.LogEvent{Kind: evidence.LogOther, Code: e.Ident, At: e.At, AtRaw: e.AtRaw, Text: e.Message,
			Detail: e.Message, Ref: r.ref(parsers.Span{Start: e.Line, End: e.Line})}
		msg := e.Message
		switch {
		case strings.HasPrefix(e.Ident, "charon"):
			if strings.Contains(msg, "AUTHENTICATION_FAILED") || strings.Contains(msg, "NO_PROPOSAL_CHOSEN") ||
				strings.Contains(msg, "no acceptable proposal") || strings.Contains(msg, "MAC mismatched") ||
				strings.Contains(msg, "giving up after") || strings.Contains(msg, "establishing IKE_SA failed") ||
				strings.Contains(msg, "retransmit") && strings.Contains(msg, "IKE_SA_INIT") {
				ev.Kind = evidence.LogIKE
			}
			if m := ipv4InText.FindStringSubmatch(msg); m != nil {
				ev.Peer, _ = netip.ParseAddr(m[1])
			}
		case e.Ident == "kernel":
			// net/ipv4/tcp.c tcp_inbound_md5_hash: "MD5 Hash failed for
			// (SRC, SPORT)->(DST, DPORT) L3 index 0" (6.x says "mismatch"
			// from 6.7); the source is the peer.
			switch {
			case strings.Contains(msg, "MD5 Hash failed") || strings.Contains(msg, "MD5 Hash mismatch"):
				ev.Kind = evidence.LogBGPAuthInvalid
			case strings.Contains(msg, "MD5 Hash NOT expected") || strings.Contains(msg, "Hash NOT expected"):
				ev.Kind = evidence.LogBGPAuthUnwanted
			case strings.Contains(msg, "MD5 Hash expected but not found") || strings.Contains(msg, "Hash expected but not found"):
				ev.Kind = evidence.LogBGPAuthMissing
			}
			if ev.Kind != evidence.LogOther {
				if m := ipv4InText.FindStringSubmatch(msg); m != nil {
					ev.Peer, _ = netip.ParseAddr(m[1])
				}
				ev.Detail = "TCP MD5: " + msg
			}
		case e.Ident == "bgpd":
			if m := bgpNeighbor.FindStringSubmatch(msg); m != nil {
				ev.Peer, _ = netip.ParseAddr(m[1])
			}
			switch {
			case strings.Contains(msg, "NOTIFICATION"):
				ev.Kind = evidence.LogBGPNotification
				if m := notification.FindString(msg); m != "" {
					ev.Detail = m
				}
			case strings.Contains(msg, "ADJCHANGE"):
				ev.Kind = evidence.LogBGPAdjChange
			}
		}
		ev.Ref.Mark(evidence.AttrState, e.Line)
		l.Items = append(l.Items, ev)
	}
	r.cpe.Logs = append(r.cpe.Logs, l)
}
