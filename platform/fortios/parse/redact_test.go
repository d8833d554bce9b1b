package parse

import (
	"fmt"
	"strings"
	"testing"
)

// Secret-bearing FortiOS configuration lines, written from the CLI
// reference independently of the rule table, each inside its block.
var redactCommands = []struct{ name, block, tmpl string }{
	{"phase1 psksecret", "vpn ipsec phase1-interface", "set psksecret {S}"},
	{"phase1 ppk-secret", "vpn ipsec phase1-interface", "set ppk-secret {S}"},
	{"admin password", "system admin", "set password {S}"},
	{"user passwd", "user local", "set passwd {S}"},
	{"radius secret", "user radius", "set secret {S}"},
	{"bgp neighbor password", "router bgp", "set password {S}"},
	{"snmp community name", "system snmp community", "set name {S}"},
	{"snmpv3 auth-pwd", "system snmp user", "set auth-pwd {S}"},
	{"any ENC value", "system ddns", "set ddns-key ENC {S}"},
}

var secretForms = []struct {
	name   string
	render func(n int) string
}{
	{"ENC base64", func(n int) string { return fmt.Sprintf("ENC SGVsbG8%05dV29ybGQ=", n) }},
	{"plain", func(n int) string { return fmt.Sprintf("Pl%05dQz", n) }},
	{"quoted", func(n int) string { return fmt.Sprintf(`"Qt%05d zz"`, n) }},
	{"quoted ENC", func(n int) string { return fmt.Sprintf(`ENC "QE%05d+/="`, n) }},
	{"looks like mask", func(n int) string { return fmt.Sprintf("<redacted>%05d", n) }},
}

func TestRedactMatrix(t *testing.T) {
	n := 0
	for _, c := range redactCommands {
		for _, f := range secretForms {
			if c.name == "any ENC value" && !strings.HasPrefix(f.name, "ENC") {
				continue
			}
			for _, indent := range []string{"", "    ", "        ", "\t\t"} {
				for _, eol := range []string{"\n", "\r\n"} {
					n++
					secret := f.render(n)
					if c.name == "any ENC value" {
						secret = strings.TrimPrefix(secret, "ENC ")
					}
					line := indent + strings.Replace(c.tmpl, "{S}", secret, 1)
					text := "config " + c.block + eol + "    edit \"x\"" + eol + line + eol + "    next" + eol + "end" + eol
					got := RedactConfig(text)
					if strings.Contains(got, fmt.Sprintf("%05d", n)) {
						t.Fatalf("%s/%s: secret survived: %q", c.name, f.name, got)
					}
					if RedactConfig(got) != got {
						t.Fatalf("%s/%s: not idempotent: %q", c.name, f.name, got)
					}
					if strings.Count(got, "\n") != strings.Count(text, "\n") || !strings.Contains(got, Mask) {
						t.Fatalf("%s/%s: structure changed: %q", c.name, f.name, got)
					}
					if !strings.HasPrefix(strings.Split(got, "\n")[2], indent+"set ") {
						t.Fatalf("%s/%s: indentation lost: %q", c.name, f.name, got)
					}
				}
			}
		}
	}
}

func TestRedactKeepsOthers(t *testing.T) {
	in := "config system snmp sysinfo\n    set status enable\nend\nconfig system interface\n    edit \"port1\"\n        set name \"port1\"\n    next\nend\n"
	if got := RedactConfig(in); got != in {
		t.Errorf("RedactConfig changed non-secrets: %q", got)
	}
	multi := "config vpn certificate local\n    edit \"c\"\n        set private-key \"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqSECRETLINE\n-----END ENCRYPTED PRIVATE KEY-----\"\n    next\nend\n"
	got := RedactConfig(multi)
	if strings.Contains(got, "SECRETLINE") || strings.Count(got, "\n") != strings.Count(multi, "\n") || RedactConfig(got) != got {
		t.Errorf("multi-line secret: %q", got)
	}
}
