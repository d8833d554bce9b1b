package iosxe

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
)

// The matrix: every secret-bearing IOS command × every abbreviation of
// each of its keywords × case × where the command can stand × the forms
// its secret takes, each case with its own planted value, which must never
// survive. The commands are written here from IOS's command reference,
// independently of the rule table, so that a rule that is missing or too
// narrow fails here.

// mcmd is one secret-bearing command.
type mcmd struct {
	name string
	// spec: "word/N" a keyword IOS takes abbreviated to N letters, "{S}"
	// the secret, anything else an argument typed as is.
	spec string
	// parent: the configuration block lines the command sits under ("" for
	// a global command); mode the prompt's mode there.
	parent, mode string
	// forms the secret takes (default: typedForms).
	forms []form
	// exec: an exec command (typed at "r1#"), not a configuration line.
	exec bool
}

// form renders a planted value n in one of the forms IOS takes a secret.
type form struct {
	name   string
	render func(n int) (text, planted string)
}

var (
	plain = form{"plain", func(n int) (string, string) { s := fmt.Sprintf("Pl%05dQz", n); return s, s }}
	type7 = form{"7 hex", func(n int) (string, string) { s := fmt.Sprintf("0822455D%06X", n); return "7 " + s, s }}
	type9 = form{"9 scrypt", func(n int) (string, string) {
		s := fmt.Sprintf("$9$nhEmQVcz%05d$X.HsgL6x1il0RxkOSSvyQY%05d", n, n)
		return "9 " + s, s
	}}
	type0 = form{"0 clear", func(n int) (string, string) { s := fmt.Sprintf("Zr%05dWx", n); return "0 " + s, s }}

	typedForms = []form{plain, type7, type9, type0}
	keyForms   = []form{plain, type0, {"6 aes", func(n int) (string, string) {
		s := fmt.Sprintf("FLgBaJHXdYY_AcHZZM%05d", n)
		return "6 " + s, s
	}}}
	rawForm = []form{plain}
)

var matrixCommands = []mcmd{
	{name: "enable secret", spec: "enable/3 secret/1 {S}"},
	{name: "enable secret level", spec: "enable/3 secret/1 level/1 15 {S}"},
	{name: "enable password", spec: "enable/3 password/1 {S}"},
	{name: "enable algorithm-type", spec: "enable/3 algorithm-type/1 scrypt secret/1 {S}", forms: rawForm},
	{name: "username password", spec: "username/2 netops password/2 {S}"},
	{name: "username privilege secret", spec: "username/2 netops privilege/2 15 secret/2 {S}"},
	{name: "snmp community", spec: "snmp-server/3 community/3 {S} RO 10", forms: rawForm},
	{name: "snmp host", spec: "snmp-server/3 host/2 10.0.0.9 version/2 2c {S}", forms: rawForm},
	{name: "snmp host informs", spec: "snmp-server/3 host/2 10.0.0.9 informs/2 version/2 2c {S} udp-port 162", forms: rawForm},
	{name: "snmp user auth", spec: "snmp-server/3 user/2 U1 G1 v3 auth/2 sha {S}", forms: rawForm},
	{name: "snmp user priv", spec: "snmp-server/3 user/2 U1 G1 v3 auth/2 sha AuthPhrase1 priv/2 aes 128 {S}", forms: rawForm},
	{name: "crypto isakmp key", spec: "crypto/2 isakmp/2 key/3 {S} address/1 0.0.0.0", forms: keyForms},
	{name: "ikev2 keyring psk", spec: "pre-shared-key/1 {S}", parent: "crypto ikev2 keyring KR\n peer DI", mode: "config-ikev2-keyring-peer", forms: keyForms},
	{name: "ikev2 keyring psk local", spec: "pre-shared-key/1 local/1 {S}", parent: "crypto ikev2 keyring KR\n peer DI", mode: "config-ikev2-keyring-peer", forms: keyForms},
	{name: "ikev2 keyring psk remote", spec: "pre-shared-key/1 remote/1 {S}", parent: "crypto ikev2 keyring KR\n peer DI", mode: "config-ikev2-keyring-peer", forms: keyForms},
	{name: "isakmp keyring psk", spec: "pre-shared-key/1 address/1 198.51.100.1 key/1 {S}", parent: "crypto keyring KR", mode: "conf-keyring", forms: keyForms},
	{name: "ikev2 profile psk", spec: "authentication/2 remote/1 pre-share/1 key/1 {S}", parent: "crypto ikev2 profile P", mode: "config-ikev2-profile", forms: keyForms},
	{name: "key chain key-string", spec: "key-string/1 {S}", parent: "key chain K\n key 1", mode: "config-keychain-key"},
	{name: "bgp neighbor password", spec: "neighbor/3 100.64.1.1 password/3 {S}", parent: "router bgp 64601", mode: "config-router"},
	{name: "bgp peer-group password", spec: "neighbor/3 PG-DI password/3 {S}", parent: "router bgp 64601", mode: "config-router"},
	{name: "bgp peer-session password", spec: "password/3 {S}", parent: "router bgp 64601\n template peer-session S", mode: "config-router-stmp"},
	{name: "line password", spec: "password/3 {S}", parent: "line vty 0 4", mode: "config-line"},
	{name: "tacacs server key", spec: "key/1 {S}", parent: "tacacs server T", mode: "config-server-tacacs"},
	{name: "radius server key", spec: "key/1 {S}", parent: "radius server R", mode: "config-radius-server"},
	{name: "radius server pac key", spec: "pac/3 key/1 {S}", parent: "radius server R", mode: "config-radius-server"},
	{name: "tacacs-server key", spec: "tacacs-server/7 key/1 {S}"},
	{name: "tacacs-server host key", spec: "tacacs-server/7 host/1 10.0.0.5 key/1 {S}"},
	{name: "radius-server key", spec: "radius-server/7 key/1 {S}"},
	{name: "radius-server host key", spec: "radius-server/7 host/1 10.0.0.6 auth-port 1645 acct-port 1646 key/1 {S}"},
	{name: "server-private key", spec: "server-private/7 10.0.0.7 key/1 {S}", parent: "aaa group server radius G", mode: "config-sg-radius"},
	{name: "dynamic-author server-key", spec: "client/2 10.0.0.8 server-key/7 {S}", parent: "aaa server radius dynamic-author", mode: "config-locsvr-da-radius"},
	{name: "isakmp client group key", spec: "key/1 {S}", parent: "crypto isakmp client configuration group G", mode: "config-isakmp-group", forms: keyForms},
	{name: "ezvpn group key", spec: "group/2 G key/1 {S}", parent: "crypto ipsec client ezvpn E", mode: "config-crypto-ezvpn", forms: keyForms},
	{name: "ospf authentication-key", spec: "ip/2 ospf/2 authentication-key/15 {S}", parent: "interface Tunnel1", mode: "config-if"},
	{name: "ospf message-digest-key", spec: "ip/2 ospf/2 message-digest-key/2 1 md5/1 {S}", parent: "interface Tunnel1", mode: "config-if"},
	{name: "ospfv3 ipsec authentication", spec: "ipv6/4 ospf/2 authentication/2 ipsec/1 spi/1 256 sha1 {S}", parent: "interface Tunnel1", mode: "config-if", forms: rawForm},
	{name: "ntp authentication-key", spec: "ntp/2 authentication-key/12 1 md5 {S} 7", forms: rawForm},
	{name: "hsrp text", spec: "standby/3 1 authentication/1 text/1 {S}", parent: "interface Gi1", mode: "config-if", forms: rawForm},
	{name: "hsrp md5 key-string", spec: "standby/3 1 authentication/1 md5/1 key-string/1 {S}", parent: "interface Gi1", mode: "config-if"},
	{name: "hsrp plain", spec: "standby/3 1 authentication/1 {S}", parent: "interface Gi1", mode: "config-if", forms: rawForm},
	{name: "vrrp text", spec: "vrrp/3 1 authentication/1 text/1 {S}", parent: "interface Gi1", mode: "config-if", forms: rawForm},
	{name: "glbp md5 key-string", spec: "glbp/2 1 authentication/1 md5/1 key-string/1 {S}", parent: "interface Gi1", mode: "config-if"},
	{name: "ppp chap password", spec: "ppp/2 chap/2 password/1 {S}", parent: "interface Dialer1", mode: "config-if"},
	{name: "ppp pap password", spec: "ppp/2 pap/2 sent-username/1 cpe1 password/1 {S}", parent: "interface Dialer1", mode: "config-if"},
	{name: "nhrp authentication", spec: "ip/2 nhrp/2 authentication/2 {S}", parent: "interface Tunnel9", mode: "config-if", forms: rawForm},
	{name: "isis area-password", spec: "area-password/5 {S}", parent: "router isis", mode: "config-router"},
	{name: "isis domain-password", spec: "domain-password/3 {S}", parent: "router isis", mode: "config-router"},
	{name: "eigrp hmac-sha-256", spec: "authentication/2 mode/1 hmac-sha-256/1 {S}", parent: "router eigrp E\n address-family ipv4 unicast autonomous-system 1\n  af-interface default", mode: "config-router-af-interface"},
	{name: "mpls ldp neighbor password", spec: "mpls/2 ldp/1 neighbor/1 10.0.0.1 password/1 {S}"},
	{name: "isakmp peer aggressive-mode", spec: "set/2 aggressive-mode/2 password/1 {S}", parent: "crypto isakmp peer address 198.51.100.1", mode: "config-isakmp-peer"},
	{name: "type 6 master key", spec: "key/2 config-key/2 password-encrypt/1 {S}", forms: rawForm},
	{name: "wpa-psk", spec: "wpa-psk/3 ascii/1 {S}", parent: "dot11 ssid S", mode: "config-ssid", forms: []form{plain, type0}},
	{name: "l2tp digest secret", spec: "digest/2 secret/1 {S}", parent: "l2tp-class C", mode: "config-l2tp-class"},
	{name: "ip ftp password", spec: "ip/2 ftp/1 password/1 {S}"},
	{name: "cts credentials", spec: "cts/2 credentials/2 id/1 DEV1 password/1 {S}", exec: true, forms: rawForm},
	{name: "test aaa", spec: "test/3 aaa/1 group/1 radius netops {S} new-code", exec: true, forms: rawForm},
	{name: "crypto key import", spec: "crypto/2 key/3 import/2 rsa K1 pem terminal {S}", exec: true, forms: rawForm},
	{name: "crypto pki export", spec: "crypto/2 pki/2 export/2 TP pem terminal 3des password/1 {S}", exec: true, forms: rawForm},
	{name: "license smart idtoken", spec: "license/3 smart/1 register/1 idtoken/1 {S}", exec: true, forms: rawForm},
}

// mword is one word of a spec.
type mword struct {
	text string // the keyword, or the argument as typed
	min  int    // 0 for an argument
}

func parseSpec(t *testing.T, spec string) []mword {
	t.Helper()
	var out []mword
	for _, w := range strings.Fields(spec) {
		word, n, ok := strings.Cut(w, "/")
		if !ok {
			out = append(out, mword{text: w})
			continue
		}
		var m int
		if _, err := fmt.Sscanf(n, "%d", &m); err != nil || m < 1 || m > len(word) {
			t.Fatalf("spec %q: bad word %q", spec, w)
		}
		out = append(out, mword{text: word, min: m})
	}
	return out
}

// position is where a command can stand.
type position struct {
	name string
	// floor is the fewest letters a keyword needs there: the first
	// keyword's (first) and the others' (rest). 0: as IOS takes it.
	first, rest int
	// configOnly / execOnly: the position suits only configuration or
	// only exec commands.
	configOnly, execOnly bool
	// wrap renders the command there and redacts it.
	wrap func(c mcmd, cmd string) (in string, redact func(string) string)
}

// indentUnder indents a command under its parent block.
func indentUnder(parent string) string {
	if parent == "" {
		return ""
	}
	lines := strings.Split(parent, "\n")
	last := lines[len(lines)-1]
	return strings.Repeat(" ", len(last)-len(strings.TrimLeft(last, " "))+1)
}

func parentLines(parent string) string {
	if parent == "" {
		return ""
	}
	return parent + "\n"
}

func modeOf(c mcmd) string {
	if c.mode == "" {
		return "config"
	}
	return c.mode
}

var positions = []position{
	{name: "config line", first: 3, rest: 3, configOnly: true, wrap: func(c mcmd, cmd string) (string, func(string) string) {
		return "!\n" + parentLines(c.parent) + indentUnder(c.parent) + cmd + "\n!\nend\n", Redact
	}},
	{name: "indented", first: 3, rest: 3, configOnly: true, wrap: func(c mcmd, cmd string) (string, func(string) string) {
		return parentLines(c.parent) + indentUnder(c.parent) + "  " + cmd + "\n", Redact
	}},
	{name: "after prompt", configOnly: true, wrap: func(c mcmd, cmd string) (string, func(string) string) {
		return "r1(" + modeOf(c) + ")#" + cmd + "\n", Redact
	}},
	{name: "after global config prompt", configOnly: true, wrap: func(c mcmd, cmd string) (string, func(string) string) {
		return "cpe1(config)#" + cmd + "\r\n", Redact
	}},
	{name: "after do", first: 3, configOnly: true, wrap: func(c mcmd, cmd string) (string, func(string) string) {
		return "r1(" + modeOf(c) + ")#do " + cmd + "\n", Redact
	}},
	{name: "typed config command", configOnly: true, wrap: func(c mcmd, cmd string) (string, func(string) string) {
		return cmd, RedactConfigCommand
	}},
	{name: "filter of a command header", configOnly: true, wrap: func(c mcmd, cmd string) (string, func(string) string) {
		return "show running-config | include " + cmd, RedactCommand
	}},
	{name: "abbreviated filter after a prompt", configOnly: true, wrap: func(c mcmd, cmd string) (string, func(string) string) {
		return "r1#sh run | i ^" + cmd + "\n", Redact
	}},
	{name: "filter after do", configOnly: true, wrap: func(c mcmd, cmd string) (string, func(string) string) {
		return "r1(config)#do sh run | sec " + cmd + "\n", Redact
	}},
	{name: "filter in a show-tech separator", configOnly: true, wrap: func(c mcmd, cmd string) (string, func(string) string) {
		return "------------------ show running-config | begin " + cmd + " ------------------\n", Redact
	}},
	{name: "logged command", configOnly: true, wrap: func(c mcmd, cmd string) (string, func(string) string) {
		return "*Dec  7 10:21:07.123: %PARSER-5-CFGLOG_LOGGEDCMD: User:netops  logged command:" + cmd + "\n", Redact
	}},
	{name: "session log", configOnly: true, wrap: func(c mcmd, cmd string) (string, func(string) string) {
		return "cpe1#show version | include uptime\ncpe1 uptime is 3 weeks\ncpe1#configure terminal\n" +
			"Enter configuration commands, one per line.  End with CNTL/Z.\n" +
			"[2026-11-26 10:21:03] cpe1(" + modeOf(c) + ")#" + cmd + "\ncpe1(" + modeOf(c) + ")#end\n" +
			"cpe1#show interfaces Tunnel1\nTunnel1 is up, line protocol is up\n    Key disabled, sequencing disabled\ncpe1#\n", Redact
	}},
	{name: "exec prompt", first: 3, execOnly: true, wrap: func(c mcmd, cmd string) (string, func(string) string) {
		return "cpe1#" + cmd + "\n", Redact
	}},
	{name: "exec command", first: 3, execOnly: true, wrap: func(c mcmd, cmd string) (string, func(string) string) {
		return cmd, RedactCommand
	}},
}

// cases of letters.
var letterCases = []struct {
	name string
	fn   func(string) string
}{
	{"lower", strings.ToLower},
	{"UPPER", strings.ToUpper},
	{"Mixed", func(s string) string {
		b := []rune(s)
		for i := range b {
			if i%2 == 0 {
				b[i] = unicode.ToUpper(b[i])
			}
		}
		return string(b)
	}},
}

// abbreviations returns the spellings of a command's keywords to try at a
// position: every length from the shortest the position accepts to the
// whole word, for every keyword (the keywords vary together, each cycling
// through its own lengths, so that every length of every keyword is tried
// without the product of all of them).
func abbreviations(words []mword, p position) [][]string {
	lens := make([][]int, len(words))
	n := 1
	for i, w := range words {
		if w.min == 0 {
			continue
		}
		floor := p.rest
		if i == 0 {
			floor = p.first
		}
		lo := max(w.min, min(floor, len(w.text)))
		for l := lo; l <= len(w.text); l++ {
			lens[i] = append(lens[i], l)
		}
		n = max(n, len(lens[i]))
	}
	var out [][]string
	for k := 0; k < n; k++ {
		var v []string
		for i, w := range words {
			if w.min == 0 {
				v = append(v, w.text)
				continue
			}
			v = append(v, w.text[:lens[i][k%len(lens[i])]])
		}
		out = append(out, v)
	}
	return out
}

func TestRedactMatrix(t *testing.T) {
	total, seq := 0, 0
	for _, c := range matrixCommands {
		t.Run(c.name, func(t *testing.T) {
			words := parseSpec(t, c.spec)
			forms := c.forms
			if forms == nil {
				forms = typedForms
			}
			failures := 0
			for _, p := range positions {
				if p.configOnly && c.exec || p.execOnly && !c.exec {
					continue
				}
				for _, abbr := range abbreviations(words, p) {
					for _, lc := range letterCases {
						for _, f := range forms {
							seq++
							secret, planted := f.render(seq)
							var parts []string
							for i, w := range words {
								switch {
								case w.text == "{S}":
									parts = append(parts, secret)
								case w.min > 0:
									parts = append(parts, lc.fn(abbr[i]))
								default:
									parts = append(parts, abbr[i])
								}
							}
							in, redact := p.wrap(c, strings.Join(parts, " "))
							if !strings.Contains(in, planted) {
								t.Fatalf("%s: input %q lacks the planted %q", p.name, in, planted)
							}
							total++
							out := redact(in)
							switch {
							case strings.Contains(out, planted):
								failures++
								if failures <= 8 {
									t.Errorf("%s, %s, %s: the secret survives:\n in  %q\n out %q", p.name, lc.name, f.name, in, out)
								}
							case !strings.Contains(out, parts[0]+" "):
								t.Errorf("%s: the command's first keyword %q is gone:\n in  %q\n out %q", p.name, parts[0], in, out)
							case strings.Count(out, "\n") != strings.Count(in, "\n"):
								t.Errorf("%s: line count changed:\n in  %q\n out %q", p.name, in, out)
							case redact(out) != out:
								t.Errorf("%s: not idempotent:\n once  %q\n twice %q", p.name, out, redact(out))
							}
						}
					}
				}
			}
			if failures > 8 {
				t.Errorf("... %d failures in all", failures)
			}
		})
	}
	if total < 10000 {
		t.Errorf("the matrix has only %d cases", total)
	}
	t.Logf("%d cases", total)
}

// TestRedactMatrixAbbreviations checks the generator itself: every length
// of every keyword appears.
func TestRedactMatrixAbbreviations(t *testing.T) {
	words := parseSpec(t, "enable/3 algorithm-type/1 scrypt secret/1 {S}")
	got := map[string]bool{}
	for _, a := range abbreviations(words, positions[2]) {
		for _, w := range a {
			got[w] = true
		}
	}
	for _, want := range []string{"ena", "enab", "enabl", "enable", "a", "algorithm-type", "s", "se", "secret", "scrypt", "{S}"} {
		if !got[want] {
			t.Errorf("abbreviations lack %q: %v", want, got)
		}
	}
}
