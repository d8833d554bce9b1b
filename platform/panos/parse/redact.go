package parse

import (
	"regexp"
	"strings"
)

// Mask replaces every secret value RedactConfig finds. It holds no XML
// metacharacter, so redacted XML stays well formed.
const Mask = "(redacted)"

// otherMask is what the other platforms mask with (platform.Mask).
const otherMask = "<redacted>"

var (
	// xmlSecretRE matches a secret element and its text value.
	xmlSecretRE = regexp.MustCompile(`(<(key|password|phash|secret|authentication-key|pre-shared-key|passphrase)(?:\s[^>]*)?>)([^<]+)(</(?:key|password|phash|secret|authentication-key|pre-shared-key|passphrase)>)`)
	// encRE matches a PAN-OS encrypted string ("-AQ==...") anywhere.
	encRE = regexp.MustCompile(`-AQ==[A-Za-z0-9+/=]*`)
)

// setSecretWords are the words of a set-form line after which the next
// value is a secret. "key" counts only after "pre-shared-key".
var setSecretWords = map[string]bool{"secret": true, "password": true, "phash": true,
	"authentication-key": true, "passphrase": true}

// RedactConfig returns PAN-OS configuration text (XML from `show config
// running [xpath ...]`, or set form) with every secret value replaced by
// Mask: XML <key>, <password>, <phash>, <secret>, <authentication-key>
// values; set-form "pre-shared-key key X", "... secret X", "password X";
// and any "-AQ==" encrypted string. Lines and line ends are kept;
// redacting twice changes nothing.
func RedactConfig(text string) string {
	if !strings.Contains(text, "<") && !strings.Contains(text, "-AQ==") && !strings.Contains(text, "set") {
		// None of the three forms can be present (most outputs): the
		// union of every platform's redaction runs this over all of them.
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	for len(text) > 0 {
		i := strings.IndexByte(text, '\n')
		l, rest := text, ""
		if i >= 0 {
			l, rest = text[:i+1], text[i+1:]
		}
		b.WriteString(redactLine(l))
		text = rest
	}
	return b.String()
}

func redactLine(l string) string {
	if !strings.Contains(l, "<") && !strings.Contains(l, "-AQ==") && !strings.Contains(l, "set") {
		return l
	}
	body := strings.TrimRight(l, "\r\n")
	end := l[len(body):]
	body = xmlSecretRE.ReplaceAllStringFunc(body, func(m string) string {
		s := xmlSecretRE.FindStringSubmatch(m)
		if strings.TrimSpace(s[3]) == "" {
			return m
		}
		return s[1] + Mask + s[4]
	})
	body = redactSet(body)
	body = encRE.ReplaceAllString(body, Mask)
	return body + end
}

// redactSet masks the value after a secret keyword of a set-form line.
func redactSet(body string) string {
	t := strings.TrimLeft(body, " \t")
	if !strings.HasPrefix(t, "set ") && !strings.HasPrefix(t, "set\t") {
		return body
	}
	off := len(body) - len(t)
	prev := ""
	for i := 0; i < len(t); {
		for i < len(t) && (t[i] == ' ' || t[i] == '\t') {
			i++
		}
		j := wordEnd(t, i)
		w := t[i:j]
		if setSecretWords[w] || w == "key" && prev == "pre-shared-key" {
			k := i + len(w)
			for k < len(t) && (t[k] == ' ' || t[k] == '\t') {
				k++
			}
			if k >= len(t) {
				return body
			}
			e := wordEnd(t, k)
			if v := t[k:e]; v == Mask || v == otherMask {
				// already masked, by these rules or another platform's
				// (the union of every platform's redaction): keep it, so
				// that redacting twice changes nothing.
				return body[:off+e] + redactSet(body[off+e:])
			}
			return body[:off+k] + Mask + redactSet(body[off+e:])
		}
		prev = w
		i = j
	}
	return body
}

// wordEnd returns the end of the word at i: a quoted word runs to its
// closing quote (or the line end).
func wordEnd(t string, i int) int {
	if i >= len(t) {
		return i
	}
	if q := t[i]; q == '"' || q == '\'' {
		if k := strings.IndexByte(t[i+1:], q); k >= 0 {
			return i + 1 + k + 1
		}
		return len(t)
	}
	j := i
	for j < len(t) && t[j] != ' ' && t[j] != '\t' {
		j++
	}
	return j
}
