package parsers

import (
	"strconv"
	"strings"
)

// Algorithm names are normalised to one lower-case, dash-separated spelling so
// that a profile written from the activation form ("aes-gcm-256") compares
// equal to what IOS prints in its many dialects:
//
//	show crypto ikev2 sa detail:  "Encr: AES-GCM, keysize: 256"   -> aes-gcm-256
//	show crypto ipsec sa detail:  "transform: esp-gcm 256 ,"       -> esp-gcm-256
//	                              "esp-256-aes esp-sha256-hmac"   -> esp-aes-256, esp-sha256-hmac
//	running-config proposal:      "encryption aes-cbc-256"         -> aes-cbc-256
//	DH group:                     "DH Grp:19", "group19", "19"     -> 19

// NormalizeEncryption returns the canonical IKE encryption name for an IOS
// spelling and an optional key size (0 when the name already carries it).
func NormalizeEncryption(name string, keySize int) string {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.ReplaceAll(n, "_", "-")
	n = strings.ReplaceAll(n, " ", "-")
	switch n {
	case "aes", "aes-cbc":
		n = "aes-cbc"
	case "aes-gcm", "aesgcm":
		n = "aes-gcm"
	case "3des", "des3", "3des-cbc":
		return "3des"
	case "des":
		return "des"
	}
	if keySize > 0 && !strings.HasSuffix(n, "-"+strconv.Itoa(keySize)) {
		n += "-" + strconv.Itoa(keySize)
	}
	if strings.HasPrefix(n, "aes-") && !strings.HasPrefix(n, "aes-cbc") && !strings.HasPrefix(n, "aes-gcm") {
		// "aes-256" as written in some configs means AES-CBC with that key size.
		n = "aes-cbc-" + strings.TrimPrefix(n, "aes-")
	}
	return n
}

// NormalizeHash returns the canonical integrity/PRF name: "sha256", "sha384",
// "sha512", "sha1", "md5", or "none" (GCM has no separate integrity).
func NormalizeHash(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.ReplaceAll(n, "-", "")
	n = strings.ReplaceAll(n, "_", "")
	switch n {
	case "sha", "sha1", "sha96":
		return "sha1"
	case "", "null", "none":
		return "none"
	}
	return n
}

// NormalizeDHGroup returns the DH group number from "19", "group19",
// "group 19", "DH Grp:19" or "Grp19"; 0 when there is none ("none", "").
func NormalizeDHGroup(s string) int {
	s = strings.ToLower(strings.TrimSpace(s))
	i := strings.IndexAny(s, "0123456789")
	if i < 0 {
		return 0
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	n, err := strconv.Atoi(s[i:j])
	if err != nil {
		return 0
	}
	return n
}

// NormalizeTransform returns the canonical IPsec transform list for an IOS
// transform string such as "esp-gcm 256", "esp-256-aes esp-sha256-hmac" or
// "esp-aes 256 esp-sha-hmac". Each element is one transform:
// "esp-gcm-256", "esp-aes-256", "esp-sha256-hmac".
func NormalizeTransform(s string) []string {
	s = strings.ToLower(strings.TrimSpace(strings.Trim(strings.TrimSpace(s), ",")))
	fields := strings.Fields(strings.ReplaceAll(s, ",", " "))
	var out []string
	for _, f := range fields {
		if _, err := strconv.Atoi(f); err == nil && len(out) > 0 {
			// Key size written as a separate word: "esp-gcm 256".
			if !strings.HasSuffix(out[len(out)-1], "-"+f) {
				out[len(out)-1] += "-" + f
			}
			continue
		}
		out = append(out, normalizeOneTransform(f))
	}
	return out
}

func normalizeOneTransform(f string) string {
	switch {
	case f == "esp-gcm" || f == "esp-aes" || f == "esp-gmac":
		return f // key size follows, or the default applies
	case strings.HasPrefix(f, "esp-") && strings.HasSuffix(f, "-aes"):
		// IOS-XE 17 prints the key size first: "esp-256-aes".
		size := strings.TrimSuffix(strings.TrimPrefix(f, "esp-"), "-aes")
		return "esp-aes-" + size
	case f == "esp-sha-hmac":
		return "esp-sha1-hmac"
	}
	return f
}
