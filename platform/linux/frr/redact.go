package frr

import "strings"

// Mask replaces every secret value RedactConfig finds.
const Mask = "<redacted>"

// secretRule says where a secret starts in a configuration line: after
// the words of its keyword path (w[i] == "*" matches any one word). The
// secret is the rest of the line: FRR takes passwords and keys with
// spaces as the remaining words; for oneWord rules (SNMP communities,
// whose access level follows: "snmp-server community X RO") only the
// next word.
type secretRule struct {
	words   []string
	oneWord bool
}

var secretRules = []secretRule{
	{words: []string{"neighbor", "*", "password"}},
	{words: []string{"password"}},
	{words: []string{"enable", "password"}},
	{words: []string{"ip", "ospf", "message-digest-key", "*", "md5"}},
	{words: []string{"ip", "ospf", "authentication-key"}},
	{words: []string{"ipv6", "ospf6", "authentication", "keyid", "*", "hash-algo", "*", "key"}},
	{words: []string{"isis", "password", "clear"}},
	{words: []string{"isis", "password", "md5"}},
	{words: []string{"isis", "password"}},
	{words: []string{"area-password", "clear"}},
	{words: []string{"area-password", "md5"}},
	{words: []string{"area-password"}},
	{words: []string{"domain-password", "clear"}},
	{words: []string{"domain-password", "md5"}},
	{words: []string{"domain-password"}},
	{words: []string{"key-string"}},
	{words: []string{"ip", "rip", "authentication", "string"}},
	{words: []string{"ip", "nhrp", "authentication"}},
	{words: []string{"agentx", "community"}, oneWord: true},
	{words: []string{"rocommunity"}, oneWord: true},
	{words: []string{"rwcommunity"}, oneWord: true},
	{words: []string{"snmp-server", "community"}, oneWord: true},
	{words: []string{"tcp-authopt", "*", "key"}},
}

// RedactConfig returns FRR configuration text (show running-config,
// frr.conf, vtysh.conf) with every secret value replaced by Mask. It reads
// the structure of each line (its keywords, after indentation and an
// optional "no"), never guesses at what looks random. Lines, indentation
// and line ends are kept, so line numbers stay valid, and redacting twice
// changes nothing.
func RedactConfig(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for len(text) > 0 {
		i := strings.IndexByte(text, '\n')
		line, rest := text, ""
		if i >= 0 {
			line, rest = text[:i+1], text[i+1:]
		}
		b.WriteString(redactLine(line))
		text = rest
	}
	return b.String()
}

// redactLine masks one line, keeping its line end.
func redactLine(line string) string {
	body := strings.TrimRight(line, "\r\n")
	end := line[len(body):]
	words, offs := splitWords(body)
	k := 0
	if len(words) > 0 && words[0] == "no" {
		k = 1
	}
	for _, r := range secretRules {
		if len(words)-k <= len(r.words) || !matchWords(words[k:], r.words) {
			continue
		}
		at := offs[k+len(r.words)]
		// A key given with an encryption type number keeps the number
		// ("password 8 ..."), as the type is not secret.
		if j := k + len(r.words); j+1 < len(words) && (words[j] == "0" || words[j] == "7" || words[j] == "8") {
			at = offs[j+1]
		}
		if r.oneWord {
			w := strings.IndexAny(body[at:], " \t")
			if w < 0 {
				w = len(body) - at
			}
			if body[at:at+w] == Mask {
				return line
			}
			return body[:at] + Mask + body[at+w:] + end
		}
		if strings.TrimSpace(body[at:]) == Mask {
			return line
		}
		return body[:at] + Mask + end
	}
	return line
}

func matchWords(w, pat []string) bool {
	for i, p := range pat {
		if p != "*" && !strings.EqualFold(w[i], p) {
			return false
		}
	}
	return true
}

// splitWords splits on blanks and returns each word's byte offset.
func splitWords(s string) ([]string, []int) {
	var words []string
	var offs []int
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' {
			j++
		}
		if j > i {
			words = append(words, s[i:j])
			offs = append(offs, i)
		}
		i = j
	}
	return words, offs
}
