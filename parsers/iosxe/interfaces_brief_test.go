package iosxe

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcdiag/vcdiag/parsers"
)

func TestParseInterfaceBrief(t *testing.T) {
	type row struct{ Name, Addr, Method, Status, Proto string }
	tests := []struct {
		file  string
		first int // line of the first row
		want  []row
		up    []bool
	}{
		{"show_ip_interface_brief_cpe.txt", 3, []row{
			{"GigabitEthernet1", "192.0.2.1", "NVRAM", "up", "up"},
			{"GigabitEthernet2", "unassigned", "NVRAM", "administratively down", "down"},
			{"GigabitEthernet3", "10.10.0.1", "manual", "up", "up"},
			{"Loopback0", "10.0.0.1", "NVRAM", "up", "up"},
			{"Tunnel1", "100.64.1.2", "NVRAM", "up", "up"},
			{"Tunnel2", "100.64.2.2", "NVRAM", "up", "down"},
			{"VirtualPortGroup0", "unassigned", "unset", "deleted", "down"},
		}, []bool{true, false, true, true, true, false, false}},
		{"show_ip_interface_brief_include.txt", 2, []row{
			{"Tunnel1", "100.64.1.2", "NVRAM", "up", "up"},
			{"Tunnel2", "100.64.2.2", "NVRAM", "up", "down"},
		}, []bool{true, false}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			got, err := ParseInterfaceBrief(readFixture(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			var rows []row
			var up []bool
			for i, b := range got {
				a := b.AddressText
				if b.Address.IsValid() {
					a = b.Address.String()
				}
				if n := tc.first + i; !b.OK || b.Span != (parsers.Span{Start: n, End: n}) {
					t.Errorf("row %d: OK %v span %+v, want YES at line %d", i, b.OK, b.Span, n)
				}
				rows = append(rows, row{b.Name, a, b.Method, b.Status, b.Protocol})
				up = append(up, b.LineUp())
			}
			if diff := cmp.Diff(tc.want, rows); diff != "" {
				t.Errorf("ParseInterfaceBrief(%s) (-want +got):\n%s", tc.file, diff)
			}
			if diff := cmp.Diff(tc.up, up); diff != "" {
				t.Errorf("ParseInterfaceBrief(%s) LineUp (-want +got):\n%s", tc.file, diff)
			}
		})
	}
}

func TestParseInterfaceBriefErrors(t *testing.T) {
	for _, tt := range []struct {
		in   string
		line int
	}{
		{"Interface IP-Address OK? Method Status Protocol\nTunnel1 100.64.1.2 up up\n", 2},
		{"% Invalid input detected at '^' marker.\n", 1},
		{"Tunnel1 100.64.1.2 MAYBE NVRAM up up\n", 1},
	} {
		_, err := ParseInterfaceBrief(tt.in)
		var pe *parsers.ParseError
		if !errors.As(err, &pe) || pe.Line != tt.line {
			t.Errorf("ParseInterfaceBrief(%q) error = %v, want a ParseError at line %d", tt.in, err, tt.line)
		}
	}
	if got, err := ParseInterfaceBrief(""); err != nil || len(got) != 0 {
		t.Errorf("ParseInterfaceBrief(empty) = %v, %v; want no rows, no error", got, err)
	}
}

var (
	ymlIface  = regexp.MustCompile(`interface: "([^"]*)"`)
	ymlStatus = regexp.MustCompile(`status: "([^"]*)"`)
	ymlProto  = regexp.MustCompile(`proto: "([^"]*)"`)
)

// TestParseInterfaceBriefCorpus parses every corpus show ip interface
// brief and compares names, status and protocol with the expected parse.
func TestParseInterfaceBriefCorpus(t *testing.T) {
	for _, f := range corpusFiles(t, "show_ip_interface_brief", "show_ip_interface_brief_include_ip") {
		t.Run(filepath.Base(f.Path), func(t *testing.T) {
			got, err := ParseInterfaceBrief(readCorpus(t, f.Path))
			if err != nil {
				t.Fatalf("ParseInterfaceBrief(%s) error: %v", f.Path, err)
			}
			if len(got) == 0 {
				t.Fatalf("ParseInterfaceBrief(%s): no rows", f.Path)
			}
			if !strings.HasSuffix(f.Expected, ".yml") {
				return
			}
			b, _ := os.ReadFile(f.Expected)
			var want, have []string
			names, st, pr := ymlIface.FindAllStringSubmatch(string(b), -1), ymlStatus.FindAllStringSubmatch(string(b), -1),
				ymlProto.FindAllStringSubmatch(string(b), -1)
			for i := range names {
				want = append(want, names[i][1]+" "+st[i][1]+" "+pr[i][1])
			}
			for _, r := range got {
				have = append(have, r.Name+" "+r.Status+" "+r.Protocol)
			}
			if diff := cmp.Diff(want, have); diff != "" {
				t.Errorf("ParseInterfaceBrief(%s) (-want +got):\n%s", f.Path, diff)
			}
		})
	}
}
