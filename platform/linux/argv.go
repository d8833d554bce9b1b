package linux

import (
	"errors"
	"strings"
)

// splitArgv splits a command line into its words the way a POSIX shell
// would, for the only syntax vcdiag's commands use: words of plain
// characters, and single- or double-quoted words (vtysh -c 'show bgp
// summary json'). Everything else a shell would interpret is refused, not
// interpreted: a command that needs it is not one vcdiag sends.
func splitArgv(line string) ([]string, error) {
	var (
		words []string
		cur   strings.Builder
		inTok bool
	)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			if inTok {
				words = append(words, cur.String())
				cur.Reset()
				inTok = false
			}
		case c == '\'' || c == '"':
			end := strings.IndexByte(line[i+1:], c)
			if end < 0 {
				return nil, errors.New("an unterminated quote")
			}
			quoted := line[i+1 : i+1+end]
			for j := 0; j < len(quoted); j++ {
				if !quotedSafe(quoted[j]) {
					return nil, errors.New("shell syntax inside quotes (" + describe(quoted[j]) + ")")
				}
			}
			cur.WriteString(quoted)
			inTok = true
			i += end + 1
		case plainSafe(c):
			cur.WriteByte(c)
			inTok = true
		default:
			return nil, errors.New("shell syntax (" + describe(c) + ")")
		}
	}
	if inTok {
		words = append(words, cur.String())
	}
	return words, nil
}

// plainSafe are the characters of an unquoted word that no shell expands:
// letters, digits and . , / : = @ + - _ %. No glob, no tilde at the start,
// no variables, no redirections, no separators.
func plainSafe(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("./:=@+-_%,", c) >= 0
}

// quotedSafe are the characters allowed inside quotes: plainSafe and a
// blank (vtysh commands are several words), plus the few FRR show
// commands print in arguments. No $, backquote or backslash: inside double
// quotes a shell still expands them.
func quotedSafe(c byte) bool { return plainSafe(c) || c == ' ' }

// describe names a refused character for the error.
func describe(c byte) string {
	switch c {
	case ';':
		return "';' runs a second command"
	case '|':
		return "'|' pipes into another command"
	case '&':
		return "'&' runs in the background or chains commands"
	case '>', '<':
		return "redirection"
	case '$', '`':
		return "substitution"
	case '\\':
		return "escapes"
	case '*', '?', '[', ']':
		return "glob"
	case '\n', '\r':
		return "a line break"
	case '(', ')', '{', '}':
		return "subshell or group"
	case '~':
		return "tilde expansion"
	case '#':
		return "comment"
	case '!':
		return "history expansion"
	}
	if c < 0x20 || c >= 0x7f {
		return "a control or non-ASCII byte"
	}
	return "'" + string(c) + "'"
}
