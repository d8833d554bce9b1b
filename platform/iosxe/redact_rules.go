package iosxe

import "strings"

// The rule table: every IOS command that carries a secret, written as IOS's
// parser reads it (redact_match.go has the notation). The abbreviations are
// the shortest IOS accepts in the command's mode, or shorter where two
// releases differ: a shorter abbreviation only ever redacts more. A rule
// never matches on one keyword alone where show output could print that
// word ("key", "password" at the start of a show line are matched only as
// the commands they are), so that the outputs checks read are unchanged.

// parent is the configuration block a printed line sits in, which decides
// what a bare "key" means.
type parent uint8

const (
	parentNone parent = iota
	// parentKeyChain: "key chain K"; "key 1" is a key number.
	parentKeyChain
	// parentKeyCmd: a block whose "key X" is a secret (tacacs server,
	// radius server, isakmp client group, dynamic-author, ezvpn).
	parentKeyCmd
	// parentCertChain: "crypto pki certificate chain"; a "certificate"
	// line starts a block of hex.
	parentCertChain
	// parentTyped: typed in a configuration mode other than the above;
	// every sub-mode command may be meant.
	parentTyped
)

// rule is one secret-bearing command.
type rule struct {
	spec  string
	elems []elem
	// custom finds the secrets after the keywords of spec, for commands
	// whose secret position depends on optional words (snmp-server host
	// and user).
	custom func(toks []rtoken, i int) []rspan
	// parents: on a printed line, the rule applies only inside one of
	// these blocks (nil: anywhere). Typed lines (whose mode IOS already
	// chose) are not restricted.
	parents []parent
	// lowerOutside: outside its parents, a printed line still matches when
	// its first keyword is written exactly as IOS prints it (lower case,
	// whole): " key 7 X" under a block vcdiag does not know is a secret,
	// "    Key disabled" in show interfaces is not.
	lowerOutside bool
}

func r(spec string) rule { return rule{spec: spec, elems: compile(spec)} }

func sub(spec string, lowerOutside bool, parents ...parent) rule {
	ru := r(spec)
	ru.parents, ru.lowerOutside = parents, lowerOutside
	return ru
}

func custom(spec string, fn func([]rtoken, int) []rspan) rule {
	ru := r(spec + " $KEEP")
	ru.custom = fn
	return ru
}

// keyChainRules apply first inside a key chain: "key 1" numbers a key.
var keyChainRules = []rule{
	r("key/1 NUM $END"),
}

// commandRules are matched where a command starts: at the start of a
// configuration line, after a prompt, after "do", after "no", in an
// output filter and in a logged command. The first rule that matches
// decides; order the specific before the general.
var commandRules = []rule{
	// Enable and user secrets.
	r("enable/3 [ algorithm-type/1 ARG ] secret/1|password/1 [ level/1 NUM ] $REST"),
	r("username/2 ARG ... password/2|secret/2 $REST"),

	// SNMP communities and v3 passphrases.
	r("snmp-server/3 community/3 $RAW"),
	custom("snmp-server/3 host/2", snmpHost),
	custom("snmp-server/3 user/2", snmpUser),
	r("snmp/4 mib/1 community-map/1 $RAW"),

	// IKE pre-shared keys.
	r("crypto/2 isakmp/2 key/3 $WORD"),
	r("crypto/2 key/3 import/2|export/2 ... $LAST"),
	r("crypto/2 pki/2|ca/2 import/2|export/2 ... password/1 $REST"),
	r("key/2 config-key/2 password-encrypt/1 $REST"),
	r("key/2 chain/2 $KEEP"),
	r("pre-shared-key/1 key-chain/5 $KEEP"),
	r("pre-shared-key/1 address/1|hostname/1|ipv6/1 ... key/1 $REST"),
	r("pre-shared-key/1 [ local/1|remote/1 ] $REST"),
	r("authentication/2 local/1|remote/1 pre-share/1 key/1 $REST"),
	r("set/2 aggressive-mode/2 password/1 $REST"),
	sub("group/2 ARG key/1 $REST", false, parentKeyCmd),

	// Key chains, and public keys typed over several lines.
	r("key-string/4 $BLOCK"),
	r("key-string/4 $REST"),
	sub("key/1 $REST", true, parentKeyCmd, parentKeyChain),

	// Routing protocol authentication.
	r("neighbor/3 ARG password/3 $REST"),
	r("ip/2 ospf/2 authentication-key/15 $REST"),
	r("ip/2 ospf/2 message-digest-key/2 NUM md5/1 $REST"),
	r("ipv6/4 ospf/2 authentication/2|encryption/1 ipsec/1 spi/1 NUM $REST"),
	r("ospfv3/5 [ NUM ] authentication/2|encryption/1 ipsec/1 spi/1 NUM $REST"),
	r("area/2 ARG authentication/2|encryption/1 ipsec/1 spi/1 NUM $REST"),
	r("area/2 ARG virtual-link/1 ARG ... authentication-key/15 $REST"),
	r("area/2 ARG virtual-link/1 ARG ... message-digest-key/2 NUM md5/1 $REST"),
	r("authentication/2 mode/1 hmac-sha-256/1 $REST"),
	r("isis/2 password/1 $WORD"),
	r("area-password/5 $REST"),
	r("domain-password/3 $REST"), // "do" is the exec escape
	r("mpls/2 ldp/1 neighbor/1 ... password/1 $REST"),
	r("mpls/2 ldp/1 password/1 fallback/1 $REST"),
	r("ip/2 rsvp/2 authentication/1 key/1 $REST"),

	// First-hop redundancy.
	r("standby/3|vrrp/3|glbp/2 [ NUM ] authentication/1 md5/1 key-chain/5 $KEEP"),
	r("standby/3|vrrp/3|glbp/2 [ NUM ] authentication/1 md5/1 key-string/1 $REST"),
	r("standby/3|vrrp/3|glbp/2 [ NUM ] authentication/1 text/1 $REST"),
	r("standby/3|vrrp/3|glbp/2 [ NUM ] authentication/1 $REST"),
	r("ip/2 nhrp/2 authentication/2 $WORD"),

	// AAA servers.
	r("tacacs-server/7|radius-server/7 ... key/1 $REST"),
	r("server-private/7 ... key/1 $REST"),
	r("client/2 ARG ... server-key/7 $REST"),
	r("server-key/7 $REST"),
	r("pac/3 key/1 $REST"),
	r("ntp/2 authentication-key/12 NUM ARG $RAW"),

	// Lines, links and other passwords.
	r("password/3 encryption/1 aes/1 $END"),
	r("password/3 logging/1 $END"),
	r("password/3 $REST"),
	r("ppp/2 chap/2 password/1 $REST"),
	r("ppp/2 pap/2 sent-username/1 ARG password/1 $REST"),
	r("l2tp/2 tunnel/1 password/1 $REST"),
	r("digest/2 secret/1 $REST"),
	r("ip/2 ftp/1 password/1 $REST"),
	r("ip/2 http/2 client/1 password/1 $REST"),
	r("wpa-psk/3 [ ascii/1|hex/1 ] $REST"),

	// Exec commands that take a secret.
	r("test/3 aaa/1 group/1 ARG ARG $WORD"),
	r("cts/2 credentials/2 id/1 ARG password/1 $REST"),
	r("license/3 smart/1 ... idtoken/1 $WORD"),
}

// floatingRules are matched at every word of a line, whatever command it
// is: a configuration line under a command vcdiag has no rule for, a
// YAML comment, a description. Their first keyword is whole (typed lines
// may abbreviate "password" and "secret" to four letters): each is a word
// that only ever introduces a secret.
var floatingRules = []rule{
	r("password/4|secret/4 encryption/10 $KEEP"),
	r("password/4|secret/4 level/1 NUM $REST"),
	r("password/4|secret/4 $REST"),
	r("key-string $REST"),
	r("authentication-key $REST"),
	r("server-key $REST"),
	r("area-password $REST"),
	r("domain-password $REST"),
	r("password-encrypt $REST"),
	r("wpa-psk [ ascii|hex ] $REST"),
	r("message-digest-key ARG md5 $REST"),
	r("pre-shared-key key-chain $KEEP"),
	r("pre-shared-key address|hostname|ipv6 ... key $REST"),
	r("pre-shared-key [ local|remote ] $REST"),
	r("pre-share key $REST"),
	r("pac key $REST"),
	r("idtoken $WORD"),
}

// byFirstByte indexes rules by the first letter of their first keyword
// (lower case): a line's first word is tried only against the rules it
// could start, which keeps redacting a 100,000-route table cheap.
type byFirstByte [256][]*rule

func indexRules(rs []rule) *byFirstByte {
	var ix byFirstByte
	for k := range rs {
		seen := map[byte]bool{}
		for _, w := range rs[k].elems[0].kws {
			c := w.word[0]
			if !seen[c] {
				seen[c] = true
				ix[c] = append(ix[c], &rs[k])
			}
		}
	}
	return &ix
}

// candidates returns the rules a word could start, in table order.
func (ix *byFirstByte) candidates(t string) []*rule {
	c := t[0]
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	return ix[c]
}

var (
	commandIndex  = indexRules(commandRules)
	floatingIndex = indexRules(floatingRules)
)

// parentRules name the configuration blocks that change what a bare
// "key" means, by their unindented first line.
var parentRules = []struct {
	rule   rule
	parent parent
}{
	{r("key/2 chain/2 ARG $KEEP"), parentKeyChain},
	{r("tacacs/6|radius/6 server/1 ARG $KEEP"), parentKeyCmd},
	{r("aaa/3 server/1 radius/1 dynamic-author/1 $KEEP"), parentKeyCmd},
	{r("crypto/2 isakmp/2 client/1 configuration/1 group/1 ARG $KEEP"), parentKeyCmd},
	{r("crypto/2 ipsec/2 client/1 ezvpn/1 ARG $KEEP"), parentKeyCmd},
	{r("crypto/2 pki/2|ca/2 certificate/1 chain/1 ARG $KEEP"), parentCertChain},
}

// certificateRule starts a block of hex inside a certificate chain.
var certificateRule = r("certificate/4 $KEEP")

// parentOfMode maps a configuration prompt's mode ("config-keychain" of
// "cpe1(config-keychain)#") to the block it is in.
func parentOfMode(mode string) parent {
	m := strings.ToLower(mode)
	switch {
	case strings.Contains(m, "keychain") && !strings.Contains(m, "keychain-key"):
		return parentKeyChain
	case strings.Contains(m, "cert-chain"):
		return parentCertChain
	}
	return parentTyped
}

// snmpHost finds the community in
// "snmp-server host H [vrf V] [informs|traps] [version 1|2c|3 [auth|noauth|priv]] COMMUNITY ...";
// i is the word after "host".
func snmpHost(toks []rtoken, i int) []rspan {
	i++ // the host
	for i < len(toks) {
		t := toks[i].text
		switch {
		case abbrev(t, "vrf", 2):
			i += 2
			continue
		case abbrev(t, "informs", 2), abbrev(t, "traps", 2):
			i++
			continue
		case abbrev(t, "version", 2):
			i += 2
			if i < len(toks) && (abbrev(toks[i].text, "auth", 2) || abbrev(toks[i].text, "noauth", 2) || abbrev(toks[i].text, "priv", 2)) {
				i++
			}
			continue
		}
		return []rspan{{i, i + 1}}
	}
	return nil
}

// snmpUser finds the passphrases after "auth md5|sha X" and
// "priv des|3des|aes [128|192|256] X" in "snmp-server user U G ..."; i is
// the word after "user".
func snmpUser(toks []rtoken, i int) []rspan {
	var out []rspan
	for j := i + 2; j < len(toks); j++ {
		t := toks[j].text
		if !abbrev(t, "auth", 2) && !abbrev(t, "priv", 2) {
			continue
		}
		v := j + 2 // skip the algorithm
		if v < len(toks) && len(toks[v].text) == 3 && isDigits(toks[v].text) && v+1 < len(toks) {
			v++ // key size (aes 128, sha-2 256)
		}
		if v >= len(toks) {
			break
		}
		out = append(out, rspan{v, v + 1})
		j = v
	}
	return out
}

// abbrev reports whether t abbreviates word (any case) with at least n
// letters.
func abbrev(t, word string, n int) bool { return kw{word: word}.matches(t, n) }

// secretWords are the keywords a secret follows in some rule, for output
// filters: "| include community X" is a regular expression, not a command,
// and may start in the middle of one.
var secretWords = func() []string {
	seen := map[string]bool{"community": true, "auth": true, "priv": true, "string": true}
	for _, rs := range [][]rule{commandRules, floatingRules} {
		for _, ru := range rs {
			for _, k := range slotKeywords(ru.elems) {
				seen[k] = true
			}
		}
	}
	var out []string
	for w := range seen {
		out = append(out, w)
	}
	return out
}()

// slotKeywords are the keyword right before a rule's secret ("password"
// of "neighbor ARG password $REST") and its alternatives; none for a rule
// without a secret.
func slotKeywords(es []elem) []string {
	last := len(es) - 1
	if last < 0 || es[last].kind != eSlot {
		return nil
	}
	switch es[last].slot {
	case slotKeep, slotEnd, slotBlock:
		return nil
	}
	// The keyword the secret follows, optional words ("[ level NUM ]")
	// aside; a rule whose secret follows an argument ("test aaa group G
	// USER $WORD") names no such word.
	for i := last - 1; i >= 0; i-- {
		switch es[i].kind {
		case eOpt:
			continue
		case eKeyword:
			var out []string
			for _, k := range es[i].kws {
				out = append(out, k.word)
			}
			return out
		}
		return nil
	}
	return nil
}
