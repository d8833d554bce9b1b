package frr

import "strings"

// Mask replaces every secret value RedactConfig finds.
const Mask = "<redacted>"

// secretRule says where a secret starts in a configuration line: after
// the words of its keyword path (w[i] == "*" matches any one word). The
// secret is the rest of the line: FRR takes passwords and keys with
// spaces as the remaining words.
type secretRule struct{ words []string }

var secretRules = []secretRule{
	{[]string{"neighbor", "*", "password"}},
	{[]string{"password"}},
	{[]string{"enable", "password"}},
	{[]string{"ip", "ospf", "message-digest-key", "*", "md5"}},
	{[]string{"ip", "ospf", "authentication-key"}},
	{[]string{"ipv6", "ospf6", "authentication", "keyid", "*", "hash-algo", "*", "key"}},
	{[]string{"isis", "password", "clear"}},
	{[]string{"isis", "password", "md5"}},
	{[]string{"isis", "password"}},
	{[]string{"area-password", "clear"}},
	{[]string{"area-password", "md5"}},
	{[]string{"area-password"}},
	{[]string{"domain-password", "clear"}},
	{[]string{"domain-password", "md5"}},
	{[]string{"domain-password"}},
	{[]string{"key-string"}},
	{[]string{"ip", "rip", "authentication", "string"}},
	{[]string{"ip", "nhrp", "authentication"}},
	{[]string{"agentx", "community"}},
	{[]string{"rocommunity"}},
	{[]string{"rwcommunity"}},
	{[]string{"snmp-server", "community"}},
	{[]string{"tcp-authopt", "*", "key"}},
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
