package linux

import (
	"fmt"
	"strings"
	"testing"
)

// TestRedactLinuxSecrets: every secret form a Linux CPE can print, or a
// user paste, in every indentation and quoting, loses its value and keeps
// its line; redacting twice changes nothing.
func TestRedactLinuxSecrets(t *testing.T) {
	secrets := []string{"s3cr3t-PSK", "\"quoted secret with spaces\"", "0x0123456789abcdef", "'x;y|z'", "p@ss=word"}
	forms := []string{
		"secret = %s",
		"    secret = %s",
		"\t\tpin = %s",
		": PSK %s",
		"cpe.example dca.example : PSK %s",
		"@cpe : EAP %s",
		": RSA key.pem %s",
		" neighbor 100.64.1.1 password %s",
		"neighbor VC password 7 %s",
		"password %s",
		"enable password %s",
		" ip ospf message-digest-key 1 md5 %s",
		" ip ospf authentication-key %s",
		"  key-string %s",
		"\tenc cbc(aes) %s",
		"\taead rfc4106(gcm(aes)) %s 128",
		"\tauth-trunc hmac(sha256) %s 128",
	}
	n := 0
	for _, f := range forms {
		for _, sec := range secrets {
			if strings.Contains(f, ") %s") && !strings.HasPrefix(sec, "0x") {
				continue // xfrm keys are hex
			}
			line := fmt.Sprintf(f, sec)
			text := "before\n" + line + "\nafter\n"
			got := Redact(text)
			n++
			core := strings.Trim(sec, "\"'")
			if strings.Contains(got, core) {
				t.Errorf("Redact(%q) = %q: the secret survived", line, got)
			}
			if strings.Count(got, "\n") != strings.Count(text, "\n") || !strings.HasPrefix(got, "before\n") || !strings.HasSuffix(got, "\nafter\n") {
				t.Errorf("Redact(%q) changed the lines: %q", line, got)
			}
			if again := Redact(got); again != got {
				t.Errorf("Redact twice: %q then %q", got, again)
			}
		}
	}
	// charon's key dump at log level 4.
	dump := "Dec  7 10:00:00 cpe charon: 09[IKE] Sk_ei secret => 32 bytes @ 0x7f00\n" +
		"Dec  7 10:00:00 cpe charon: 09[IKE]    0: 5A 2B 9C 11 22 33 44 55 66 77 88 99 AA BB CC DD  Z+..\"3DUfw......\n"
	if got := Redact(dump); strings.Contains(got, "5A 2B 9C") {
		t.Errorf("key dump kept: %q", got)
	}
	// Nothing that is not a secret changes.
	plain := "vc-a: #1, ESTABLISHED, IKEv2, 8f56483545120f73_i* d6eb3d5e14d3bf24_r\n  neighbor 100.64.1.1 remote-as 64512\n  local pre-shared key authentication:\n"
	if got := Redact(plain); got != plain {
		t.Errorf("Redact changed plain text: %q", got)
	}
	t.Logf("%d secret lines", n)
}
