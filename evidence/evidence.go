package evidence

import (
	"errors"
	"sort"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

// Sentinel causes a check can report as the reason it could not decide.
var (
	// ErrNotCollected: the command was never run (or not in the transcript).
	ErrNotCollected = errors.New("not collected")
	// ErrCommandFailed: the device rejected the command or the session died.
	ErrCommandFailed = errors.New("command failed")
)

// Output is one run of one command on one CPE.
type Output struct {
	// Command is the canonical command text ("show crypto ikev2 sa detail").
	Command string
	// Kind and Arg identify the command family and its argument (peer,
	// neighbor, interface, target), as parsers/iosxe.Identify reports them.
	Kind    parsers.Kind
	Arg     string
	Variant string
	// Text is the output as received, secrets redacted; Lines is Text split
	// by parsers.Lines, so Lines[n-1] is line n of a parsers.Span.
	Text  string
	Lines []string
	// At is when the output was taken; zero when the source has no clock
	// (a transcript without timestamps).
	At time.Time
	// Source says where the output came from, for error messages that
	// must lead a person back to the input: "case-1234.log:1015" (the line
	// of the command in a transcript) or "ssh 192.0.2.10".
	Source string
	// Sample is 1 for the first run of this command on this CPE, 2 for the
	// second, and so on. Counter checks compare samples.
	Sample int
	// Parsed is the typed parse (the types parsers/iosxe.Parse documents);
	// nil when Err is set.
	Parsed any
	// Err is why there is no parse: a collection failure (wrapping
	// ErrCommandFailed) or a *parsers.ParseError.
	Err error
	// Families are the fact families the command fills (set by the
	// platform when it recognised the command), so a check missing a fact
	// can say which output failed to give it.
	Families []Family
	// SetAside are lines the platform took out of the output before
	// reading it (syslog messages printed in the middle, pager debris),
	// with their 1-based line numbers in Raw. Text and Lines hold what is
	// left.
	SetAside []SetAsideLine
	// Raw is the output as received (secrets redacted) when lines were set
	// aside; "" when it equals Text.
	Raw string
	// Notes are what the platform says about how it read the output (what
	// it left out, and why); the report repeats each once.
	Notes []string
}

// SetAsideLine is one line of log noise taken out of an output.
type SetAsideLine struct {
	Line int
	Text string
	// Why says what it was ("syslog message").
	Why string
}

// Fills reports whether the output was meant to fill the family.
func (o *Output) Fills(f Family) bool {
	for _, x := range o.Families {
		if x == f {
			return true
		}
	}
	return false
}

// Excerpt returns the output lines a span covers (1-based, inclusive),
// clamped to the output.
func (o *Output) Excerpt(s parsers.Span) []string {
	if o == nil || s.Start <= 0 {
		return nil
	}
	start, end := s.Start, s.End
	if end < start {
		end = start
	}
	if start > len(o.Lines) {
		return nil
	}
	if end > len(o.Lines) {
		end = len(o.Lines)
	}
	return append([]string(nil), o.Lines[start-1:end]...)
}

// CPE is everything collected from one customer router.
type CPE struct {
	Name string
	// Host is the management address or name vcdiag reached it at, or the
	// transcript file it was read from.
	Host    string
	Outputs []*Output
	// Problems are collection failures that are not tied to one command
	// (SSH authentication failed, the session died after N commands).
	Problems []string
	// Platform is the CPE's platform ("cisco_iosxe"), Dialect its words
	// for commands and fixes (nil: GenericDialect).
	Platform string
	Dialect  Dialect

	// The facts read from Outputs by the platform, one Listing per output
	// per family, in collection order.
	IKESAs           []Listing[IKESA]
	ChildSAs         []Listing[ChildSA]
	Interfaces       []Listing[Interface]
	Configs          []Listing[Config]
	BGPNeighbors     []Listing[BGPNeighbor]
	RoutesReceived   []Listing[BGPRoute]
	RoutesAccepted   []Listing[BGPRoute]
	RoutesAdvertised []Listing[BGPRoute]
	RouteLookups     []Listing[RouteEntry]
	Pings            []Listing[Ping]
	Logs             []Listing[LogEvent]
	Versions         []Listing[Version]
}

// Words returns the CPE's dialect, GenericDialect when it has none.
func (c *CPE) Words() Dialect {
	if c == nil || c.Dialect == nil {
		return GenericDialect{}
	}
	return c.Dialect
}

// Add records an output, numbering its sample among earlier runs of the
// same command.
func (c *CPE) Add(o *Output) {
	n := 1
	for _, prev := range c.Outputs {
		if prev.Command == o.Command {
			n++
		}
	}
	o.Sample = n
	c.Outputs = append(c.Outputs, o)
}

// Find returns the outputs of a command family whose argument matches arg
// ("" matches outputs without an argument only; "*" matches any), in the
// order collected. Outputs without an error come first only in the sense
// that callers usually want Latest or Samples below.
func (c *CPE) Find(kind parsers.Kind, arg string) []*Output {
	if c == nil {
		return nil
	}
	var out []*Output
	for _, o := range c.Outputs {
		if o.Kind != kind {
			continue
		}
		if arg != "*" && !sameArg(o.Arg, arg) {
			continue
		}
		out = append(out, o)
	}
	return out
}

// FindVariant is Find for the BGP route listings, which also differ by
// variant ("advertised-routes", "received-routes", "routes").
func (c *CPE) FindVariant(kind parsers.Kind, arg, variant string) []*Output {
	var out []*Output
	for _, o := range c.Find(kind, arg) {
		if o.Variant == variant {
			out = append(out, o)
		}
	}
	return out
}

// Latest returns the last successfully parsed output among outs, or, when
// none parsed, the last output (whose Err says why), or nil.
func Latest(outs []*Output) *Output {
	for i := len(outs) - 1; i >= 0; i-- {
		if outs[i].Err == nil {
			return outs[i]
		}
	}
	if len(outs) > 0 {
		return outs[len(outs)-1]
	}
	return nil
}

// Parsed returns the successfully parsed outputs among outs, oldest first.
func Parsed(outs []*Output) []*Output {
	var ok []*Output
	for _, o := range outs {
		if o.Err == nil {
			ok = append(ok, o)
		}
	}
	return ok
}

// Site is the evidence for a whole site, one CPE per profile CPE.
type Site struct {
	CPEs map[string]*CPE
	// CollectedAt is when collection started (zero for transcripts).
	CollectedAt time.Time
	// Notes are problems not tied to a CPE (an unreadable transcript file).
	Notes []string
	// Packets is what packet captures showed (nil when none was read).
	Packets *Packets
	// Probes is what local ICMP probes showed (nil when none ran).
	Probes *Probes
}

// CPE returns the evidence for the named CPE, or nil.
func (s *Site) CPE(name string) *CPE {
	if s == nil || s.CPEs == nil {
		return nil
	}
	return s.CPEs[name]
}

// EnsureCPE returns the named CPE's evidence, creating it when absent.
func (s *Site) EnsureCPE(name string) *CPE {
	if s.CPEs == nil {
		s.CPEs = map[string]*CPE{}
	}
	c, ok := s.CPEs[name]
	if !ok {
		c = &CPE{Name: name}
		s.CPEs[name] = c
	}
	return c
}

// Names returns the CPE names in sorted order.
func (s *Site) Names() []string {
	var names []string
	for n := range s.CPEs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// sameArg compares command arguments case-insensitively, so that
// "tunnel1" typed in a session log matches the profile's "Tunnel1".
func sameArg(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
