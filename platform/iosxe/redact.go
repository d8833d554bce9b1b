package iosxe

import "strings"

// Redaction reads text by the structure of IOS commands, never by a guess
// at what looks random: show output such as "remaining key lifetime", "Key
// disabled" or "%TCP-6-BADAUTH Invalid MD5 digest" survives intact,
// because checks read it. A line is cut into words; a secret-bearing
// command (redact_rules.go) is recognised wherever IOS would read one, by
// any abbreviation its parser accepts and in any case:
//
//   - at the start of a configuration line (after its indentation, "no"
//     or "default");
//   - after a prompt ("cpe1(config-router)#nei 100.64.1.1 pass 7 X"), and
//     after "do" in configuration mode;
//   - in an output filter ("show run | include snmp-server community X");
//   - in a logged command ("%PARSER-5-CFGLOG_LOGGEDCMD: ... logged
//     command:enable secret X").
//
// Outputs that list secrets in columns or under labels (show snmp
// community, show crypto isakmp key, ...; redact_outputs.go) are read by
// their own rules, and a line of them that no rule classifies is masked
// whole. So are the lines of a key-string, certificate or private key
// given over several lines.
//
// Redaction is idempotent (redacting twice changes nothing) and never
// changes the number of lines, so line citations stay valid. Secrets are
// replaced by platform.Mask, keeping the keyword and the encryption type
// number, so that a check can still tell "a BGP password is configured,
// type 7" without learning it.

// Redact returns s with every secret value replaced by Mask. s is any
// text: a session log (prompts say which lines are typed commands and
// which output follows), a show-tech file, a configuration, one output.
// Line breaks (LF, CRLF, CR), indentation and every other byte are kept,
// so the result has the same lines as s and parsers still read it.
func Redact(s string) string {
	var rd redactor
	return rd.text(s)
}

// RedactLines is Redact for text already split into lines: what one line
// says (a prompt, a key chain, an output that lists secrets) carries to the
// next.
func RedactLines(lines []string) []string {
	if lines == nil {
		return nil
	}
	out := make([]string, len(lines))
	var rd redactor
	for i, l := range lines {
		out[i] = rd.line(l)
	}
	return out
}

// RedactCommand returns a command line typed at the exec prompt (as a
// session log or vcdiag itself records it, without the prompt) with its
// secrets masked: an output filter's words, a URL's password, a
// configuration command typed in the wrong mode.
func RedactCommand(line string) string { return redactTyped(line, typedExec) }

// RedactConfigCommand is RedactCommand for a line typed in configuration
// mode, where IOS takes the shortest abbreviations ("k X" in a TACACS+
// server block is its key).
func RedactConfigCommand(line string) string { return redactTyped(line, typedConfig) }

// RedactOutput returns the output of command with its secrets masked. The
// command says how to read it: the output of show snmp community is
// masked label by label and line by line, the lines after a bare
// key-string are the key.
func RedactOutput(command, text string) string {
	rd := redactor{sticky: true}
	toks := tokenize(command, 0)
	var sp spans
	rd.command(command, toks, 0, cmdCtx{how: typedExec, parent: parentTyped, output: true}, &sp)
	return rd.text(text)
}

// RedactCommand masks the secrets of a command typed at the exec prompt.
func (Platform) RedactCommand(line string) string { return RedactCommand(line) }

// RedactConfigCommand masks the secrets of a command typed in
// configuration mode.
func (Platform) RedactConfigCommand(line string) string { return RedactConfigCommand(line) }

// RedactOutput masks the secrets of the output of command.
func (Platform) RedactOutput(command, text string) string { return RedactOutput(command, text) }

// redactTyped masks a command line typed h. A command holds no line
// break; should one hold some, each line is read as a command of its own.
func redactTyped(line string, h how) string {
	var b strings.Builder
	for {
		i := strings.IndexAny(line, "\r\n")
		seg := line
		if i >= 0 {
			seg = line[:i]
		}
		var rd redactor
		var sp spans
		toks := tokenize(seg, 0)
		rd.command(seg, toks, 0, cmdCtx{how: h, parent: parentTyped, region: true}, &sp)
		urls(seg, &sp)
		if i < 0 {
			if b.Len() == 0 {
				return sp.apply(seg)
			}
			b.WriteString(sp.apply(seg))
			return b.String()
		}
		b.WriteString(sp.apply(seg))
		b.WriteByte(line[i])
		line = line[i+1:]
	}
}

// redactor is what redaction remembers from one line to the next.
type redactor struct {
	// parent is the configuration block the last unindented printed line
	// opened.
	parent parent
	// out is set while reading the output of a command that lists secrets.
	out output
	// sticky: out was set by RedactOutput's command; a prompt in the text
	// does not end it.
	sticky bool
	// blk is set inside a secret given over several lines.
	blk block
	// buf holds the words of the line being read (reused: most lines of a
	// large output hold no secret and should cost no allocation).
	buf []rtoken
}

// words splits l from byte from into rd.buf.
func (rd *redactor) words(l string, from int) []rtoken {
	rd.buf = appendTokens(rd.buf[:0], l, from)
	return rd.buf
}

// cmdCtx says where a command was found.
type cmdCtx struct {
	how    how
	parent parent
	// output: the command's output follows (a prompt line, a show-tech
	// separator, RedactOutput's command); an output that lists secrets is
	// then read by its own rules.
	output bool
	// region: the command is part of a line or stands alone (a logged
	// command, a filter, RedactCommand): it opens no block.
	region bool
}

// text redacts s line by line; CRLF is one line break.
func (rd *redactor) text(s string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			b.WriteString(rd.line(s))
			break
		}
		b.WriteString(rd.line(s[:i]))
		n := 1
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			n = 2
		}
		b.WriteString(s[i : i+n])
		s = s[i+n:]
	}
	return b.String()
}

// line redacts one line (without its line break).
func (rd *redactor) line(l string) string {
	var sp spans
	if start, mode, ok := promptEnd(l); ok {
		rd.typedLine(l, start, mode, &sp)
	} else if from, ok := separator(l); ok {
		rd.separatorLine(l, from, &sp)
	} else {
		rd.printedLine(l, &sp)
	}
	urls(l, &sp)
	return sp.apply(l)
}

// typedLine reads a line that starts with a prompt: what follows it was
// typed, in the mode the prompt names.
func (rd *redactor) typedLine(l string, start int, mode string, sp *spans) {
	toks := rd.words(l, start)
	if !rd.sticky {
		rd.out = outNone
	}
	if rd.blk.kind != blockNone {
		if rd.blk.kind == blockHex && rd.blk.indent < 0 && mode != "" && !endsBlock(toks) {
			sp.whole(l, start)
			return
		}
		rd.blk = block{}
	}
	c := cmdCtx{how: typedExec, parent: parentTyped, output: !rd.sticky}
	if mode != "" {
		c.how, c.parent = typedConfig, parentOfMode(mode)
	}
	rd.command(l, toks, 0, c, sp)
}

// separatorLine reads a show-tech separator
// ("------------------ show snmp community ------------------"): the
// command in it is an exec command whose output follows.
func (rd *redactor) separatorLine(l string, from int, sp *spans) {
	rd.blk, rd.parent = block{}, parentNone
	if !rd.sticky {
		rd.out = outNone
	}
	toks := rd.words(l, from)
	for len(toks) > 0 && isDashes(toks[len(toks)-1].text) {
		toks = toks[:len(toks)-1]
	}
	rd.command(l, toks, 0, cmdCtx{how: typedExec, parent: parentTyped, output: !rd.sticky}, sp)
}

// printedLine reads a line as the router printed it: configuration or
// show output.
func (rd *redactor) printedLine(l string, sp *spans) {
	toks := rd.words(l, 0)
	if rd.blk.kind != blockNone {
		if rd.blk.continues(toks) {
			sp.whole(l, 0)
			return
		}
		rd.blk = block{}
	}
	if len(toks) == 0 {
		return
	}
	if isPEMBegin(l) {
		rd.blk = block{kind: blockPEM, indent: -1}
		return
	}
	if rd.out != outNone {
		rd.out.line(rd, l, toks, sp)
		return
	}
	if toks[0].start == 0 {
		rd.parent = parentOf(toks)
	}
	rd.command(l, toks, 0, cmdCtx{how: printed, parent: rd.parent}, sp)
	labels(l, toks, sp)
	rd.loggedCommand(l, sp)
}

// command finds the secrets of the command starting at toks[i].
func (rd *redactor) command(l string, toks []rtoken, i int, c cmdCtx, sp *spans) {
	for i < len(toks) && (eqFold(toks[i].text, "no") || abbrev(toks[i].text, "default", 3)) {
		i++
	}
	if i >= len(toks) {
		return
	}
	if eqFold(toks[i].text, "do") && i+1 < len(toks) {
		// "do" runs an exec command from configuration mode; on a printed
		// line it can only be a typed line that lost its prompt.
		c.how = typedExec
		rd.command(l, toks, i+1, c, sp)
		return
	}
	if c.how == typedExec && abbrev(toks[i].text, "show", 1) {
		rd.show(l, toks, i, c, sp)
		return
	}
	if isPEMBegin(l[toks[i].start:]) && !c.region {
		rd.blk = block{kind: blockPEM, indent: -1}
		return
	}
	h := rules(toks, i, c)
	sp.tokens(toks, h.spans)
	if h.block && !c.region {
		rd.blk = block{kind: blockHex, indent: -1}
		if c.how == printed {
			rd.blk.indent = toks[i].start
		}
	}
	if !h.keep {
		floating(toks, max(i, h.end), c.how, sp)
	}
}

// rules applies the first command rule that matches at toks[i].
func rules(toks []rtoken, i int, c cmdCtx) hit {
	if c.parent == parentKeyChain {
		for k := range keyChainRules {
			if h, ok := keyChainRules[k].try(toks, i, c); ok {
				return h
			}
		}
	}
	if c.parent == parentCertChain {
		if _, ok := certificateRule.try(toks, i, c); ok {
			return hit{keep: true, block: true, end: len(toks)}
		}
	}
	for _, ru := range commandIndex.candidates(toks[i].text) {
		if h, ok := ru.try(toks, i, c); ok {
			return h
		}
	}
	return hit{}
}

// try matches the rule at toks[i].
func (ru *rule) try(toks []rtoken, i int, c cmdCtx) (hit, bool) {
	if c.how == printed && ru.parents != nil && !hasParent(ru.parents, c.parent) {
		if !ru.lowerOutside || toks[i].text != ru.elems[0].kws[0].word {
			return hit{}, false
		}
	}
	j, s, ok := match(ru.elems, toks, i, c.how, true)
	if !ok {
		return hit{}, false
	}
	if ru.custom != nil {
		return hit{spans: ru.custom(toks, j), end: len(toks)}, true
	}
	return secretSpan(toks, j, s)
}

func hasParent(ps []parent, p parent) bool {
	for _, x := range ps {
		if x == p {
			return true
		}
	}
	return false
}

// floating applies the rules keyed on a word anywhere in a line, from
// toks[from] on. On a printed line the word must be whole.
func floating(toks []rtoken, from int, h how, sp *spans) {
	fh := h
	if h == typedExec {
		fh = typedConfig // "pass" is "password" wherever it is typed
	}
	for i := from; i < len(toks); i++ {
		for _, ru := range floatingIndex.candidates(toks[i].text) {
			if h == printed && !wholeKeyword(toks[i].text, ru.elems[0].kws) {
				continue
			}
			j, s, ok := match(ru.elems, toks, i, fh, false)
			if !ok {
				continue
			}
			got, ok := secretSpan(toks, j, s)
			if !ok {
				continue
			}
			if got.keep {
				return
			}
			sp.tokens(toks, got.spans)
			if len(got.spans) > 0 {
				i = got.end - 1
			}
			break
		}
	}
}

func wholeKeyword(t string, kws []kw) bool {
	for _, k := range kws {
		if strings.EqualFold(t, k.word) {
			return true
		}
	}
	return false
}

// show reads an exec show command: its output filter may hold a secret,
// and its output may be one that lists secrets.
func (rd *redactor) show(l string, toks []rtoken, i int, c cmdCtx, sp *spans) {
	if c.output {
		rd.out = outputOf(toks[i:])
	}
	pipe := strings.IndexByte(l[toks[i].start:], '|')
	if pipe < 0 {
		return
	}
	ftoks := tokenize(l, toks[i].start+pipe+1)
	for len(ftoks) > 0 && len(ftoks[len(ftoks)-1].text) >= 5 && isDashes(ftoks[len(ftoks)-1].text) {
		ftoks = ftoks[:len(ftoks)-1] // a show-tech separator's closing dashes
	}
	if len(ftoks) < 2 {
		return
	}
	frag := ftoks[1:] // after the filter's own word (include, section, ...)
	if t := &frag[0]; strings.HasPrefix(t.text, "^") && len(t.text) > 1 {
		t.start++
		t.text = t.text[1:]
	}
	before := len(*sp)
	h := rules(frag, 0, cmdCtx{how: typedConfig, parent: parentTyped, region: true})
	sp.tokens(frag, h.spans)
	if h.keep {
		return
	}
	floating(frag, h.end, typedConfig, sp)
	if len(*sp) > before {
		return
	}
	// A filter is a regular expression, not a command: "| include unity X"
	// finds "community X". After any piece of a word a secret follows,
	// the rest of the filter is masked.
	for j, t := range frag[:len(frag)-1] {
		if secretWordPart(t.text) {
			sp.tokens(frag, []rspan{{j + 1, len(frag)}})
			return
		}
	}
}

// secretWordPart reports whether a filter word (regular expression
// characters aside) is a piece, three letters or more, of a word a secret
// follows.
func secretWordPart(t string) bool {
	w := strings.ToLower(strings.Trim(t, `^$.*+?()[]{}\`))
	if len(w) < 3 {
		return false
	}
	for _, s := range secretWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// loggedCommand reads the command a configuration change log records
// ("%PARSER-5-CFGLOG_LOGGEDCMD: User:netops logged command:enable secret X").
func (rd *redactor) loggedCommand(l string, sp *spans) {
	const tag = "logged command:"
	i := strings.Index(l, tag)
	if i < 0 {
		return
	}
	toks := tokenize(l, i+len(tag))
	rd.command(l, toks, 0, cmdCtx{how: typedConfig, parent: parentTyped, region: true}, sp)
}

// parentOf is the block an unindented printed line opens.
func parentOf(toks []rtoken) parent {
	for _, p := range parentRules {
		if _, _, ok := match(p.rule.elems, toks, 0, printed, true); ok {
			return p.parent
		}
	}
	return parentNone
}
