package parsers

import (
	"encoding/json"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends the table's JSON encoding to b: byte for byte what
// encoding/json writes for its fields (compact), without reflection, except
// that "total_prefixes" is left out when the output printed no "Total
// number of prefixes" line (TotalPrefixes -1): no count in vcdiag's JSON is
// negative. A 100,000-route `show ip bgp` otherwise spends three times
// longer in encoding/json than in parsing; `vcdiag parse` uses this. A test
// holds it equal to encoding/json on every fixture, the corpus and the
// benchmark table, so a field added to BGPTable or BGPRoute must be added
// here too.
func (t *BGPTable) AppendJSON(b []byte) []byte {
	b = append(b, `{"router_id":`...)
	b = appendAddr(b, t.RouterID)
	if t.TableVersion != 0 {
		b = append(b, `,"table_version":`...)
		b = strconv.AppendUint(b, t.TableVersion, 10)
	}
	b = append(b, `,"routes":`...)
	if t.Routes == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range t.Routes {
			if i > 0 {
				b = append(b, ',')
			}
			b = t.Routes[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	if t.TotalPrefixes >= 0 {
		b = append(b, `,"total_prefixes":`...)
		b = strconv.AppendInt(b, int64(t.TotalPrefixes), 10)
	}
	b = append(b, `,"networks":`...)
	b = strconv.AppendInt(b, int64(t.Networks), 10)
	if t.LocalAS != 0 {
		b = append(b, `,"local_as":`...)
		b = strconv.AppendUint(b, uint64(t.LocalAS), 10)
	}
	if t.DefaultOriginate {
		b = append(b, `,"default_originate":true`...)
	}
	if t.DefaultOriginateLine != 0 {
		b = append(b, `,"default_originate_line":`...)
		b = strconv.AppendInt(b, int64(t.DefaultOriginateLine), 10)
	}
	if len(t.VRFs) > 0 {
		// encoding/json writes map keys sorted.
		b = append(b, `,"vrfs":{`...)
		for i, rd := range slices.Sorted(maps.Keys(t.VRFs)) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, rd)
			b = append(b, ':')
			b = appendString(b, t.VRFs[rd])
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

// MarshalJSON is AppendJSON, so that encoding/json writes a table as
// `vcdiag parse` does.
func (t BGPTable) MarshalJSON() ([]byte, error) { return t.AppendJSON(nil), nil }

func (r *BGPRoute) appendJSON(b []byte) []byte {
	b = append(b, `{"network":`...)
	b = appendPrefix(b, r.Network)
	b = append(b, `,"next_hop":`...)
	b = appendAddr(b, r.NextHop)
	if r.Metric != nil {
		b = append(b, `,"metric":`...)
		b = strconv.AppendUint(b, uint64(*r.Metric), 10)
	}
	if r.LocPrf != nil {
		b = append(b, `,"local_pref":`...)
		b = strconv.AppendUint(b, uint64(*r.LocPrf), 10)
	}
	b = append(b, `,"weight":`...)
	b = strconv.AppendUint(b, uint64(r.Weight), 10)
	b = append(b, `,"as_path":`...)
	if r.Path == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, as := range r.Path {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendUint(b, uint64(as), 10)
		}
		b = append(b, ']')
	}
	if r.PathRaw != "" {
		b = append(b, `,"as_path_raw":`...)
		b = appendString(b, r.PathRaw)
	}
	b = append(b, `,"origin":`...)
	b = appendString(b, r.Origin)
	b = append(b, `,"status_codes":`...)
	b = appendString(b, r.Status)
	b = append(b, `,"valid":`...)
	b = strconv.AppendBool(b, r.Valid)
	b = append(b, `,"best":`...)
	b = strconv.AppendBool(b, r.Best)
	b = append(b, `,"span":{"start_line":`...)
	b = strconv.AppendInt(b, int64(r.Span.Start), 10)
	b = append(b, `,"end_line":`...)
	b = strconv.AppendInt(b, int64(r.Span.End), 10)
	b = append(b, '}')
	if r.NetworkRaw != "" {
		b = append(b, `,"network_raw":`...)
		b = appendString(b, r.NetworkRaw)
	}
	if r.Internal {
		b = append(b, `,"internal":true`...)
	}
	if r.AddressFamily != "" {
		b = append(b, `,"address_family":`...)
		b = appendString(b, r.AddressFamily)
	}
	if r.RouteDistinguisher != "" {
		b = append(b, `,"route_distinguisher":`...)
		b = appendString(b, r.RouteDistinguisher)
	}
	return append(b, '}')
}

// appendAddr and appendPrefix write what their MarshalText gives, quoted
// ("" for the zero value). Addresses need no escaping, except an IPv6 zone,
// which may hold any character ("fe80::1%eth0", or garbage a fuzzer
// finds): those take appendString's path.
func appendAddr(b []byte, a netip.Addr) []byte {
	if a.Zone() != "" {
		return appendString(b, a.String())
	}
	b = append(b, '"')
	if a.IsValid() {
		b = a.AppendTo(b)
	}
	return append(b, '"')
}

func appendPrefix(b []byte, p netip.Prefix) []byte {
	if p.Addr().Zone() != "" {
		return appendString(b, p.String())
	}
	b = append(b, '"')
	if p.IsValid() {
		b = p.AppendTo(b)
	}
	return append(b, '"')
}

// appendString quotes s as encoding/json does. Plain printable ASCII, all
// device output is, is copied; anything else (HTML characters, control
// bytes, invalid UTF-8, U+2028) takes encoding/json's own path so the
// escaping is exactly its.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
