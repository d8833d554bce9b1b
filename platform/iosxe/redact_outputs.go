package iosxe

import "strings"

// output is a show command whose output lists secrets in columns or under
// labels, where no keyword precedes the value on its line. Each is read by
// its own rules; a line of it that no rule classifies is masked whole
// (kept lines: blank, "%" messages, and the labels and headers named
// below).
type output uint8

const (
	outNone output = iota
	// outSNMPCommunity: show snmp community.
	//
	//	Community name: ILMI
	//	Community Index: cisco0
	//	Community SecurityName: ILMI
	//	storage-type: read-only	 active
	outSNMPCommunity
	// outSNMPHost: show snmp host (a v1/v2c host's community is its "user").
	//
	//	Notification host: 10.0.0.9	udp-port: 162	type: trap
	//	user: COMMUNITY	security model: v2c
	outSNMPHost
	// outISAKMPKey: show crypto isakmp key.
	//
	//	Keyring      Hostname/Address                            Preshared Key
	//	default      10.0.0.2                                    KEY
	outISAKMPKey
	// outKeyChain: show key chain.
	//
	//	Key-chain BGP:
	//	    key 1 -- text "KEY"
	//	        accept lifetime (always valid) - (always valid) [valid now]
	outKeyChain
	// outArchiveLog: show archive log config (the commands typed, after "|").
	//
	//	 idx   sess           user@line      Logged command
	//	    1     1        netops@vty0     |  snmp-server community X RO
	outArchiveLog
)

// outputRules recognise the commands above, typed in any abbreviation.
var outputRules = []struct {
	elems []elem
	out   output
}{
	{compile("show/1 snmp/2 community/3 $KEEP"), outSNMPCommunity},
	{compile("show/1 snmp/2 host/1 $KEEP"), outSNMPHost},
	{compile("show/1 crypto/2 isakmp/2 key/1 $KEEP"), outISAKMPKey},
	{compile("show/1 key/1 chain/1 $KEEP"), outKeyChain},
	{compile("show/1 archive/2 log/1 config/1 $KEEP"), outArchiveLog},
}

// outputOf returns what the output of the show command toks lists.
func outputOf(toks []rtoken) output {
	for _, o := range outputRules {
		if _, _, ok := match(o.elems, toks, 0, typedConfig, true); ok {
			return o.out
		}
	}
	return outNone
}

// line masks the secrets of one line of the output (toks is not empty).
func (o output) line(rd *redactor, l string, toks []rtoken, sp *spans) {
	if strings.HasPrefix(toks[0].text, "%") {
		return
	}
	t := strings.TrimLeft(l, " \t")
	at := len(l) - len(t) // where the text starts
	switch o {
	case outSNMPCommunity:
		switch {
		case strings.HasPrefix(t, "storage-type:"):
			return
		case strings.HasPrefix(t, "Community Index:"):
			if v := strings.TrimSpace(t[len("Community Index:"):]); isCiscoIndex(v) {
				return
			}
			sp.after(l, at+len("Community Index:"))
			return
		case strings.HasPrefix(t, "Community name:"):
			sp.after(l, at+len("Community name:"))
			return
		case strings.HasPrefix(t, "Community SecurityName:"):
			sp.after(l, at+len("Community SecurityName:"))
			return
		}
	case outSNMPHost:
		switch {
		case strings.HasPrefix(t, "Notification host:"):
			return
		case strings.HasPrefix(t, "user:"):
			from := at + len("user:")
			if end := strings.Index(l[from:], "security model:"); end >= 0 {
				*sp = append(*sp, bspan{from, from + end})
				sp.trim(l)
				return
			}
			sp.after(l, from)
			return
		}
	case outISAKMPKey:
		switch {
		case toks[0].text == "Keyring" && strings.Contains(l, "Preshared"):
			return
		case len(toks) >= 3:
			sp.tokens(toks, []rspan{{2, len(toks)}})
			return
		}
	case outKeyChain:
		switch {
		case strings.HasPrefix(t, "Key-chain "):
			return
		case strings.HasPrefix(t, "key ") && strings.Contains(t, "-- text"):
			sp.after(l, strings.Index(l, "-- text")+len("-- text"))
			return
		case strings.HasPrefix(t, "accept lifetime"), strings.HasPrefix(t, "send lifetime"),
			strings.HasPrefix(t, "cryptographic-algorithm"):
			return
		}
	case outArchiveLog:
		switch {
		case strings.Contains(t, "Logged command"):
			return
		case strings.Contains(t, "|"):
			from := strings.IndexByte(l, '|') + 1
			rd.command(l, tokenize(l, from), 0, cmdCtx{how: typedConfig, parent: parentTyped, region: true}, sp)
			return
		}
	}
	sp.whole(l, 0)
}

// isCiscoIndex reports an SNMP community index IOS made up itself
// ("cisco7"), not the community.
func isCiscoIndex(v string) bool {
	return strings.HasPrefix(v, "cisco") && isDigits(v[len("cisco"):])
}

// after masks what follows byte from of l (its leading blanks aside).
func (sp *spans) after(l string, from int) {
	sp.whole(l, from)
}

// trim shrinks the last span to exclude its surrounding blanks.
func (sp spans) trim(l string) {
	last := &sp[len(sp)-1]
	for last.s < last.e && isSpace(l[last.s]) {
		last.s++
	}
	for last.e > last.s && isSpace(l[last.e-1]) {
		last.e--
	}
	if last.s == last.e {
		sp[len(sp)-1] = bspan{}
	}
}

// labels masks the values of show output labels that only ever hold a
// secret, wherever they are read (a show snmp community output whose
// command is not known; show standby's authentication string; show key
// chain's key text).
func labels(l string, toks []rtoken, sp *spans) {
	t := l[toks[0].start:]
	switch {
	case strings.HasPrefix(t, "Community name:"):
		sp.after(l, toks[0].start+len("Community name:"))
	case strings.HasPrefix(t, "Community SecurityName:"):
		sp.after(l, toks[0].start+len("Community SecurityName:"))
	}
	for _, tag := range []string{`-- text "`, `text, string "`} {
		if i := strings.Index(l, tag); i >= 0 {
			*sp = append(*sp, bspan{i + len(tag) - 1, len(l)})
		}
	}
}
