package linux

import (
	"regexp"
	"strings"

	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/linux/frr"
)

// secretRule is one structure that carries a secret: the value is
// submatch 2; word is in every line it matches (a cheap test first).
type secretRule struct {
	word string
	re   *regexp.Regexp
}

// secretLines are the secrets a Linux CPE can print, or a user can paste
// into a session log, each found by the structure of the line that
// carries it; the value (to the end of the line, quotes and all) is
// masked, the rest kept.
var secretLines = []secretRule{
	// swanctl.conf: secret = "..." in secrets { ike-x { ... } } (also
	// eap-, xauth-, ntlm-, ppk-, and pin = for tokens).
	{"=", regexp.MustCompile(`^(\s*(?:secret|pin)\s*=\s*)(\S.*?)\s*$`)},
	// ipsec.secrets: [ids] : PSK "secret" (and EAP, XAUTH, NTLM, PIN,
	// PPK); an RSA/ECDSA/P12 line names a file, then its passphrase.
	{":", regexp.MustCompile(`^([^\n#:]*:\s*(?:PSK|EAP|XAUTH|NTLM|PIN|PPK)\s+)(\S.*?)\s*$`)},
	{":", regexp.MustCompile(`^([^\n#:]*:\s*(?:RSA|ECDSA|BLISS|P12|PKCS12|PKCS8)\s+\S+\s+)(\S.*?)\s*$`)},
	// FRR: neighbor X password Y; vtysh password / enable password; OSPF,
	// IS-IS and RIP keys; key chains.
	{"password", regexp.MustCompile(`^(\s*neighbor\s+\S+\s+password\s+(?:\d\s+)?)(\S.*?)\s*$`)},
	{"password", regexp.MustCompile(`^(\s*(?:enable\s+)?password\s+(?:\d\s+)?)(\S.*?)\s*$`)},
	{"md5", regexp.MustCompile(`^(\s*ip\s+ospf\s+(?:\S+\s+)?message-digest-key\s+\d+\s+md5\s+(?:\d\s+)?)(\S.*?)\s*$`)},
	{"authentication-key", regexp.MustCompile(`^(\s*ip\s+ospf\s+(?:\S+\s+)?authentication-key\s+(?:\d\s+)?)(\S.*?)\s*$`)},
	{"password", regexp.MustCompile(`^(\s*(?:isis|area-password|domain-password)\s+(?:password\s+)?(?:clear|md5)\s+)(\S.*?)\s*$`)},
	{"key-string", regexp.MustCompile(`^(\s*key-string\s+(?:\d\s+)?)(\S.*?)\s*$`)},
	{"authentication", regexp.MustCompile(`^(\s*ip\s+rip\s+authentication\s+string\s+)(\S.*?)\s*$`)},
	// ip xfrm state (never run by vcdiag, but pasted): the key after the
	// algorithm, e.g. "enc cbc(aes) 0x1234...", "aead rfc4106(gcm(aes)) 0x... 128".
	{"0x", regexp.MustCompile(`^(\s*(?:enc|auth|auth-trunc|aead|comp)\s+\S+\s+)(0x[0-9a-fA-F]+)`)},
}

// chunkHeader is charon's dump of a key at log level 4 ("Sk_ei secret =>
// 32 bytes @ 0x7f..."): the hex lines after it are the key.
var chunkHeader = regexp.MustCompile(`(?i)(secret|key|psk|nonce|shared)[^\n]*=> \d+ bytes @ `)

// chunkLine is one hex line of such a dump ("   0: 5A 2B 9C ...  Z+..").
// It may follow a syslog or journal prefix.
var chunkLine = regexp.MustCompile(`(?:^|\s)\d+: (?:[0-9A-F]{2} ){1,16}`)

// An IOS-style type digit before a secret ("password 7 0822455D0A16") is
// kept, as IOS redaction keeps it: registry.Redact applies every
// platform's rules to text of unknown origin.

// secretWords are the words one of which every line with a secret holds:
// only those lines are matched against the rules, so a 16 MiB output
// without them costs one scan per word, not a regular expression per line.
var secretWords = []string{"secret", "pin", "PSK", "EAP", "XAUTH", "NTLM", "PPK", "RSA", "ECDSA", "BLISS",
	"P12", "PKCS", "PIN", "password", "md5", "authentication", "key", "community", "enc", "auth", "aead", "comp", "bytes @"}

// mayHoldSecret reports whether a line holds one of secretWords.
func mayHoldSecret(line string) bool {
	for _, w := range secretWords {
		if strings.Contains(line, w) {
			return true
		}
	}
	return false
}

// Redact masks every secret of Redact's list in text, keeping its lines:
// the count of lines and every word that is not a secret stay, so
// evidence citations still point at the right line.
func Redact(text string) string {
	if text == "" || !mayHoldSecret(text) {
		return text
	}
	var b strings.Builder
	inKey := false // inside charon's dump of a key
	for rest := text; rest != ""; {
		line := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i+1], rest[i+1:]
		} else {
			rest = ""
		}
		if inKey {
			if loc := chunkLine.FindStringIndex(line); loc != nil {
				colon := loc[0] + strings.IndexByte(line[loc[0]:], ':')
				end := ""
				if strings.HasSuffix(line, "\n") {
					end = "\n"
				}
				b.WriteString(line[:colon+1] + " " + platform.Mask + end)
				continue
			}
			inKey = false
		}
		if !mayHoldSecret(line) {
			b.WriteString(line)
			continue
		}
		if chunkHeader.MatchString(line) {
			inKey = true
		}
		b.WriteString(redactLine(line))
	}
	return b.String()
}

// redactLine masks the secrets of one line (with its line end).
func redactLine(line string) string {
	line = frr.RedactConfig(line)
	for _, r := range secretLines {
		if !strings.Contains(line, r.word) {
			continue
		}
		sub := r.re.FindStringSubmatchIndex(line)
		if sub == nil || sub[4] < 0 || line[sub[4]:sub[5]] == platform.Mask {
			continue
		}
		line = line[:sub[4]] + platform.Mask + line[sub[5]:]
	}
	return line
}
