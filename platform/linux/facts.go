package linux

import (
	"net/netip"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform"
)

// reader turns one parsed output into facts of its CPE.
type reader struct {
	o   *evidence.Output
	cpe *evidence.CPE
	cmd platform.Command
}

// ref points at a record's lines, its first line marked as its head.
func (r reader) ref(span parsers.Span) evidence.Ref {
	ref := evidence.RefTo(r.o, span)
	ref.Mark(evidence.AttrHead, span.Start)
	return ref
}

// scope is the listing's scope: keyed by the command's argument.
func (r reader) scope() evidence.Scope { return evidence.Scope{Key: r.cmd.Arg} }

// spanOf is the whole output.
func spanOf(o *evidence.Output) parsers.Span {
	return parsers.Span{Start: 1, End: max(len(o.Lines), 1)}
}

// netipPrefix is a host prefix of a.
func netipPrefix(a netip.Addr) netip.Prefix { return netip.PrefixFrom(a, a.BitLen()) }

// msDuration is a count of milliseconds.
func msDuration(ms int64) time.Duration { return time.Duration(ms) * time.Millisecond }
