package linux

import (
	"regexp"
	"strings"

	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/linux/frr"
)

// The secrets a Linux CPE can print, or a user can paste into a session
// log, each found by the structure of the line that carries it; the value
// (to the end of the line, quotes and all) is masked, the rest kept.
var secretLines = []*regexp.Regexp{
	// swanctl.conf: secret = "..." in secrets { ike-x { ... } } (also
	// eap-, xauth-, ntlm-, ppk-, and pin = for tokens).
	regexp.MustCompile(`(?m)^(\s*(?:secret|pin)\s*=\s*)(\S.*?)\s*$`),
	// ipsec.secrets: [ids] : PSK "secret" (and EAP, XAUTH, NTLM, PIN,
	// PPK); an RSA/ECDSA/P12 line names a file, then its passphrase.
	regexp.MustCompile(`(?m)^([^\n#:]*:\s*(?:PSK|EAP|XAUTH|NTLM|PIN|PPK)\s+)(\S.*?)\s*$`),
	regexp.MustCompile(`(?m)^([^\n#:]*:\s*(?:RSA|ECDSA|BLISS|P12|PKCS12|PKCS8)\s+\S+\s+)(\S.*?)\s*$`),
	// FRR: neighbor X password Y; vtysh password / enable password; OSPF,
	// IS-IS and RIP keys; key chains.
	regexp.MustCompile(`(?m)^(\s*neighbor\s+\S+\s+password\s+(?:\d\s+)?)(\S.*?)\s*$`),
	regexp.MustCompile(`(?m)^(\s*(?:enable\s+)?password\s+(?:\d\s+)?)(\S.*?)\s*$`),
	regexp.MustCompile(`(?m)^(\s*ip\s+ospf\s+(?:\S+\s+)?message-digest-key\s+\d+\s+md5\s+(?:\d\s+)?)(\S.*?)\s*$`),
	regexp.MustCompile(`(?m)^(\s*ip\s+ospf\s+(?:\S+\s+)?authentication-key\s+(?:\d\s+)?)(\S.*?)\s*$`),
	regexp.MustCompile(`(?m)^(\s*(?:isis|area-password|domain-password)\s+(?:password\s+)?(?:clear|md5)\s+)(\S.*?)\s*$`),
	regexp.MustCompile(`(?m)^(\s*key-string\s+(?:\d\s+)?)(\S.*?)\s*$`),
	regexp.MustCompile(`(?m)^(\s*ip\s+rip\s+authentication\s+string\s+)(\S.*?)\s*$`),
	// ip xfrm state (never run by vcdiag, but pasted): the key after the
	// algorithm, e.g. "enc cbc(aes) 0x1234...", "aead rfc4106(gcm(aes)) 0x... 128".
	regexp.MustCompile(`(?m)^(\s*(?:enc|auth|auth-trunc|aead|comp)\s+\S+\s+)(0x[0-9a-fA-F]+)`),
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

// Redact masks every secret of Redact's list in text, keeping its lines:
// the count of lines and every word that is not a secret stay, so
// evidence citations still point at the right line.
func Redact(text string) string {
	if text == "" {
		return text
	}
	text = frr.RedactConfig(text)
	for _, re := range secretLines {
		if !re.MatchString(text) {
			continue
		}
		text = re.ReplaceAllStringFunc(text, func(m string) string {
			sub := re.FindStringSubmatchIndex(m)
			if sub == nil || sub[4] < 0 || m[sub[4]:sub[5]] == platform.Mask {
				return m
			}
			return m[:sub[4]] + platform.Mask + m[sub[5]:]
		})
	}
	if chunkHeader.MatchString(text) {
		lines := strings.Split(text, "\n")
		inKey := false
		for i, l := range lines {
			switch {
			case chunkHeader.MatchString(l):
				inKey = true
			case inKey && chunkLine.MatchString(l):
				loc := chunkLine.FindStringIndex(l)
				colon := loc[0] + strings.IndexByte(l[loc[0]:], ':')
				lines[i] = l[:colon+1] + " " + platform.Mask
			default:
				inKey = false
			}
		}
		text = strings.Join(lines, "\n")
	}
	return text
}
