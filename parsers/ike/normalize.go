package ike

import (
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// Normalized returns an IKE SA transform in the canonical spelling of
// package parsers, the one profiles and IOS-XE show outputs are reduced
// to: ENCR "aes-gcm-256", "aes-cbc-128", "3des"; PRF and INTEG "sha256",
// "sha1", "none" (AEAD ciphers carry their own integrity); KE the group
// number "19"; ESN "esn" or "no-esn". Algorithms IOS-XE lacks get the
// lower-cased IANA name ("chacha20-poly1305", "aes-gcm8-256").
func (t Transform) Normalized() string {
	switch t.Type {
	case TransformENCR:
		return normEncr(t)
	case TransformPRF:
		if s, ok := prfNorm[t.ID]; ok {
			return s
		}
	case TransformINTEG:
		if s, ok := integNorm[t.ID]; ok {
			return s
		}
	case TransformKE:
		return strconv.Itoa(int(t.ID))
	case TransformESN:
		if t.ID == 1 {
			return "esn"
		}
		if t.ID == 0 {
			return "no-esn"
		}
	}
	return lowerName(t)
}

// NormalizedESP returns a Child SA (ESP) transform in the spelling of
// parsers.NormalizeTransform: "esp-gcm-256", "esp-aes-256", "esp-3des",
// "esp-null", "esp-sha256-hmac". INTEG NONE (GCM) is "" since IOS names no
// integrity transform then; KE and ESN read as in Normalized.
func (t Transform) NormalizedESP() string {
	switch t.Type {
	case TransformENCR:
		base := ""
		switch t.ID {
		case 20:
			base = "esp-gcm"
		case 21:
			base = "esp-gmac"
		case 12:
			base = "esp-aes"
		case 3:
			return "esp-3des"
		case 2:
			return "esp-des"
		case 11:
			return "esp-null"
		default:
			return "esp-" + normEncr(t)
		}
		if t.KeyLength != 0 {
			base += "-" + strconv.Itoa(int(t.KeyLength))
		}
		return base
	case TransformINTEG:
		if t.ID == 0 {
			return ""
		}
		if s, ok := integNorm[t.ID]; ok && s != "aes-xcbc" {
			return "esp-" + s + "-hmac"
		}
	}
	return t.Normalized()
}

// DHGroup returns the group number of a KE transform, 0 for other types.
func (t Transform) DHGroup() int {
	if t.Type != TransformKE {
		return 0
	}
	return int(t.ID)
}

// Algorithms is a proposal's transforms by type, normalised (see
// Transform.Normalized), in the order offered.
type Algorithms struct {
	Encryption []string
	PRF        []string
	Integrity  []string
	DHGroups   []int
}

// Algorithms groups the proposal's transforms by type in the IKE spelling.
// For an IKEv1 proposal, whose transforms are alternatives, every
// alternative's algorithms are listed together.
func (p Proposal) Algorithms() Algorithms {
	var a Algorithms
	for _, t := range p.Transforms {
		switch t.Type {
		case TransformENCR:
			a.Encryption = append(a.Encryption, t.Normalized())
		case TransformPRF:
			a.PRF = append(a.PRF, t.Normalized())
		case TransformINTEG:
			a.Integrity = append(a.Integrity, t.Normalized())
		case TransformKE:
			a.DHGroups = append(a.DHGroups, int(t.ID))
		}
	}
	return a
}

func normEncr(t Transform) string {
	k := int(t.KeyLength)
	switch t.ID {
	case 12:
		return parsers.NormalizeEncryption("aes-cbc", k)
	case 20:
		return parsers.NormalizeEncryption("aes-gcm", k)
	case 2:
		return "des"
	case 3:
		return "3des"
	case 11:
		return "null"
	}
	n := lowerName(t)
	n = strings.Replace(n, "aes-gcm-", "aes-gcm", 1) // "aes-gcm-8" -> "aes-gcm8"
	n = strings.Replace(n, "aes-ccm-", "aes-ccm", 1)
	if k > 0 {
		n += "-" + strconv.Itoa(k)
	}
	return n
}

// lowerName turns "ENCR_CHACHA20_POLY1305" into "chacha20-poly1305".
func lowerName(t Transform) string {
	n := TransformName(t.Type, t.ID)
	if i := strings.IndexByte(n, '_'); i >= 0 && !strings.HasPrefix(n, "MODP") && !strings.HasPrefix(n, "ECP") {
		n = n[i+1:]
	}
	return strings.ReplaceAll(strings.ToLower(n), "_", "-")
}

var prfNorm = map[uint16]string{1: "md5", 2: "sha1", 4: "aes-xcbc", 5: "sha256", 6: "sha384", 7: "sha512", 8: "aes-cmac"}

var integNorm = map[uint16]string{0: "none", 1: "md5", 2: "sha1", 5: "aes-xcbc", 12: "sha256", 13: "sha384", 14: "sha512"}
