package evidence

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// Facts are what a platform package (platform/iosxe, ...) reads out of the
// outputs of its CPE: platform-neutral, typed, and each with its provenance
// (Ref). Checks judge facts only; they never see a command's text or a
// vendor's wording, so a new platform needs no change in checks/.
//
// Facts of one family (IKE SAs, interfaces, BGP neighbors, ...) come in
// Listings: one per output that carried them, in collection order, with the
// output's Scope (what it would have listed). The Scope is what lets a
// check tell "not there" (a complete listing lacks it) from "not
// collected" (no listing covers it).

// Family names a kind of fact. An output fills one or more families; a
// check that finds no fact of a family asks the CPE why (CPE.Why).
type Family string

// The fact families.
const (
	FamilyIKE              Family = "ike-sa"            // IKE SAs
	FamilyChildSA          Family = "child-sa"          // IPsec (child) SAs with their counters
	FamilyInterface        Family = "interface"         // interface state and counters
	FamilyConfig           Family = "config"            // the device configuration
	FamilyBGPNeighbor      Family = "bgp-neighbor"      // BGP sessions
	FamilyRoutesReceived   Family = "routes-received"   // what a neighbor sent, before inbound policy
	FamilyRoutesAccepted   Family = "routes-accepted"   // what the CPE kept from a neighbor, after inbound policy
	FamilyRoutesAdvertised Family = "routes-advertised" // what the CPE sends a neighbor
	FamilyRouteLookup      Family = "route-lookup"      // routing or forwarding table entries
	FamilyPing             Family = "ping"              // pings run on the CPE
	FamilyLog              Family = "log"               // syslog messages
	FamilyVersion          Family = "version"           // software and hardware
)

// Attr names one attribute of a fact whose lines a citation can show on
// their own (the counter lines of a 40-line IPsec SA block, the
// "keepalive" line of an interface).
type Attr string

// The attributes platforms mark with Ref.Mark.
const (
	AttrHead       Attr = "head"       // the record's identifying line(s)
	AttrState      Attr = "state"      // status, line protocol, BGP state
	AttrReason     Attr = "reason"     // why a state is down: linestate, last reset, notification
	AttrAlgorithms Attr = "algorithms" // negotiated or configured algorithms
	AttrAge        Attr = "age"        // lifetime, active time, up time
	AttrAddress    Attr = "address"    // an interface address
	AttrEndpoints  Attr = "endpoints"  // tunnel source and destination, local and remote
	AttrSelectors  Attr = "selectors"  // IPsec traffic selectors, crypto ACL entries
	AttrSAs        Attr = "sas"        // the SPI and status lines of ESP SAs
	AttrCounters   Attr = "counters"   // packet counters
	AttrErrors     Attr = "errors"     // error counters
	AttrRates      Attr = "rates"      // traffic rates
	AttrMTU        Attr = "mtu"        // MTU lines (ip mtu, plaintext mtu, path mtu)
	AttrMSS        Attr = "mss"        // TCP MSS adjustment
	AttrPMTUD      Attr = "pmtud"      // path MTU discovery
	AttrKeepalive  Attr = "keepalive"  // GRE keepalives
	AttrVRF        Attr = "vrf"        // VRF membership
	AttrShutdown   Attr = "shutdown"   // administratively disabled
	AttrRemoteAS   Attr = "remote-as"  // BGP remote AS
	AttrLocalAS    Attr = "local-as"   // BGP local AS (router or per neighbor)
	AttrPassword   Attr = "password"   // a BGP password is set (never its value)
	AttrPolicy     Attr = "policy"     // inbound/outbound route policy
	AttrOriginate  Attr = "originate"  // default origination
	AttrTransform  Attr = "transform"  // IPsec transforms and mode
	AttrPFS        Attr = "pfs"        // PFS group
	AttrLifetime   Attr = "lifetime"   // configured lifetimes
	AttrPrefixes   Attr = "prefixes"   // prefix counts
	AttrNextHop    Attr = "next-hop"   // next hops of a route
	AttrSummary    Attr = "summary"    // totals, trailers
)

// Ref is where a fact was read: the output (its command, sample, source,
// time and lines), the record's line span in it, and the lines of
// individual attributes.
type Ref struct {
	Out  *Output
	Span parsers.Span
	// Attrs maps an attribute to the 1-based line numbers (of Out.Lines)
	// that show it.
	Attrs map[Attr][]int
}

// RefTo returns a Ref to span of o.
func RefTo(o *Output, span parsers.Span) Ref { return Ref{Out: o, Span: span} }

// Mark records that lines show attr. Lines outside the output are ignored.
func (r *Ref) Mark(attr Attr, lines ...int) {
	for _, n := range lines {
		if n <= 0 {
			continue
		}
		if r.Attrs == nil {
			r.Attrs = map[Attr][]int{}
		}
		if !slices.Contains(r.Attrs[attr], n) {
			r.Attrs[attr] = append(r.Attrs[attr], n)
		}
	}
}

// MarkWhere marks the lines of the record's span that contain any of subs
// (a platform's own words: "#pkts encaps", "Keepalive set").
func (r *Ref) MarkWhere(attr Attr, subs ...string) {
	if r.Out == nil {
		return
	}
	for n := r.Span.Start; n >= 1 && n <= r.Span.End && n <= len(r.Out.Lines); n++ {
		for _, s := range subs {
			if strings.Contains(r.Out.Lines[n-1], s) {
				r.Mark(attr, n)
				break
			}
		}
	}
}

// Lines returns the line numbers of the attributes, sorted; nil when none
// was marked.
func (r Ref) Lines(attrs ...Attr) []int {
	var out []int
	for _, a := range attrs {
		for _, n := range r.Attrs[a] {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Valid reports whether the Ref points at an output.
func (r Ref) Valid() bool { return r.Out != nil }

// Scope says what an output would have listed, and so whether the absence
// of something from it proves it is not there.
type Scope struct {
	// Key is the one thing the output was about (an interface name, a peer
	// or neighbor address, a looked-up address), "" for a whole listing.
	Key string
	// VRF is the routing context the output was taken in ("" global).
	VRF string
	// Query is what a route lookup asked about: an address as a /32 (the
	// answer is the longest match), or a prefix (the answer is that exact
	// entry). Invalid for a whole table and for other families.
	Query netip.Prefix
	// Partial marks an output that may leave things out even within its
	// Key: filtered with "| include" or "| section", cut short, or a brief
	// form that omits some records. A partial listing proves presence,
	// never absence.
	Partial bool
}

// Covers reports whether a listing of this scope would hold the item keyed
// key (compared case-insensitively): a whole listing covers every key, a
// keyed one only its own.
func (s Scope) Covers(key string) bool {
	return s.Key == "" || strings.EqualFold(s.Key, key)
}

// Listing is the facts of one family that one output carried.
type Listing[T any] struct {
	Out   *Output
	Scope Scope
	// Rank orders listings of one family by how much they say: a detail
	// form outranks a brief one, which outranks a summary line in another
	// command. Among listings that cover a key the highest rank wins, then
	// the latest.
	Rank  int
	Items []T
}

// Proves reports whether the listing can prove the absence of the item
// keyed key: it covers it and is complete.
func (l Listing[T]) Proves(key string) bool { return !l.Scope.Partial && l.Scope.Covers(key) }

// Covering returns the listings that cover key, in collection order.
func Covering[T any](ls []Listing[T], key string) []Listing[T] {
	var out []Listing[T]
	for _, l := range ls {
		if l.Scope.Covers(key) {
			out = append(out, l)
		}
	}
	return out
}

// Best returns the listing among ls that wins for a question: the highest
// rank, then the most specific (a keyed listing over a whole one), then the
// latest. ok is false when ls is empty.
func Best[T any](ls []Listing[T]) (Listing[T], bool) {
	var best Listing[T]
	ok := false
	for _, l := range ls {
		if !ok || l.Rank > best.Rank || l.Rank == best.Rank && (l.Scope.Key != "" || best.Scope.Key == "") {
			best, ok = l, true
		}
	}
	return best, ok
}

// Samples returns the listings of the best rank among ls, oldest first:
// the samples a delta check compares.
func Samples[T any](ls []Listing[T]) []Listing[T] {
	best, ok := Best(ls)
	if !ok {
		return nil
	}
	var out []Listing[T]
	for _, l := range ls {
		if l.Rank == best.Rank {
			out = append(out, l)
		}
	}
	return out
}
