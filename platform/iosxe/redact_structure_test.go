package iosxe

import (
	"strings"
	"testing"
)

// The reproductions of issue 10 ("Secrets reach reports and bundles"),
// each a case that leaked before redaction read commands by their
// structure.

// TestRedactCommandHeaders: a command line typed with an output filter
// names the secret it looks for, and is cited in every report.
func TestRedactCommandHeaders(t *testing.T) {
	tests := []struct{ in, want string }{
		{"show run | include snmp-server community X1cm", "show run | include snmp-server community <redacted>"},
		{"show running-config | include snmp-server community X1cm RO", "show running-config | include snmp-server community <redacted> RO"},
		{"sh run | i ^snmp comm X1cm", "sh run | i ^snmp comm <redacted>"},
		{"show run | section neighbor 100.64.1.1 password 7 0822455D0A16", "show run | section neighbor 100.64.1.1 password 7 <redacted>"},
		{"show run | begin pre-shared-key local S3cr3tPSK", "show run | begin pre-shared-key local <redacted>"},
		{"show run | include crypto isakmp key S3cr3tPSK address 0.0.0.0", "show run | include crypto isakmp key <redacted> address 0.0.0.0"},
		{"show run | include username netops secret 9 $9$abc$def", "show run | include username netops secret 9 <redacted>"},
		{"show run|include enable secret S3cret", "show run|include enable secret <redacted>"},
		// A filter is a regular expression: it may start inside a word.
		{"show run | include unity X1cm", "show run | include unity <redacted>"},
		{"show run | include ssword 7 0822455D0A16", "show run | include ssword <redacted>"},
		// Filters that hold no secret are kept as typed.
		{"show running-config | section crypto ikev2 keyring", "show running-config | section crypto ikev2 keyring"},
		{"show run | include key chain", "show run | include key chain"},
		{"show ip bgp neighbors 100.64.1.1 | include password", "show ip bgp neighbors 100.64.1.1 | include password"},
		{"show crypto ikev2 sa detail", "show crypto ikev2 sa detail"},
		{"ping 100.64.1.1 source Tunnel1 repeat 5", "ping 100.64.1.1 source Tunnel1 repeat 5"},
		{"p 100.64.1.1", "p 100.64.1.1"},
		{"terminal length 0", "terminal length 0"},
		// Exec commands that take a secret, and URLs.
		{"copy ftp://netops:Ftp5ecret@10.0.0.1/cpe1.cfg running-config", "copy ftp://netops:<redacted>@10.0.0.1/cpe1.cfg running-config"},
		{"test aaa group radius netops Rad1usPw new-code", "test aaa group radius netops <redacted> new-code"},
		// A configuration command typed at the exec prompt by mistake.
		{"enable secret S3cret", "enable secret <redacted>"},
		{"snmp-server community X1cm RO", "snmp-server community <redacted> RO"},
	}
	for _, tt := range tests {
		if got := RedactCommand(tt.in); got != tt.want {
			t.Errorf("RedactCommand(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := RedactCommand(RedactCommand(tt.in)); got != tt.want {
			t.Errorf("RedactCommand twice (%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRedactTypedConfig: configuration typed in a session log, abbreviated
// or in capitals, as the transcript reader hands it over (without its
// prompt) and as it stands in the log (after the prompt).
func TestRedactTypedConfig(t *testing.T) {
	tests := []struct{ mode, in, want string }{
		{"config", "snmp comm X1cm", "snmp comm <redacted>"},
		{"config", "SNMP-SERVER COMMUNITY X1cm RO", "SNMP-SERVER COMMUNITY <redacted> RO"},
		{"config", "crypto isa key X2psk address 0.0.0.0", "crypto isa key <redacted> address 0.0.0.0"},
		{"config-router", "nei 100.64.1.1 pass X3bgp", "nei 100.64.1.1 pass <redacted>"},
		{"config-router", "nei 100.64.1.1 pass 7 0822455D0A16", "nei 100.64.1.1 pass 7 <redacted>"},
		{"config", "username u pass X4usr", "username u pass <redacted>"},
		{"config", "enable sec X5ena", "enable sec <redacted>"},
		{"config", "ena s 9 $9$nhEmQVcz$X.HsgL6x1il0", "ena s 9 <redacted>"},
		{"config-server-tacacs", "KEY X6tac", "KEY <redacted>"},
		{"config-server-tacacs", "k 7 X6tac", "k 7 <redacted>"},
		{"config-ikev2-keyring-peer", "pre-sh local X7psk", "pre-sh local <redacted>"},
		{"config-ikev2-keyring-peer", "p r 6 X7psk", "p r 6 <redacted>"},
		{"config-keychain-key", "key-str 7 X8kc", "key-str 7 <redacted>"},
		{"config", "no snmp-server community X9cm", "no snmp-server community <redacted>"},
		{"config", "do show run | i snmp comm X1cm", "do show run | i snmp comm <redacted>"},
		{"config-line", "PASS X10line", "PASS <redacted>"},
		// Commands with no secret are kept as typed.
		{"config-keychain", "key 1", "key 1"},
		{"config", "key chain BGP", "key chain BGP"},
		{"config", "crypto ikev2 keyring KR-DI", "crypto ikev2 keyring KR-DI"},
		{"config-if", "tunnel key 100", "tunnel key 100"},
		{"config", "password encryption aes", "password encryption aes"},
		{"config-router", "neighbor 100.64.1.1 remote-as 64602", "neighbor 100.64.1.1 remote-as 64602"},
		{"config", "ntp server 10.0.0.1 key 1 prefer", "ntp server 10.0.0.1 key 1 prefer"},
	}
	for _, tt := range tests {
		// Without its prompt, "key 1" cannot be told from a TACACS+ key:
		// RedactConfigCommand masks it; after a key chain prompt it stays.
		if got := RedactConfigCommand(tt.in); got != tt.want && tt.mode != "config-keychain" {
			t.Errorf("RedactConfigCommand(%q) = %q, want %q", tt.in, got, tt.want)
		}
		prompt := "cpe1(" + tt.mode + ")#"
		if got := Redact(prompt + tt.in + "\n"); got != prompt+tt.want+"\n" {
			t.Errorf("Redact(%q) = %q, want %q", prompt+tt.in, got, prompt+tt.want)
		}
	}
}

// TestRedactSecretOutputs: outputs that list secrets in columns or under
// labels, read with their command, and as they stand in a session log or a
// show-tech file. A line of them that no rule classifies is masked whole.
func TestRedactSecretOutputs(t *testing.T) {
	tests := []struct{ name, cmd, in, want string }{
		{
			"show snmp community", "show snmp community",
			"Community name: ILMI\nCommunity Index: cisco0\nCommunity SecurityName: ILMI\nstorage-type: read-only\t active\n\n\n" +
				"Community name: X1cm\nCommunity Index: cisco7\nCommunity SecurityName: X1cm\nstorage-type: nonvolatile\t active\taccess-list: 10\n\n" +
				"Community name: X2cm@1\nCommunity Index: X2cm@1\nCommunity SecurityName: X2cm@1\n",
			"Community name: <redacted>\nCommunity Index: cisco0\nCommunity SecurityName: <redacted>\nstorage-type: read-only\t active\n\n\n" +
				"Community name: <redacted>\nCommunity Index: cisco7\nCommunity SecurityName: <redacted>\nstorage-type: nonvolatile\t active\taccess-list: 10\n\n" +
				"Community name: <redacted>\nCommunity Index: <redacted>\nCommunity SecurityName: <redacted>\n",
		},
		{
			"show crypto isakmp key", "sh cry isa key",
			"Keyring      Hostname/Address                            Preshared Key\n\n" +
				"default      10.0.0.2                                    KEY1psk\n" +
				"KR-DI        198.51.100.1                                two words\n" +
				"default      2001:DB8::1/128                             KEY2psk\n" +
				"Kx9orphan\n",
			"Keyring      Hostname/Address                            Preshared Key\n\n" +
				"default      10.0.0.2                                    <redacted>\n" +
				"KR-DI        198.51.100.1                                <redacted>\n" +
				"default      2001:DB8::1/128                             <redacted>\n" +
				"<redacted>\n",
		},
		{
			"show key chain", "show key chain",
			"Key-chain BGP-KEYS:\n    key 1 -- text \"X3kc\"\n        accept lifetime (always valid) - (always valid) [valid now]\n" +
				"        send lifetime (always valid) - (always valid) [valid now]\n    key 2 -- text \"X4 kc\"\n    odd X5kc\n",
			"Key-chain BGP-KEYS:\n    key 1 -- text <redacted>\n        accept lifetime (always valid) - (always valid) [valid now]\n" +
				"        send lifetime (always valid) - (always valid) [valid now]\n    key 2 -- text <redacted>\n    <redacted>\n",
		},
		{
			"show snmp host", "show snmp host",
			"Notification host: 10.0.0.9\tudp-port: 162\ttype: trap\nuser: X6cm\tsecurity model: v2c\n\n",
			"Notification host: 10.0.0.9\tudp-port: 162\ttype: trap\nuser: <redacted>\tsecurity model: v2c\n\n",
		},
		{
			"show archive log config", "show archive log config all",
			" idx   sess           user@line      Logged command\n    1     1        netops@vty0     |  snmp-server community X7cm RO\n" +
				"    2     1        netops@vty0     |  neighbor 100.64.1.1 pass X8bgp\n",
			" idx   sess           user@line      Logged command\n    1     1        netops@vty0     |  snmp-server community <redacted> RO\n" +
				"    2     1        netops@vty0     |  neighbor 100.64.1.1 pass <redacted>\n",
		},
		{
			"IOS rejects the command", "show crypto isakmp key",
			"% Invalid input detected at '^' marker.\n",
			"% Invalid input detected at '^' marker.\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RedactOutput(tt.cmd, tt.in); got != tt.want {
				t.Errorf("RedactOutput(%q, ...):\n got  %q\n want %q", tt.cmd, got, tt.want)
			}
			if got := RedactOutput(tt.cmd, RedactOutput(tt.cmd, tt.in)); got != tt.want {
				t.Errorf("RedactOutput twice (%q):\n got  %q\n want %q", tt.cmd, got, tt.want)
			}
			// In a session log: the prompt line says which command the
			// output belongs to, and the next prompt ends it.
			log := "cpe1#" + tt.cmd + "\n" + tt.in + "cpe1#show version | i uptime\nKEY1psk uptime is 1 week\n"
			want := "cpe1#" + tt.cmd + "\n" + tt.want + "cpe1#show version | i uptime\nKEY1psk uptime is 1 week\n"
			if got := Redact(log); got != want {
				t.Errorf("Redact(session log):\n got  %q\n want %q", got, want)
			}
			sep := "------------------ " + tt.cmd + " ------------------\n"
			if got := Redact(sep + tt.in); got != sep+tt.want {
				t.Errorf("Redact(show-tech):\n got  %q\n want %q", got, sep+tt.want)
			}
		})
	}
}

// TestRedactBlocks: a secret given over several lines, and lines that
// cannot be classified inside it, are masked whole, line by line.
func TestRedactBlocks(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{
			"certificate in a running-config",
			"crypto pki certificate chain TP\n certificate ca 01\n  30820321 30820209 A0030201\n  D697DF7F 28\n  \tquit\nline vty 0 4\n password 7 0822455D0A16\n",
			"crypto pki certificate chain TP\n certificate ca 01\n  <redacted>\n  <redacted>\n  \tquit\nline vty 0 4\n password 7 <redacted>\n",
		},
		{
			"public key typed over several lines",
			"r1(config-pubkey-key)#key-string\nr1(config-pubkey)#005C300D 06092A86\nr1(config-pubkey)#00034B00 30480241\nr1(config-pubkey)#quit\nr1(config-pubkey-key)#exit\nr1#show version\n",
			"r1(config-pubkey-key)#key-string\nr1(config-pubkey)#<redacted>\nr1(config-pubkey)#<redacted>\nr1(config-pubkey)#quit\nr1(config-pubkey-key)#exit\nr1#show version\n",
		},
		{
			"key-string block in a running-config",
			"crypto key pubkey-chain rsa\n named-key peer.example\n  key-string\n   005C300D 06092A86\n   not hex X9\n  quit\n!\n",
			"crypto key pubkey-chain rsa\n named-key peer.example\n  key-string\n   <redacted>\n   <redacted>\n  quit\n!\n",
		},
		{
			"private key pasted",
			"r1(config)#crypto key import rsa K1 pem terminal Pa55phrase\n% Enter PEM-formatted public General Purpose key or certificate.\n" +
				"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nMIIEpAIBAAKCAQEA0\n-----END RSA PRIVATE KEY-----\nquit\nr1(config)#end\n",
			"r1(config)#crypto key import rsa K1 pem terminal <redacted>\n% Enter PEM-formatted public General Purpose key or certificate.\n" +
				"-----BEGIN RSA PRIVATE KEY-----\n<redacted>\n<redacted>\n-----END RSA PRIVATE KEY-----\nquit\nr1(config)#end\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Redact(tt.in); got != tt.want {
				t.Errorf("Redact:\n got  %q\n want %q", got, tt.want)
			}
			if got := Redact(tt.want); got != tt.want {
				t.Errorf("Redact is not idempotent:\n got  %q\n want %q", got, tt.want)
			}
		})
	}
}

// TestRedactEmbeddedCommands: commands inside other text.
func TestRedactEmbeddedCommands(t *testing.T) {
	tests := []struct{ in, want string }{
		{
			"*Dec  7 10:21:07.123: %PARSER-5-CFGLOG_LOGGEDCMD: User:netops  logged command:enable sec X1ena",
			"*Dec  7 10:21:07.123: %PARSER-5-CFGLOG_LOGGEDCMD: User:netops  logged command:enable sec <redacted>",
		},
		{"[2026-11-26 10:21:03] cpe1(config)#snmp comm X2cm RO", "[2026-11-26 10:21:03] cpe1(config)#snmp comm <redacted> RO"},
		{" path ftp://backup:Ftp5ecret@10.0.0.1/$h-$t", " path ftp://backup:<redacted>@10.0.0.1/$h-$t"},
		{"  Authentication text, string \"X3hsrp\"", "  Authentication text, string <redacted>"},
		{"Community name: X4cm", "Community name: <redacted>"},
		{"# pasted by mistake: pre-shared-key local 0 X5psk", "# pasted by mistake: pre-shared-key local 0 <redacted>"},
		{"tacacs server T\n Key 7 X6tac", "tacacs server T\n Key 7 <redacted>"},
		{"key chain K\n KEY 7 X7kc\n key 2", "key chain K\n KEY 7 <redacted>\n key 2"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRedactKeepsLookAlikes: lines that look like secret-bearing commands
// but are not, in show output and configuration.
func TestRedactKeepsLookAlikes(t *testing.T) {
	keep := []string{
		"Key name: TP-self-signed-2791536604",
		"Key Data:",
		" Youngest key id is 1",
		"Key: U - Unicast, B - Broadcast",
		"ntp server 10.0.0.1 key 1 prefer",
		"ntp trusted-key 1",
		"crypto key generate rsa modulus 2048",
		" set community 65000:100 additive",
		"     Community: 65000:100 no-export",
		"snmp-server group NETOPS v3 priv read RO-VIEW",
		" standby 1 authentication md5 key-chain HSRP",
		" mka pre-shared-key key-chain KC",
		"Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd",
		"S*       0.0.0.0/0 [1/0] via 192.0.2.254",
		"C        100.64.1.0/30 is directly connected, Tunnel1",
		"p 10.0.0.0/8 is overridden",
		"cpe1#show ip bgp summary",
		"cpe1#ping 100.64.1.1 source Tunnel1",
		"Password:",
		" description backup link to DC-B",
		"------------------ show crypto ikev2 sa detail ------------------",
	}
	for _, l := range keep {
		if got := Redact(l); got != l {
			t.Errorf("Redact(%q) = %q, want it unchanged", l, got)
		}
	}
}

// TestRedactOutputEndsAtPrompt: the rules of an output that lists secrets
// apply to that output only.
func TestRedactOutputEndsAtPrompt(t *testing.T) {
	in := "cpe1#show snmp community\nCommunity name: X1cm\ncpe1#show interfaces Tunnel1\nTunnel1 is up, line protocol is up\n    Key disabled, sequencing disabled\n"
	want := "cpe1#show snmp community\nCommunity name: <redacted>\ncpe1#show interfaces Tunnel1\nTunnel1 is up, line protocol is up\n    Key disabled, sequencing disabled\n"
	if got := Redact(in); got != want {
		t.Errorf("Redact:\n got  %q\n want %q", got, want)
	}
	// RedactOutput reads one output: a line that only looks like a prompt
	// does not end it.
	out := "Community name: X1cm\ncpe1#fake\nCommunity name: X2cm\n"
	if got := RedactOutput("show snmp community", out); strings.Contains(got, "X2cm") || strings.Contains(got, "X1cm") {
		t.Errorf("RedactOutput kept a community: %q", got)
	}
}

func FuzzRedactCommand(f *testing.F) {
	for _, s := range []string{
		"show run | include snmp-server community X", "sh run | i ^snmp comm X", "snmp comm X",
		"copy ftp://u:p@h/f run", "show run | i unity X ----------", "do show run | sec key-string 7 X",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fn := range []func(string) string{RedactCommand, RedactConfigCommand} {
			once := fn(s)
			if twice := fn(once); twice != once {
				t.Errorf("not idempotent:\n in    %q\n once  %q\n twice %q", s, once, twice)
			}
		}
		out := RedactOutput(s, s)
		if strings.Count(out, "\n") != strings.Count(s, "\n") {
			t.Errorf("RedactOutput(%q) changed the line count: %q", s, out)
		}
	})
}

// TestSecretWords: the words after which a filter's rest is masked are
// the words IOS puts right before a secret, not arguments' neighbours.
func TestSecretWords(t *testing.T) {
	has := map[string]bool{}
	for _, w := range secretWords {
		has[w] = true
	}
	for _, w := range []string{"password", "secret", "key", "community", "key-string", "pre-shared-key", "authentication-key", "md5", "server-key"} {
		if !has[w] {
			t.Errorf("secretWords lacks %q", w)
		}
	}
	for _, w := range []string{"group", "address", "remote", "local", "host"} {
		if has[w] {
			t.Errorf("secretWords has %q: a filter on it would lose its words", w)
		}
	}
}
