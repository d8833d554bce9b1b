package iosxe

import (
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// findSecrets returns the spans of a line's tokens that hold secrets, in
// rtoken order. The rules are IOS keyword sequences, deliberately narrow:
// "key" alone is a secret only where IOS makes it one, so that show output
// ("remaining key lifetime", "tunnel key 5") passes unchanged.
func findSecrets(toks []rtoken, inKeyChain bool) []rspan {
	var spans []rspan
	add := func(sp rspan, ok bool) {
		if ok {
			spans = append(spans, sp)
		}
	}
	if sp, ok, done := lineRule(toks, inKeyChain); done {
		add(sp, ok)
		return spans
	}
	for i := 0; i < len(toks); i++ {
		sp, ok := keywordRule(toks, i)
		if !ok {
			continue
		}
		spans = append(spans, sp)
		if sp.to >= len(toks) {
			break
		}
		i = sp.to - 1
	}
	return spans
}

// lineRule applies the rules that depend on the command a line starts
// with. done reports that the line was fully handled by such a rule.
func lineRule(toks []rtoken, inKeyChain bool) (sp rspan, ok, done bool) {
	first := strings.ToLower(toks[0].text)
	second := ""
	if len(toks) > 1 {
		second = strings.ToLower(toks[1].text)
	}
	switch {
	case first == "snmp-server" && second == "community":
		if len(toks) > 2 {
			return rspan{2, 3}, true, true
		}
		return rspan{}, false, true
	case first == "snmp-server" && second == "host":
		sp, ok := snmpHost(toks)
		return sp, ok, true
	case first == "ntp" && second == "authentication-key":
		// ntp authentication-key 1 md5 VALUE [7]: the trailing type stays.
		if len(toks) > 4 {
			return rspan{4, 5}, true, true
		}
		return rspan{}, false, true
	case toks[0].text == "key" && second != "chain" && second != "config-key":
		// "key 1" in a key chain is the key number; anywhere else (tacacs
		// server, isakmp client group) "key X" is the secret.
		if inKeyChain && len(toks) == 2 && parsers.IsDigits(toks[1].text) {
			return rspan{}, false, true
		}
		sp, ok := tokRest(toks, 0)
		return sp, ok, true
	case first == "standby" || first == "vrrp" || first == "glbp":
		if a := tokIndex(toks, "authentication"); a >= 0 && a+1 < len(toks) {
			switch strings.ToLower(toks[a+1].text) {
			case "text":
				sp, ok := tokRest(toks, a+1)
				return sp, ok, true
			case "md5", "key-chain":
				return rspan{}, false, false // key-string is a keyword rule
			}
			return rspan{a + 1, len(toks)}, true, true
		}
	case first == "ip" && second == "nhrp" && len(toks) > 3 && eqFold(toks[2].text, "authentication"):
		return rspan{3, 4}, true, true
	case first == "crypto" && second == "isakmp" && len(toks) > 2 && eqFold(toks[2].text, "key"):
		sp, ok := tokWord(toks, 2)
		return sp, ok, true
	case first == "tacacs-server" || first == "radius-server" || first == "server-private":
		if k := tokIndex(toks, "key"); k >= 0 {
			sp, ok := tokRest(toks, k)
			return sp, ok, true
		}
	}
	return rspan{}, false, false
}

// keywordRule applies the rules keyed on one keyword anywhere in a line.
func keywordRule(toks []rtoken, i int) (rspan, bool) {
	kw := strings.ToLower(toks[i].text)
	switch kw {
	case "password", "secret":
		if i == 0 && len(toks) > 1 && eqFold(toks[1].text, "encryption") {
			return rspan{}, false // "password encryption aes" turns on type 6
		}
		if i+2 < len(toks) && eqFold(toks[i+1].text, "level") {
			return tokRest(toks, i+2) // enable secret level 15 5 X
		}
		return tokRest(toks, i)
	case "key-string", "authentication-key", "server-key", "area-password",
		"domain-password", "password-encrypt", "wpa-psk":
		return tokRest(toks, i)
	case "message-digest-key":
		if i+2 < len(toks) && eqFold(toks[i+2].text, "md5") {
			return tokRest(toks, i+2)
		}
	case "pre-shared-key":
		return preSharedKey(toks, i)
	case "key":
		// authentication local pre-share key X; pac key X
		if i > 0 && (eqFold(toks[i-1].text, "pre-share") || eqFold(toks[i-1].text, "pac")) {
			return tokRest(toks, i)
		}
	case "auth", "priv":
		if eqFold(toks[0].text, "snmp-server") {
			return snmpUserKey(toks, i)
		}
	}
	return rspan{}, false
}

// preSharedKey handles the IKEv2 keyring form
// "pre-shared-key [local|remote] [0|6] X" and the ISAKMP keyring form
// "pre-shared-key address A [mask] key [0|6] X".
func preSharedKey(toks []rtoken, i int) (rspan, bool) {
	j := i + 1
	if j < len(toks) && (eqFold(toks[j].text, "local") || eqFold(toks[j].text, "remote")) {
		j++
	}
	if j >= len(toks) {
		return rspan{}, false
	}
	switch strings.ToLower(toks[j].text) {
	case "key-chain":
		return rspan{}, false // MACsec: names a key chain, holds no secret
	case "address", "hostname", "ipv6":
		for k := j + 1; k < len(toks); k++ {
			if eqFold(toks[k].text, "key") {
				return tokRest(toks, k)
			}
		}
		return rspan{}, false
	}
	return tokRest(toks, j-1)
}

// snmpHost finds the community in
// "snmp-server host H [vrf V] [informs|traps] [version 1|2c|3 [auth|noauth|priv]] COMMUNITY ...".
func snmpHost(toks []rtoken) (rspan, bool) {
	i := 3
	for i < len(toks) {
		switch strings.ToLower(toks[i].text) {
		case "vrf":
			i += 2
			continue
		case "informs", "traps":
			i++
			continue
		case "version":
			i += 2
			if i < len(toks) {
				switch strings.ToLower(toks[i].text) {
				case "auth", "noauth", "priv":
					i++
				}
			}
			continue
		}
		return rspan{i, i + 1}, true
	}
	return rspan{}, false
}

// snmpUserKey finds the passphrase after "auth md5|sha X" or
// "priv des|3des|aes [128|192|256] X" on an snmp-server user line.
func snmpUserKey(toks []rtoken, i int) (rspan, bool) {
	v := i + 2 // skip the algorithm
	if v < len(toks) && parsers.IsDigits(toks[v].text) && len(toks[v].text) == 3 && v+1 < len(toks) {
		v++ // key size (aes 128, sha-2 256)
	}
	if v >= len(toks) {
		return rspan{}, false
	}
	return rspan{v, v + 1}, true
}

func tokIndex(toks []rtoken, kw string) int {
	for i, t := range toks {
		if eqFold(t.text, kw) {
			return i
		}
	}
	return -1
}
