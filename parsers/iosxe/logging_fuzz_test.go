package iosxe

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/parsers"
)

// seedFiles adds every file matching the globs (under testdata) and every
// corpus output of the command folders to the fuzz corpus.
func seedFiles(f *testing.F, globs []string, corpusDirs ...string) []string {
	f.Helper()
	var files []string
	for _, g := range globs {
		m, _ := filepath.Glob(filepath.Join("testdata", g))
		files = append(files, m...)
	}
	for _, d := range corpusDirs {
		for _, platform := range []string{"cisco_iosxe", "cisco_ios"} {
			m, _ := filepath.Glob(filepath.Join(corpusRoot, platform, d, "*.txt"))
			for _, p := range m {
				if !strings.Contains(p, ".expected.") {
					files = append(files, p)
				}
			}
		}
	}
	var texts []string
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
			texts = append(texts, string(b))
		}
	}
	return texts
}

// FuzzParseSyslogLine: no panic, the same answer twice, and the
// recognisers agree with the parser.
func FuzzParseSyslogLine(f *testing.F) {
	for _, text := range seedFiles(f, []string{"logging/*.txt"}) {
		for _, l := range parsers.Lines(text) {
			f.Add(l)
		}
	}
	for _, l := range []string{
		"<189>52: cpe1: *Mar  1 00:01:02.345 UTC: %LINK-3-UPDOWN: Interface Tunnel1, changed state to up",
		"*May 12 2020 13:35:15.181 UTC: %TCP-6-BADAUTH: Invalid MD5 digest from 2001:db8:4::(37854) to 2001:db8:4::1(179) tableid - 0",
		"*Oct 07 03:10:04: cpe1.example.net %CRYPTO-4-RECVD_PKT_INV_SPI: decaps: srcaddr=198.51.100.1",
		"%TCP-6-BADAUTH: Invalid MD5 digest from 100.64.1.1:23217 to 100.64.1.2:179",
	} {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, line string) {
		a, okA := ParseSyslogLine(line)
		b, okB := ParseSyslogLine(line)
		if okA != okB || !reflect.DeepEqual(a, b) {
			t.Fatalf("parse twice differs: %+v %v / %+v %v", a, okA, b, okB)
		}
		l := strings.TrimRight(line, " \t\r\n")
		if IsLogLine(l) != okA || IsSyslogLine(l) != (okA && a.Tag != "") {
			t.Fatalf("recognisers disagree with the parser on %q: IsLogLine %v IsSyslogLine %v, parsed %v tag %q",
				line, IsLogLine(l), IsSyslogLine(l), okA, a.Tag)
		}
		if okA && a.Tag != "" && (a.Severity < 0 || a.Severity > 7 || a.Facility == "" || a.Mnemonic == "") {
			t.Fatalf("tag %q read as facility %q severity %d mnemonic %q", a.Tag, a.Facility, a.Severity, a.Mnemonic)
		}
	})
}

func FuzzParseLogging(f *testing.F) {
	seedFiles(f, []string{"logging/*.txt"})
	f.Fuzz(func(t *testing.T, in string) {
		fuzzInvariants(t, ParseLogging, in, func(l *parsers.Logging) []parsers.Span {
			s := []parsers.Span{l.Span}
			for _, m := range l.Messages {
				s = append(s, m.Span)
			}
			for _, h := range l.Hosts {
				s = append(s, h.Span)
			}
			return s
		})
	})
}

func FuzzParseCEF(f *testing.F) {
	seedFiles(f, []string{"cef/*.txt"}, "show_ip_cef", "show_ip_cef_detail", "show_ip_cef_exact-route")
	f.Fuzz(func(t *testing.T, in string) {
		fuzzInvariants(t, ParseCEF, in, func(c *parsers.CEF) []parsers.Span {
			var s []parsers.Span
			for _, e := range c.Entries {
				s = append(s, e.Span)
				for _, h := range e.NextHops {
					s = append(s, h.Span)
				}
			}
			return s
		})
	})
}

func FuzzParseInterfaceBrief(f *testing.F) {
	seedFiles(f, []string{"device/show_ip_interface_brief*.txt"}, "show_ip_interface_brief", "show_ip_interface_brief_include_ip")
	f.Fuzz(func(t *testing.T, in string) {
		fuzzInvariants(t, ParseInterfaceBrief, in, func(bs []parsers.InterfaceBrief) []parsers.Span {
			var s []parsers.Span
			for _, b := range bs {
				s = append(s, b.Span)
			}
			return s
		})
	})
}

// FuzzIdentify: no panic, the same answer twice, and a recognised command
// has a kind and its canonical text.
func FuzzIdentify(f *testing.F) {
	for _, c := range []string{
		"sh ip bgp vpnv4 vrf DI nei 100.64.1.1 adv", "show ip cef vrf DI 203.0.113.0 255.255.255.128 detail",
		"sh run int tu1 | s tunnel", "ping vrf DI 100.64.1.1 source Tunnel1 repeat 5 size 1400 df-bit",
		"sh cry ipsec sa int tu2 det", "show crypto ikev2 sa remote 198.51.100.1 detail", "sh logg | i BADAUTH",
		"show ip route vrf DI 203.0.113.0 255.255.255.0", "sh ip int br", "show ip bgp", "| |", "show ip cef vrf",
	} {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, cmd string) {
		a, okA := Identify(cmd)
		b, okB := Identify(cmd)
		if a != b || okA != okB {
			t.Fatalf("Identify(%q) twice: %+v %v / %+v %v", cmd, a, okA, b, okB)
		}
		if okA && (a.Kind == "" || a.Text != Canonical(cmd)) {
			t.Fatalf("Identify(%q) = %+v: no kind or text not canonical", cmd, a)
		}
	})
}
