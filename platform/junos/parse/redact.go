package parse

import (
	"regexp"
	"strings"
)

// Redacted replaces every secret RedactConfig masks.
const Redacted = "<redacted>"

var (
	// value: a quoted string (with escapes) or a bare word. A lone digit
	// before it is an encryption type (IOS's "secret 0 X", met in the
	// union of every platform's redaction): the digit is kept and the word
	// after it masked, as IOS's rule does, so the two agree.
	secretKW  = regexp.MustCompile(`((?:^|\s)(?:pre-shared-key\s+(?:ascii-text|hexadecimal)|authentication-key|secret|encrypted-password|authentication-password|privacy-password|simple-password)\s+(?:\d\s+)?)("(?:[^"\\]|\\.)*"?|[^\s;]+)`)
	junosHash = regexp.MustCompile(`\$[89]\$[^\s";]*`)
	snmpComm  = regexp.MustCompile(`^(\s*(?:set\s+snmp\s+)?community\s+)("(?:[^"\\]|\\.)*"?|[^\s;{]+)`)
)

func maskValue(v string) string {
	if strings.HasPrefix(v, `"`) {
		return `"` + Redacted + `"`
	}
	return Redacted
}

// RedactConfig masks the secrets of a Junos configuration in curly-brace or
// set form: $9$ and $8$ strings anywhere, the values of pre-shared-key
// ascii-text|hexadecimal, authentication-key, secret, encrypted-password
// (and SNMPv3 passwords), and SNMP community names. Every line is kept, so
// line numbers still match; redacting twice changes nothing.
func RedactConfig(text string) string {
	if !hasSecretWord(text) {
		// Most outputs (route tables, SA lists) hold none: the union of
		// every platform's redaction runs this over all of them, so no
		// line is matched when nothing could be masked.
		return text
	}
	lines := strings.Split(text, "\n")
	var stack []bool // per open brace: inside snmp
	for i, l := range lines {
		inSNMP := len(stack) > 0 && stack[len(stack)-1]
		t := strings.TrimSpace(l)
		if hasSecretWord(l) {
			l = secretKW.ReplaceAllStringFunc(l, func(m string) string {
				sm := secretKW.FindStringSubmatch(m)
				return sm[1] + maskValue(sm[2])
			})
			l = junosHash.ReplaceAllString(l, Redacted)
		}
		if (inSNMP || strings.HasPrefix(t, "set snmp ")) && strings.Contains(l, "community") {
			if sm := snmpComm.FindStringSubmatchIndex(l); sm != nil {
				l = l[:sm[3]] + maskValue(l[sm[4]:sm[5]]) + l[sm[5]:]
			}
		}
		lines[i] = l
		switch {
		case strings.HasSuffix(t, "{") && !strings.HasPrefix(t, "set "):
			w := strings.Fields(t)
			stack = append(stack, inSNMP || (len(w) > 0 && w[0] == "snmp"))
		case t == "}" && len(stack) > 0:
			stack = stack[:len(stack)-1]
		}
	}
	return strings.Join(lines, "\n")
}

// secretWords are the words without which secretKW, junosHash and
// snmpComm cannot match.
var secretWords = []string{"$9$", "$8$", "pre-shared-key", "authentication-key", "secret",
	"encrypted-password", "authentication-password", "privacy-password", "simple-password", "community"}

func hasSecretWord(s string) bool {
	for _, w := range secretWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
