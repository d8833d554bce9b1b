package frr

import (
	"fmt"
	"strings"
	"testing"
)

// The matrix: every secret-bearing FRR configuration line (written here
// from FRR's command reference, independently of the rule table) × the
// forms a secret takes × indentation × "no", each with its own planted
// value, which must never survive.
var redactCommands = []struct{ name, tmpl string }{
	{"bgp neighbor password", "neighbor 100.64.1.1 password {S}"},
	{"bgp neighbor peer-group password", "neighbor VC password {S}"},
	{"bgp unnumbered password", "neighbor gre1 password {S}"},
	{"vtysh password", "password {S}"},
	{"vtysh password type 8", "password 8 {S}"},
	{"enable password", "enable password {S}"},
	{"ospf md5", "ip ospf message-digest-key 1 md5 {S}"},
	{"ospf md5 key 255", "ip ospf message-digest-key 255 md5 {S}"},
	{"ospf auth key", "ip ospf authentication-key {S}"},
	{"isis password clear", "isis password clear {S}"},
	{"isis password md5", "isis password md5 {S}"},
	{"isis area-password", "area-password md5 {S}"},
	{"isis domain-password", "domain-password clear {S}"},
	{"key chain key-string", "key-string {S}"},
	{"rip auth string", "ip rip authentication string {S}"},
	{"snmp community", "snmp-server community {S}"},
	{"nhrp authentication", "ip nhrp authentication {S}"},
}

var secretForms = []struct {
	name   string
	render func(n int) string
}{
	{"plain", func(n int) string { return fmt.Sprintf("Pl%05dQz", n) }},
	{"quoted", func(n int) string { return fmt.Sprintf(`"Qt%05d zz"`, n) }},
	{"spaces", func(n int) string { return fmt.Sprintf("Sp%05d with spaces", n) }},
	{"odd chars", func(n int) string { return fmt.Sprintf(`O!d#%05d$%%^&*()<>|\'`, n) }},
	{"looks like mask", func(n int) string { return fmt.Sprintf("<redacted>%05d", n) }},
}

func TestRedactMatrix(t *testing.T) {
	n := 0
	for _, c := range redactCommands {
		for _, f := range secretForms {
			for _, indent := range []string{"", " ", "  ", "\t"} {
				for _, no := range []string{"", "no "} {
					for _, eol := range []string{"\n", "\r\n", ""} {
						n++
						secret := f.render(n)
						line := indent + no + strings.Replace(c.tmpl, "{S}", secret, 1)
						text := "!\nrouter bgp 65001\n" + line + eol + "exit\n"
						got := RedactConfig(text)
						if strings.Contains(got, secret) || strings.Contains(got, fmt.Sprintf("%05d", n)) {
							t.Fatalf("%s/%s: secret survived: %q", c.name, f.name, got)
						}
						if RedactConfig(got) != got {
							t.Fatalf("%s/%s: not idempotent: %q", c.name, f.name, got)
						}
						if strings.Count(got, "\n") != strings.Count(text, "\n") || !strings.Contains(got, Mask) {
							t.Fatalf("%s/%s: structure changed: %q", c.name, f.name, got)
						}
						if !strings.HasPrefix(strings.Split(got, "\n")[2], indent+no) {
							t.Fatalf("%s/%s: indentation lost: %q", c.name, f.name, got)
						}
					}
				}
			}
		}
	}
}

func TestRedactCorpus(t *testing.T) {
	for _, name := range []string{"lab__healthy__cpe.txt", "lab__healthy__dca.txt", "lab__bgp-peer-shutdown__dca.txt"} {
		in := corpusFile(t, "show_running-config", name)
		got := RedactConfig(in)
		if strings.Contains(got, "vc-lab-bgp-md5-key") {
			t.Errorf("%s: planted password survived", name)
		}
		if strings.Count(got, "\n") != strings.Count(in, "\n") {
			t.Errorf("%s: line count changed", name)
		}
		c, err := ParseConfig(got)
		if err != nil || !c.Routers[0].Neighbors[0].PasswordConfigured {
			t.Errorf("%s: redacted config no longer says a password is set: %v", name, err)
		}
	}
	// Text that only mentions the words is left alone.
	keep := "  Peer Authentication Enabled\n neighbor 100.64.0.2 description password-less\n"
	if RedactConfig(keep) != keep {
		t.Errorf("RedactConfig changed %q", keep)
	}
}
