package iosxe

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRedact(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ikev2 psk local", " pre-shared-key local 0 S3cr3tPSK", " pre-shared-key local 0 <redacted>"},
		{"ikev2 psk remote type 6", "  pre-shared-key remote 6 FLgBaJHXdYY_AcHZZMgQ_RhTDJXHUBAAB", "  pre-shared-key remote 6 <redacted>"},
		{"ikev2 psk no type", "  pre-shared-key S3cr3tPSK", "  pre-shared-key <redacted>"},
		{"ikev2 psk with spaces", "  pre-shared-key 0 two words", "  pre-shared-key 0 <redacted>"},
		{"isakmp keyring psk", " pre-shared-key address 198.51.100.1 key 0 S3cr3tPSK", " pre-shared-key address 198.51.100.1 key 0 <redacted>"},
		{"isakmp keyring psk mask", " pre-shared-key address 0.0.0.0 0.0.0.0 key S3cr3tPSK", " pre-shared-key address 0.0.0.0 0.0.0.0 key <redacted>"},
		{"isakmp keyring hostname", " pre-shared-key hostname di.example key 6 abc", " pre-shared-key hostname di.example key 6 <redacted>"},
		{"macsec key-chain is a name", " mka pre-shared-key key-chain KC1", " mka pre-shared-key key-chain KC1"},
		{"ikev2 profile pre-share key", " authentication remote pre-share key 0 S3cr3tPSK", " authentication remote pre-share key 0 <redacted>"},
		{"ikev2 profile pre-share no key", " authentication remote pre-share", " authentication remote pre-share"},
		{"crypto isakmp key", "crypto isakmp key 6 S3cr3tPSK address 198.51.100.1", "crypto isakmp key 6 <redacted> address 198.51.100.1"},
		{"crypto isakmp key no type", "crypto isakmp key S3cr3tPSK hostname di", "crypto isakmp key <redacted> hostname di"},
		{"key chain key number", "key chain BGP\n key 1\n  key-string 7 0822455D0A16", "key chain BGP\n key 1\n  key-string 7 <redacted>"},
		{"key chain key-string no type", "  key-string MyKey", "  key-string <redacted>"},
		{"tacacs server key", "tacacs server ISE\n address ipv4 10.0.0.5\n key 7 0822455D0A16", "tacacs server ISE\n address ipv4 10.0.0.5\n key 7 <redacted>"},
		{"radius server numeric key", "radius server R1\n key 12345", "radius server R1\n key <redacted>"},
		{"tacacs-server key", "tacacs-server key 7 0822455D0A16", "tacacs-server key 7 <redacted>"},
		{"tacacs-server host key", "tacacs-server host 10.0.0.5 timeout 5 key MyKey", "tacacs-server host 10.0.0.5 timeout 5 key <redacted>"},
		{"radius-server host key", "radius-server host 10.0.0.6 auth-port 1645 acct-port 1646 key 7 045802150C2E", "radius-server host 10.0.0.6 auth-port 1645 acct-port 1646 key 7 <redacted>"},
		{"server-private", " server-private 10.0.0.7 key 7 045802150C2E", " server-private 10.0.0.7 key 7 <redacted>"},
		{"radius dynamic-author", " client 10.0.0.8 server-key 7 045802150C2E", " client 10.0.0.8 server-key 7 <redacted>"},
		{"radius pac key", " pac key 7 045802150C2E", " pac key 7 <redacted>"},
		{"line password", " password 7 0822455D0A16", " password 7 <redacted>"},
		{"line password type 0", " password 0 cisco", " password 0 <redacted>"},
		{"bgp neighbor password", " neighbor 100.64.1.1 password 7 0822455D0A16", " neighbor 100.64.1.1 password 7 <redacted>"},
		{"bgp neighbor password plain", " neighbor 100.64.1.1 password BgpS3cret", " neighbor 100.64.1.1 password <redacted>"},
		{"bgp peer-session password", "  password 0 BgpS3cret", "  password 0 <redacted>"},
		{"enable secret 9", "enable secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM", "enable secret 9 <redacted>"},
		{"enable secret 5", "enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0", "enable secret 5 <redacted>"},
		{"enable secret level", "enable secret level 15 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0", "enable secret level 15 5 <redacted>"},
		{"enable password", "enable password cisco", "enable password <redacted>"},
		{"enable password 7", "enable password 7 0822455D0A16", "enable password 7 <redacted>"},
		{"enable algorithm-type", "enable algorithm-type scrypt secret Hunter2", "enable algorithm-type scrypt secret <redacted>"},
		{"username password", "username cisco privilege 15 password 0 cisco", "username cisco privilege 15 password 0 <redacted>"},
		{"username secret 8", "username netops privilege 15 secret 8 $8$dsYGNam3K1SIJO$7nv/35M/qr6t.dVc7UY9zrJDWRVqncHub1PE9UlMQFs", "username netops privilege 15 secret 8 <redacted>"},
		{"username algorithm secret", "username admin algorithm-type scrypt secret Hunter2", "username admin algorithm-type scrypt secret <redacted>"},
		{"snmp community", "snmp-server community PublicS3cret RO 10", "snmp-server community <redacted> RO 10"},
		{"snmp community view", "snmp-server community S3cret view V1 RW", "snmp-server community <redacted> view V1 RW"},
		{"snmp host v2c", "snmp-server host 10.0.0.9 version 2c S3cret", "snmp-server host 10.0.0.9 version 2c <redacted>"},
		{"snmp host informs vrf", "snmp-server host 10.0.0.9 vrf MGMT informs version 2c S3cret udp-port 162 bgp", "snmp-server host 10.0.0.9 vrf MGMT informs version 2c <redacted> udp-port 162 bgp"},
		{"snmp host v1 plain", "snmp-server host 10.0.0.9 S3cret", "snmp-server host 10.0.0.9 <redacted>"},
		{"snmp user v3", "snmp-server user U1 G1 v3 auth sha AuthPass1 priv aes 128 PrivPass1", "snmp-server user U1 G1 v3 auth sha <redacted> priv aes 128 <redacted>"},
		{"snmp user des", "snmp-server user U1 G1 v3 auth md5 AuthPass1 priv des PrivPass1 access 5", "snmp-server user U1 G1 v3 auth md5 <redacted> priv des <redacted> access 5"},
		{"ospf authentication-key", " ip ospf authentication-key 7 0822455D0A16", " ip ospf authentication-key 7 <redacted>"},
		{"ospf message-digest-key", " ip ospf message-digest-key 1 md5 7 0822455D0A16", " ip ospf message-digest-key 1 md5 7 <redacted>"},
		{"ospf message-digest-key plain", " ip ospf message-digest-key 1 md5 S3cret", " ip ospf message-digest-key 1 md5 <redacted>"},
		{"ntp authentication-key", "ntp authentication-key 1 md5 104D000A0618 7", "ntp authentication-key 1 md5 <redacted> 7"},
		{"hsrp md5 key-string", " standby 1 authentication md5 key-string 7 0822455D0A16", " standby 1 authentication md5 key-string 7 <redacted>"},
		{"hsrp text", " standby 1 authentication text S3cret", " standby 1 authentication text <redacted>"},
		{"hsrp plain", " standby 1 authentication S3cret", " standby 1 authentication <redacted>"},
		{"hsrp key-chain", " standby 1 authentication md5 key-chain HSRP", " standby 1 authentication md5 key-chain HSRP"},
		{"vrrp text", " vrrp 1 authentication text S3cret", " vrrp 1 authentication text <redacted>"},
		{"ppp chap password", " ppp chap password 0 S3cret", " ppp chap password 0 <redacted>"},
		{"ppp chap hostname kept", " ppp chap hostname cpe1", " ppp chap hostname cpe1"},
		{"ppp pap", " ppp pap sent-username cpe1 password 7 0822455D0A16", " ppp pap sent-username cpe1 password 7 <redacted>"},
		{"nhrp authentication", " ip nhrp authentication S3cret", " ip nhrp authentication <redacted>"},
		{"isis area-password", " area-password S3cret", " area-password <redacted>"},
		{"type 6 master key", "key config-key password-encrypt MasterS3cret", "key config-key password-encrypt <redacted>"},
		{"password encryption aes", "password encryption aes", "password encryption aes"},
		{"service password-encryption", "service password-encryption", "service password-encryption"},
		{"isakmp client group key", "crypto isakmp client configuration group G1\n key S3cret", "crypto isakmp client configuration group G1\n key <redacted>"},
		{"typed config in a session", "cpe1(config-ikev2-keyring-peer)#pre-shared-key local S3cr3tPSK", "cpe1(config-ikev2-keyring-peer)#pre-shared-key local <redacted>"},
		{"typed key chain key", "cpe1(config-keychain)#key 1", "cpe1(config-keychain)#key 1"},
		{"typed snmp community", "cpe1(config)#snmp-server community S3cret RO", "cpe1(config)#snmp-server community <redacted> RO"},
		{"upper case typed", "cpe1(config-router)#NEIGHBOR 100.64.1.1 PASSWORD BgpS3cret", "cpe1(config-router)#NEIGHBOR 100.64.1.1 PASSWORD <redacted>"},
		{"CRLF kept", "username a password 0 x\r\nhostname cpe1\r\n", "username a password 0 <redacted>\r\nhostname cpe1\r\n"},
		{"CR kept", "username a password 0 x\rhostname cpe1", "username a password 0 <redacted>\rhostname cpe1"},
		{"type digit alone is the secret", "enable password 7", "enable password <redacted>"},
		{"keyword alone", "enable password", "enable password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Redact(tt.in); got != tt.want {
				t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := Redact(Redact(tt.in)); got != tt.want {
				t.Errorf("Redact(Redact(%q)) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestTextKeepsNormalText proves redaction does not eat the words checks
// read: crypto, BGP and interface show output and harmless config lines.
func TestRedactKeepsNormalText(t *testing.T) {
	keep := []string{
		" set pfs group20",
		" set transform-set TS",
		"crypto ikev2 keyring KR-DI",
		"crypto key generate rsa modulus 2048",
		" tunnel key 100",
		" ip rip authentication key-chain RIP",
		" ip ospf authentication message-digest",
		"aaa authentication login default local",
		" authentication local pre-share",
		" neighbor 100.64.1.1 send-community both",
		" ip tcp adjust-mss 1350",
		"        sa timing: remaining key lifetime (k/sec): (4608000/3237)",
		"        sa timing: remaining key lifetime 1 hours, 10 mins",
		"        Kilobyte Volume Rekey has been disabled",
		"  Tunnel protocol/transport GRE/IP",
		"    Key disabled, sequencing disabled",
		"      Encr: AES-GCM, keysize: 256, PRF: SHA384, Hash: None, DH Grp:20, Auth sign: PSK, Auth verify: PSK",
		"Option Flags: nagle, path mtu capable, md5",
		"*Nov 26 10:21:07.123: %TCP-6-BADAUTH: Invalid MD5 digest from 100.64.1.1(179) to 100.64.1.2(20123) tableid - 0",
		"*Nov 26 10:21:07.123: %TCP-6-BADAUTH: No MD5 digest from 100.64.1.1(179) to 100.64.1.2(20123) tableid - 0",
		"  Community attribute sent to this neighbor",
		"The password-recovery mechanism is enabled.",
		"Password:",
		"B*    0.0.0.0/0 [20/0] via 100.64.1.1, 00:10:00",
		"r>i 10.0.0.0/8  100.64.1.1  0  100  0 64602 i",
		"  Transform set TS: { esp-gcm 256 }",
	}
	for _, l := range keep {
		if got := Redact(l); got != l {
			t.Errorf("Redact(%q) = %q, want it unchanged", l, got)
		}
	}
}

// TestTextCorpusShowOutput runs every non-configuration output of the real
// device corpus through Text: none may change.
func TestTextCorpusShowOutput(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(root); err != nil {
		t.Skip("corpus absent:", err)
	}
	n := 0
	for _, platform := range []string{"cisco_iosxe", "cisco_ios"} {
		files, _ := filepath.Glob(filepath.Join(root, platform, "*", "*.txt"))
		for _, f := range files {
			if strings.Contains(f, "running-config") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			n++
			in := string(b)
			if got := Redact(in); got != in {
				t.Errorf("Redact(%s) changed show output:\n%s", f, cmp.Diff(in, got))
			}
		}
	}
	if n == 0 {
		t.Skip("no corpus show outputs")
	}
}

// TestTextCorpusConfig checks that the corpus running-configs keep their
// line count and lose their planted-in-the-wild passwords.
func TestTextCorpusConfig(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "corpus")
	files, _ := filepath.Glob(filepath.Join(root, "*", "show_running-config*", "*.txt"))
	if len(files) == 0 {
		t.Skip("corpus absent")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got := Redact(string(b))
		if strings.Count(got, "\n") != strings.Count(string(b), "\n") {
			t.Errorf("Redact(%s) changed the line count", f)
		}
		if strings.Contains(got, "password 0 cisco") || strings.Contains(got, "enable password cisco") {
			t.Errorf("Redact(%s) kept a password", f)
		}
	}
}

func TestRedactLines(t *testing.T) {
	in := []string{"key chain K", " key 1", "  key-string 7 0822455D0A16", "tacacs server T", " key 2"}
	want := []string{"key chain K", " key 1", "  key-string 7 <redacted>", "tacacs server T", " key <redacted>"}
	if got := RedactLines(in); !cmp.Equal(got, want) {
		t.Errorf("RedactLines(%q) = %q, want %q", in, got, want)
	}
	if got := RedactLines(nil); got != nil {
		t.Errorf("RedactLines(nil) = %q, want nil", got)
	}
}

func FuzzRedact(f *testing.F) {
	seeds := []string{
		"", "pre-shared-key 0 S3cr3tPSK", "key chain K\n key 1\n  key-string 7 X",
		"snmp-server host 1.1.1.1 version 3 priv U", "snmp-server user U G v3 auth sha A priv aes 128 P",
		"cpe1(config)#enable secret level 15 5 $1$x", "ntp authentication-key 1 md5 X 7",
		"standby 1 authentication text T", "crypto isakmp key 0 K address 0.0.0.0",
		"        sa timing: remaining key lifetime (k/sec): (4608000/3237)\r\n",
		"cpe1#show snmp community\nCommunity name: X\nstorage-type: nonvolatile\t active\ncpe1#\n",
		"cpe1#sh cry isa key\nKeyring  Hostname/Address  Preshared Key\ndefault  10.0.0.2  K\n",
		"------------------ show key chain ------------------\nKey-chain K:\n    key 1 -- text \"X\"\n",
		"crypto pki certificate chain TP\n certificate ca 01\n  3082 0321\n  \tquit\n",
		"r1(config-pubkey-key)#key-string\nr1(config-pubkey)#005C300D\nr1(config-pubkey)#quit\n",
		"-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n",
		"[2026-11-26 10:21:03] cpe1(config-router)#nei 1.1.1.1 pass 7 X\r\n",
		"cpe1#show run | i snmp comm X\ncpe1(config)#do sh run | sec enable sec X\n",
		"%PARSER-5-CFGLOG_LOGGEDCMD: User:u  logged command:username u pass X\n",
		"copy ftp://u:p@h/f running-config\n", "tacacs server T\n KEY X\nkey chain K\n KEY 1\n",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	const planted = "pre-shared-key 0 S3cr3tPSK"
	f.Fuzz(func(t *testing.T, s string) {
		once := Redact(s)
		if twice := Redact(once); twice != once {
			t.Errorf("Text not idempotent:\n in    %q\n once  %q\n twice %q", s, once, twice)
		}
		if strings.Count(once, "\n") != strings.Count(s, "\n") || strings.Count(once, "\r") != strings.Count(s, "\r") {
			t.Errorf("Redact(%q) = %q changed the line breaks", s, once)
		}
		// A PSK planted on its own line, after any fuzzed line, never survives.
		withPSK := Redact(s + "\n " + planted + "\n")
		if strings.Contains(withPSK, "S3cr3tPSK") && !strings.Contains(s, "S3cr3tPSK") {
			t.Errorf("Redact(%q + planted PSK) = %q leaks the PSK", s, withPSK)
		}
	})
}
