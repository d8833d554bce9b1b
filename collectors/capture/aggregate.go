package capture

import (
	"fmt"
	"net/netip"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
)

// Bounds on what is kept. Everything else is counted, never stored.
const (
	defaultMaxFlows  = 10000 // per table (IKE conversations, ESP SAs, GRE tunnels)
	firstLines       = 10    // packet summaries kept from the start of a flow
	lastLines        = 5     // and from its end
	maxErrorExamples = 10
	maxExchanges     = 64 // per IKE conversation
	maxNotifies      = 16 // distinct notify names per exchange
	maxVendorIDs     = 16 // per IKE conversation
)

// lineRec is the raw material of one packet summary. Summaries are
// rendered when the evidence is built, so that the millions of ESP packets
// that end up overwritten in the ring cost no formatting.
type lineRec struct {
	file     int
	num      uint64
	ts       int64 // Unix nanoseconds
	src, dst netip.AddrPort
	text     string // rendered body (IKE) or a constant description
	a, b     uint32 // ESP SPI and sequence number
	n        int    // frame length
}

// lineBuf keeps the first firstLines and the last lastLines records.
type lineBuf struct {
	first []lineRec
	last  [lastLines]lineRec
	n     uint64 // records pushed into the ring
}

func (l *lineBuf) add(r lineRec) {
	if len(l.first) < firstLines {
		l.first = append(l.first, r)
		return
	}
	l.last[l.n%lastLines] = r
	l.n++
}

// render returns the summaries in order and how many were left out.
func (l *lineBuf) render(a *aggregator, body func(lineRec) string) ([]string, uint64) {
	var out []string
	for _, r := range l.first {
		out = append(out, a.prefix(r)+body(r))
	}
	kept := l.n
	if kept > lastLines {
		kept = lastLines
	}
	for i := l.n - kept; i < l.n; i++ {
		r := l.last[i%lastLines]
		out = append(out, a.prefix(r)+body(r))
	}
	return out, l.n - kept
}

// aggregator accumulates the evidence of one run over one or more sources.
type aggregator struct {
	pk       evidence.Packets
	names    []string // short source names for citations
	maxFlows int
	labels   map[netip.Addr]string

	ike      map[ikeKey]*ikeConv
	ikeOrder []*ikeConv
	esp      map[espKey]*espFlow
	espOrder []*espFlow
	gre      map[greKey]*greTun
	greOrder []*greTun
	natk     map[[2]netip.AddrPort]uint64
	natOrder [][2]netip.AddrPort
	msgs     map[evidence.ExchangeCount]uint64 // Count left zero in keys
	notifies map[string]uint64
	innerNam map[uint16]string

	fragments, laterFragments uint64
	overflow                  map[string]uint64
}

func newAggregator(opts Options) *aggregator {
	max := opts.MaxFlows
	if max <= 0 {
		max = defaultMaxFlows
	}
	return &aggregator{
		pk:       evidence.Packets{Errors: map[string]uint64{}},
		maxFlows: max,
		labels:   opts.Labels,
		ike:      map[ikeKey]*ikeConv{},
		esp:      map[espKey]*espFlow{},
		gre:      map[greKey]*greTun{},
		natk:     map[[2]netip.AddrPort]uint64{},
		msgs:     map[evidence.ExchangeCount]uint64{},
		notifies: map[string]uint64{},
		innerNam: map[uint16]string{},
		overflow: map[string]uint64{},
	}
}

// addSource registers a source and returns its index.
func (a *aggregator) addSource(name string) int {
	a.pk.Sources = append(a.pk.Sources, name)
	a.names = append(a.names, filepath.Base(name))
	return len(a.names) - 1
}

func (a *aggregator) frame(f *frame) {
	a.pk.Frames++
	t := f.ci.Timestamp
	if a.pk.Start.IsZero() || t.Before(a.pk.Start) {
		a.pk.Start = t
	}
	if t.After(a.pk.End) {
		a.pk.End = t
	}
}

func (a *aggregator) other(*frame) { a.pk.Categories.Other++ }

func (a *aggregator) fragment(later bool) {
	a.fragments++
	if later {
		a.laterFragments++
		a.pk.Categories.Fragments++
	}
}

// fail counts a per-packet decode error under reason and keeps the first
// few as examples naming the frame.
func (a *aggregator) fail(f *frame, reason string, err error) {
	a.pk.Errors[reason]++
	if len(a.pk.ErrorExamples) < maxErrorExamples {
		a.pk.ErrorExamples = append(a.pk.ErrorExamples, fmt.Sprintf("%s: frame %d: %s: %v", a.names[f.file], f.num, reason, err))
	}
}

// full reports whether a table is at its cap, counting the packet that
// could not be tracked.
func (a *aggregator) full(table string, n int) bool {
	if n < a.maxFlows {
		return false
	}
	a.overflow[table]++
	return true
}

func (a *aggregator) rec(f *frame, text string) lineRec {
	return lineRec{file: f.file, num: f.num, ts: f.ci.Timestamp.UnixNano(),
		src: netip.AddrPortFrom(f.src, f.sport), dst: netip.AddrPortFrom(f.dst, f.dport), text: text, n: f.ci.Length}
}

// prefix renders "frame 12 10:21:03.123456 192.0.2.1:500 > 198.51.100.1:500 ",
// with the file name first when several files were read.
func (a *aggregator) prefix(r lineRec) string {
	var b strings.Builder
	if len(a.names) > 1 {
		b.WriteString(a.names[r.file])
		b.WriteByte(' ')
	}
	b.WriteString("frame ")
	b.WriteString(strconv.FormatUint(r.num, 10))
	b.WriteByte(' ')
	b.WriteString(time.Unix(0, r.ts).UTC().Format("15:04:05.000000"))
	b.WriteByte(' ')
	b.WriteString(a.endpoint(r.src))
	b.WriteString(" > ")
	b.WriteString(a.endpoint(r.dst))
	b.WriteByte(' ')
	return b.String()
}

func (a *aggregator) endpoint(ap netip.AddrPort) string {
	s := ap.Addr().String()
	if ap.Port() != 0 {
		s = ap.String()
	}
	if l, ok := a.labels[ap.Addr()]; ok {
		s += "(" + l + ")"
	}
	return s
}

// result builds the evidence. The aggregator must not be used after.
func (a *aggregator) result() *evidence.Packets {
	p := &a.pk
	for _, c := range a.ikeOrder {
		p.IKE = append(p.IKE, c.build(a))
	}
	for _, e := range a.espOrder {
		p.ESP = append(p.ESP, e.build(a))
	}
	for _, g := range a.greOrder {
		p.GRE = append(p.GRE, g.build(a))
	}
	for _, k := range a.natOrder {
		p.NATKeepalives = append(p.NATKeepalives, evidence.PairCount{Src: k[0], Dst: k[1], Count: a.natk[k]})
	}
	for k, n := range a.msgs {
		k.Count = n
		p.IKEMessages = append(p.IKEMessages, k)
	}
	sort.Slice(p.IKEMessages, func(i, j int) bool {
		x, y := p.IKEMessages[i], p.IKEMessages[j]
		if x.Version != y.Version {
			return x.Version < y.Version
		}
		if x.Exchange != y.Exchange {
			return x.Exchange < y.Exchange
		}
		return !x.Response && y.Response
	})
	for n, c := range a.notifies {
		p.IKENotifies = append(p.IKENotifies, evidence.NameCount{Name: n, Count: c})
	}
	sort.Slice(p.IKENotifies, func(i, j int) bool { return p.IKENotifies[i].Name < p.IKENotifies[j].Name })
	if a.fragments > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("%d IP fragments seen and not reassembled (%d later fragments skipped; first fragments decoded as far as they go)", a.fragments, a.laterFragments))
	}
	var tables []string
	for t := range a.overflow {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	for _, t := range tables {
		p.Notes = append(p.Notes, fmt.Sprintf("%s table full at %d entries: %d packets of further %s not tracked", t, a.maxFlows, a.overflow[t], t))
	}
	return p
}
