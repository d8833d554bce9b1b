package parse

import "strings"

// Mask replaces every secret value RedactConfig finds.
const Mask = "<redacted>"

// secretSettings are the "set" keywords whose value is a secret wherever
// they appear (phase1 psksecret, admin/user passwords, RADIUS/TACACS
// secrets, routing protocol keys, SNMPv3 passphrases).
var secretSettings = map[string]bool{
	"psksecret": true, "psksecret-remote": true, "ppk-secret": true, "password": true,
	"passwd": true, "secret": true, "secondary-secret": true, "tertiary-secret": true,
	"key": true, "md5-key": true, "md5-keys": true, "auth-pwd": true, "priv-pwd": true,
	"passphrase": true, "private-key": true, "auth-password": true, "authentication-key": true,
	"ddns-password": true, "server-secret": true, "auth-pass": true, "tacacs-key": true,
	"keystring": true,
}

// RedactConfig returns FortiOS configuration text (show, show
// full-configuration, a backup file) with every secret value replaced by
// Mask: the values of secret "set" keywords (ENC-encrypted or plain,
// quoted or not, including quoted values running over several lines),
// any "ENC <value>" token, and the SNMP community names of "config system
// snmp community". It reads structure, never guesses at what looks random.
// Lines, indentation and line ends are kept and redacting twice changes
// nothing.
func RedactConfig(text string) string {
	if !strings.Contains(text, "set") && !strings.Contains(text, "ENC") {
		// No secret setting and no ENC value can be present (most
		// outputs): the union of every platform's redaction runs this over
		// all of them.
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	var stack []string // config paths
	inQuote := false   // inside a secret's multi-line quoted value
	for len(text) > 0 {
		i := strings.IndexByte(text, '\n')
		line, rest := text, ""
		if i >= 0 {
			line, rest = text[:i+1], text[i+1:]
		}
		text = rest
		body := strings.TrimRight(line, "\r\n")
		end := line[len(body):]
		if inQuote {
			// a continuation line of a masked value: drop it to the mask,
			// keeping the closing quote so the structure stays readable
			if k := strings.IndexByte(body, '"'); k >= 0 {
				inQuote = false
				b.WriteString(Mask + body[k:] + end)
			} else {
				b.WriteString(Mask + end)
			}
			continue
		}
		red, open := redactLine(body, &stack)
		inQuote = open
		b.WriteString(red + end)
	}
	return b.String()
}

// redactLine masks one line; open reports an unterminated quoted secret.
func redactLine(body string, stack *[]string) (string, bool) {
	if t := strings.TrimLeft(body, " \t"); !strings.Contains(body, "ENC") && !strings.HasPrefix(t, "set") &&
		!strings.HasPrefix(t, "unset") && !strings.HasPrefix(t, "config") && !strings.HasPrefix(t, "end") {
		return body, false // neither structure nor a secret: nothing to split
	}
	words, offs := splitWords(body)
	if len(words) == 0 {
		return body, false
	}
	switch words[0] {
	case "config":
		*stack = append(*stack, strings.Join(words[1:], " "))
		return body, false
	case "end":
		if len(*stack) > 0 {
			*stack = (*stack)[:len(*stack)-1]
		}
		return body, false
	case "set", "unset":
	default:
		return maskENC(body, words, offs), false
	}
	if len(words) < 3 {
		return body, false
	}
	key := words[1]
	secret := secretSettings[key]
	if key == "name" && len(*stack) > 0 && strings.HasSuffix((*stack)[len(*stack)-1], "snmp community") {
		secret = true
	}
	if !secret {
		return maskENC(body, words, offs), false
	}
	at := offs[2]
	if words[2] == "ENC" && len(words) > 3 {
		at = offs[3] // keep the ENC marker, mask what follows
	}
	val := body[at:]
	if strings.HasPrefix(val, `"`) {
		if strings.Count(val, `"`)-strings.Count(val, `\"`) < 2 {
			return body[:at] + `"` + Mask, true // value runs over the next lines
		}
		return body[:at] + `"` + Mask + `"`, false
	}
	return body[:at] + Mask, false
}

// maskENC masks the value after any "ENC" word.
func maskENC(body string, words []string, offs []int) string {
	for i := 0; i+1 < len(words); i++ {
		if words[i] == "ENC" && words[i+1] != Mask {
			return body[:offs[i+1]] + Mask + maskENC(body[offs[i+1]+len(words[i+1]):], nil, nil)
		}
	}
	if words == nil {
		w, o := splitWords(body)
		if len(w) > 0 {
			return maskENC(body, w, o)
		}
	}
	return body
}
