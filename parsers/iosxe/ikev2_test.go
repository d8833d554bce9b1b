package iosxe

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/vcdiag/vcdiag/parsers"
)

// The Virtual Connect addresses of our fixtures: the CPE's public IPsec
// address and the DI IPsec peers of DC-A and DC-B.
var (
	cpe = netip.MustParseAddr("192.0.2.1")
	dcA = netip.MustParseAddr("198.51.100.1")
	dcB = netip.MustParseAddr("198.51.100.129")
)

// netipEqual lets go-cmp compare the net/netip types, whose fields are
// unexported.
var netipEqual = cmpopts.EquateComparable(netip.Addr{}, netip.AddrPort{}, netip.Prefix{})

// readCryptoFixture returns one of our own fixtures under testdata/crypto.
func readCryptoFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "crypto", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// variants returns the ways collectors hand us the same output: as is,
// with CRLF, without the final newline, behind the timestamp banner and
// behind the echoed command of a pasted session. The banner shifts every
// line by two and the echo by one, which the caller accounts for.
func variants(out string) map[string]struct {
	text  string
	shift int
} {
	return map[string]struct {
		text  string
		shift int
	}{
		"lf":     {out, 0},
		"crlf":   {strings.ReplaceAll(out, "\n", "\r\n"), 0},
		"no-eol": {strings.TrimRight(out, "\n"), 0},
		"banner": {"Load for five secs: 1%/0%; one minute: 1%; five minutes: 1%\n" +
			"Time source is NTP, 10:54:02.123 UTC Thu Nov 26 2026\n" + out, 2},
		"echo": {"cpe1#show crypto command\n" + out, 1},
	}
}

func TestParseIKEv2SAFixture(t *testing.T) {
	yes, no := true, false
	want := []parsers.IKEv2SA{{
		TunnelID: 1, Local: netip.MustParseAddrPort("192.0.2.1:500"), Remote: netip.MustParseAddrPort("198.51.100.1:500"),
		LocalAddr: cpe, LocalPort: 500, RemoteAddr: dcA, RemotePort: 500,
		FVRF: "none", IVRF: "none", Status: "READY",
		Encryption: "aes-gcm-256", PRF: "sha512", Integrity: "none", DHGroup: 20, AuthSign: "PSK", AuthVerify: "PSK",
		Lifetime: 24 * time.Hour, ActiveTime: 1757 * time.Second, LifetimeSec: 86400, ActiveTimeSec: 1757, KeySize: 256,
		SessionID: 7, CEID: 1021, LocalSPI: "9C3B2F1E0A4D6B71", RemoteSPI: "41E5A7C9D2B3F810",
		LocalID: "192.0.2.1", RemoteID: "198.51.100.1", Description: "Negotiation done", Initiator: &yes,
		LocalReqMsgID: 12, RemoteReqMsgID: 3, LocalNextMsgID: 12, RemoteNextMsgID: 3, LocalReqQueued: 12, RemoteReqQueued: 3,
		LocalWindow: 5, RemoteWindow: 5, DPDInterval: 10, DPDRetry: 2, PeerType: "Other",
		Span: parsers.Span{Start: 4, End: 23},
	}, {
		TunnelID: 2, Local: netip.MustParseAddrPort("192.0.2.1:500"), Remote: netip.MustParseAddrPort("198.51.100.129:500"),
		LocalAddr: cpe, LocalPort: 500, RemoteAddr: dcB, RemotePort: 500,
		FVRF: "none", IVRF: "none", Status: "INIT",
		Encryption: "aes-gcm-256", PRF: "sha512", Integrity: "none", DHGroup: 20, AuthSign: "PSK", AuthVerify: "Unknown",
		Lifetime: 24 * time.Hour, LifetimeSec: 86400, KeySize: 256,
		LocalSPI: "5D21F0A9C3E7B412", RemoteSPI: "0000000000000000",
		LocalID: "192.0.2.1", Description: "Initial state", Initiator: &yes,
		LocalReqMsgID: 1, LocalNextMsgID: 1, LocalReqQueued: 1,
		LocalWindow: 5, RemoteWindow: 5, DPDInterval: 10, DPDRetry: 2, PeerType: "Other",
		Span: parsers.Span{Start: 26, End: 45},
	}, {
		TunnelID: 3, Local: netip.MustParseAddrPort("192.0.2.1:4500"), Remote: netip.MustParseAddrPort("198.51.100.1:4500"),
		LocalAddr: cpe, LocalPort: 4500, RemoteAddr: dcA, RemotePort: 4500,
		FVRF: "none", IVRF: "none", Status: "DELETE",
		Encryption: "aes-gcm-256", PRF: "sha512", Integrity: "none", DHGroup: 20, AuthSign: "PSK", AuthVerify: "PSK",
		Lifetime: 24 * time.Hour, ActiveTime: 86395 * time.Second, LifetimeSec: 86400, ActiveTimeSec: 86395, KeySize: 256,
		SessionID: 5, CEID: 1009, LocalSPI: "1A2B3C4D5E6F7081", RemoteSPI: "8877665544332211",
		LocalID: "192.0.2.1", RemoteID: "198.51.100.1", Description: "Deleting IKE SA", Initiator: &no,
		NATDetected: true, NATSide: "outside",
		LocalReqMsgID: 40, RemoteReqMsgID: 38, LocalNextMsgID: 41, RemoteNextMsgID: 38, LocalReqQueued: 40, RemoteReqQueued: 38,
		LocalWindow: 5, RemoteWindow: 5, DPDInterval: 10, DPDRetry: 2, PeerType: "Other",
		Span: parsers.Span{Start: 48, End: 67},
	}}
	out := readCryptoFixture(t, "vc_ikev2_sa_detail.txt")
	for name, v := range variants(out) {
		t.Run(name, func(t *testing.T) {
			got, err := ParseIKEv2SA(v.text)
			if err != nil {
				t.Fatalf("ParseIKEv2SA(%s) error: %v", name, err)
			}
			w := shiftIKEv2(want, v.shift)
			if diff := cmp.Diff(w, got, netipEqual); diff != "" {
				t.Errorf("ParseIKEv2SA(%s) mismatch (-want +got):\n%s", name, diff)
			}
			if !got[0].Ready() || got[1].Ready() || got[2].Ready() {
				t.Errorf("Ready() = %v %v %v, want true false false", got[0].Ready(), got[1].Ready(), got[2].Ready())
			}
		})
	}
}

func shiftIKEv2(in []parsers.IKEv2SA, k int) []parsers.IKEv2SA {
	out := make([]parsers.IKEv2SA, len(in))
	for i, s := range in {
		s.Span.Start += k
		s.Span.End += k
		out[i] = s
	}
	return out
}

func TestParseIKEv2SABrief(t *testing.T) {
	got, err := ParseIKEv2SA(readCryptoFixture(t, "vc_ikev2_sa.txt"))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		ID     int
		Remote string
		Status string
		Active int
		Span   parsers.Span
	}
	var rows []row
	for _, s := range got {
		rows = append(rows, row{s.TunnelID, s.Remote.String(), s.Status, s.ActiveTimeSec, s.Span})
	}
	want := []row{
		{1, "198.51.100.1:500", "READY", 1757, parsers.Span{Start: 4, End: 6}},
		{2, "198.51.100.129:500", "INIT", 0, parsers.Span{Start: 9, End: 11}},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("ParseIKEv2SA(vc_ikev2_sa.txt) mismatch (-want +got):\n%s", diff)
	}
}

func TestParseIKEv2SAShapes(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // "id remote status" per SA
	}{
		{"empty", "", []string{}},
		{"headers only", " IPv4 Crypto IKEv2  SA \n\n IPv6 Crypto IKEv2  SA \n\n", []string{}},
		{"collapsed columns", "Tunnel-id Local Remote fvrf/ivrf Status\n6 1.1.1.2/500 2.2.2.2/500 none/none READY\n", []string{"6 2.2.2.2:500 READY"}},
		{"ipv6 layout", "Tunnel-id    fvrf/ivrf              Status\n1          none/none             UNKNOWN\nLocal  2001:DB8::1/500\nRemote  2001:DB8::2/500\n",
			[]string{"1 [2001:db8::2]:500 UNKNOWN"}},
		{"two word status", "Tunnel-id Local Remote fvrf/ivrf Status\n4 192.0.2.1/500 198.51.100.1/500 none/none IN-NEG DELETE\n",
			[]string{"4 198.51.100.1:500 IN-NEG DELETE"}},
		{"unknown detail line", "Tunnel-id Local Remote fvrf/ivrf Status\n1 192.0.2.1/500 198.51.100.1/500 none/none READY\n      Brand new IOS 18 line: 42\n",
			[]string{"1 198.51.100.1:500 READY"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseIKEv2SA(tt.in)
			if err != nil {
				t.Fatalf("ParseIKEv2SA(%q) error: %v", tt.in, err)
			}
			rows := []string{}
			for _, s := range got {
				rows = append(rows, fmt.Sprintf("%d %s %s", s.TunnelID, s.Remote, s.Status))
			}
			if !cmp.Equal(rows, tt.want) {
				t.Errorf("ParseIKEv2SA(%q) = %v, want %v", tt.in, rows, tt.want)
			}
		})
	}
}

func TestParseIKEv2SAErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		line int
	}{
		{"garbage", "% Invalid input detected at '^' marker.\n", 1},
		{"detail before row", "Tunnel-id Local Remote fvrf/ivrf Status\n      Life/Active Time: 86400/1 sec\n", 2},
		{"bad remote", "Tunnel-id Local Remote fvrf/ivrf Status\n1 192.0.2.1/500 nowhere/500 none/none READY\n", 2},
		{"short row", "\n7 READY\n", 2},
		{"ipv6 missing remote", "1 none/none READY\nLocal 2001:DB8::1/500\nRemote bogus\n", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseIKEv2SA(tt.in)
			var pe *parsers.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseIKEv2SA(%q) error = %v, want *parsers.ParseError", tt.in, err)
			}
			if pe.Line != tt.line || pe.Command != cmdIKEv2SA {
				t.Errorf("ParseIKEv2SA(%q) error at line %d (%q), want line %d", tt.in, pe.Line, pe.Command, tt.line)
			}
		})
	}
}

var ikev2CorpusDirs = []string{
	"show_crypto_ikev2_sa", "show_crypto_ikev2_sa_detail", "show_crypto_ikev2_sa_local",
	"show_crypto_ikev2_sa_local_detail", "show_crypto_ikev2_sa_remote", "show_crypto_ikev2_sa_remote_detail",
}

func TestParseIKEv2SACorpus(t *testing.T) {
	for _, f := range corpusFiles(t, ikev2CorpusDirs...) {
		t.Run(filepath.Base(f.Path), func(t *testing.T) {
			got, err := ParseIKEv2SA(readCorpus(t, f.Path))
			if err != nil {
				t.Fatalf("ParseIKEv2SA(%s): %v", f.Path, err)
			}
			checkSpans(t, len(parsers.Lines(readCorpus(t, f.Path))), ikev2Spans(got))
			if !strings.HasSuffix(f.Expected, ".json") {
				return
			}
			exp := loadExpected(t, f.Expected)
			var ids, status, life, active, lspi, rspi, sid []string
			for _, s := range got {
				ids = append(ids, fmt.Sprint(s.TunnelID))
				status = append(status, strings.ToLower(s.Status))
				life = append(life, fmt.Sprint(s.LifetimeSec))
				active = append(active, fmt.Sprint(s.ActiveTimeSec))
				lspi, rspi = append(lspi, s.LocalSPI), append(rspi, s.RemoteSPI)
				sid = append(sid, fmt.Sprint(s.SessionID))
			}
			wantIDs := append(dictKeys(exp, "tunnel_id"), append(dictKeys(exp, "ipv4"), dictKeys(exp, "ipv6")...)...)
			sameSet(t, "tunnel ids", wantIDs, ids)
			sameSet(t, "status", lower(valuesOf(exp, "status")), status)
			sameSet(t, "life_time", valuesOf(exp, "life_time"), life)
			sameSet(t, "active_time", valuesOf(exp, "active_time"), active)
			sameSet(t, "local_spi", valuesOf(exp, "local_spi"), lspi)
			sameSet(t, "remote_spi", valuesOf(exp, "remote_spi"), rspi)
			sameSet(t, "session_id", valuesOf(exp, "session_id"), sid)
			var addrs []string
			for _, s := range got {
				addrs = append(addrs, s.Local.Addr().String(), s.Remote.Addr().String())
			}
			wantAddrs := append(valuesOf(exp, "local_ip"), valuesOf(exp, "remote_ip")...)
			for _, v := range append(valuesOf(exp, "local"), valuesOf(exp, "remote")...) {
				a, _, _ := strings.Cut(v, "/")
				wantAddrs = append(wantAddrs, a)
			}
			sameSet(t, "addresses", canonAddrs(wantAddrs), addrs)
			checkRecall(t, exp, got)
		})
	}
}

func ikev2Spans(sas []parsers.IKEv2SA) []parsers.Span {
	var s []parsers.Span
	for _, sa := range sas {
		s = append(s, sa.Span)
	}
	return s
}

// checkSpans checks that spans are inside the output and do not overlap.
func checkSpans(t *testing.T, nlines int, spans []parsers.Span) {
	t.Helper()
	prev := 0
	for i, s := range spans {
		if s.Start < 1 || s.End < s.Start || s.End > nlines || s.Start <= prev {
			t.Errorf("record %d: span %+v out of order or outside 1..%d (previous end %d)", i, s, nlines, prev)
		}
		prev = s.End
	}
}

// loadExpected reads a genieparser expected parse.
func loadExpected(t *testing.T, path string) any {
	t.Helper()
	var v any
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// valuesOf collects, anywhere in v, the values stored under key, as text.
func valuesOf(v any, key string) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if k == key {
					switch e.(type) {
					case map[string]any, []any:
					case float64:
						out = append(out, fmt.Sprintf("%.0f", e))
					default:
						out = append(out, strings.TrimSpace(fmt.Sprint(e)))
					}
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// dictKeys collects the keys of every object stored under key.
func dictKeys(v any, key string) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if m, ok := e.(map[string]any); ok && k == key {
					for kk := range m {
						out = append(out, kk)
					}
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

func lower(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strings.ToLower(v)
	}
	return out
}

func canonAddrs(s []string) []string {
	out := make([]string, 0, len(s))
	for _, v := range s {
		if a, err := netip.ParseAddr(v); err == nil {
			v = a.String()
		}
		out = append(out, v)
	}
	return out
}

// sameSet compares the distinct values the expected parse holds for a field
// with ours; it is skipped when the expected parse lacks the field.
func sameSet(t *testing.T, what string, want, got []string) {
	t.Helper()
	if len(want) == 0 {
		return
	}
	w, g := distinct(want), distinct(got)
	if !cmp.Equal(w, g) {
		t.Errorf("%s = %v, want %v", what, g, w)
	}
}

func distinct(s []string) []string {
	m := map[string]bool{}
	for _, v := range s {
		m[v] = true
	}
	out := make([]string, 0, len(m))
	for v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

var (
	recallIPv4   = regexp.MustCompile(`^\d{1,3}(\.\d{1,3}){3}(/\d{1,2})?$`)
	recallNumber = regexp.MustCompile(`^\d{2,}$`)
	recallStates = map[string]bool{"ready": true, "init": true, "unknown": true, "delete": true,
		"up-active": true, "down-negotiating": true, "up": true, "down": true, "active": true}
)

// checkRecall mirrors shared/hooks/parse_eval.py: every IPv4 address,
// number of two digits or more and state word of the expected parse must
// appear somewhere in our JSON.
func checkRecall(t *testing.T, expected any, got any) {
	t.Helper()
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var ours any
	if err := json.Unmarshal(b, &ours); err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, v := range jsonLeaves(ours) {
		v = strings.ToLower(strings.TrimSpace(v))
		have[v] = true
		if a, n, ok := strings.Cut(v, "/"); ok && recallIPv4.MatchString(v) {
			have[a], have[n] = true, true
		}
	}
	var miss []string
	for _, v := range jsonLeaves(expected) {
		s := strings.ToLower(strings.TrimSpace(v))
		if (recallIPv4.MatchString(s) || recallNumber.MatchString(s) || recallStates[s]) && !have[s] {
			miss = append(miss, s)
		}
	}
	if len(miss) > 0 {
		t.Errorf("values of the expected parse missing from ours: %v", distinct(miss))
	}
}

func jsonLeaves(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if recallIPv4.MatchString(k) {
				out = append(out, k)
			}
			out = append(out, jsonLeaves(e)...)
		}
	case []any:
		for _, e := range x {
			out = append(out, jsonLeaves(e)...)
		}
	case nil, bool:
	case float64:
		out = append(out, fmt.Sprintf("%.0f", x))
	default:
		out = append(out, fmt.Sprint(x))
	}
	return out
}
