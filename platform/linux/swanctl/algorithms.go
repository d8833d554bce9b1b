package swanctl

import (
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// Algorithms is a negotiated algorithm line split into its parts, raw as
// strongSwan names them and normalised to the spelling of package parsers
// (the one IOS-XE outputs and profiles are reduced to).
type Algorithms struct {
	Raw string `json:"raw"` // "AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048"
	// Encryption is "aes-cbc-256", "aes-gcm-256" (16-byte ICV, IOS's
	// aes-gcm), "aes-gcm12-256", "3des", "chacha20-poly1305".
	Encryption string `json:"encryption,omitempty"`
	// Integrity is "sha256", "sha1", ...; "none" with an AEAD cipher.
	Integrity string `json:"integrity,omitempty"`
	PRF       string `json:"prf,omitempty"` // "sha256"; IKE only
	// DHGroup is the IANA group number (MODP_2048 = 14, ECP_256 = 19);
	// 0 when none is printed (a CHILD_SA without PFS).
	DHGroup int  `json:"dh_group,omitempty"`
	ESN     bool `json:"esn,omitempty"`
	// Transform is the ESP transform set in parsers.NormalizeTransform's
	// spelling: [esp-aes-256 esp-sha256-hmac] or [esp-gcm-256]. CHILD_SA
	// only.
	Transform []string `json:"transform,omitempty"`
}

// dhGroups maps strongSwan's diffie_hellman_group_names to IANA numbers.
var dhGroups = map[string]int{
	"MODP_768": 1, "MODP_1024": 2, "MODP_1536": 5, "MODP_2048": 14, "MODP_3072": 15,
	"MODP_4096": 16, "MODP_6144": 17, "MODP_8192": 18, "ECP_256": 19, "ECP_384": 20,
	"ECP_521": 21, "MODP_1024_160": 22, "MODP_2048_224": 23, "MODP_2048_256": 24,
	"ECP_192": 25, "ECP_224": 26, "ECP_224_BP": 27, "ECP_256_BP": 28, "ECP_384_BP": 29,
	"ECP_512_BP": 30, "CURVE_25519": 31, "CURVE_448": 32, "CURVE25519": 31, "CURVE448": 32,
	"ML_KEM_512": 35, "ML_KEM_768": 36, "ML_KEM_1024": 37,
}

// integNames maps strongSwan's integrity algorithm names to parsers'.
var integNames = map[string]string{
	"HMAC_MD5_96": "md5", "HMAC_MD5_128": "md5", "HMAC_SHA1_96": "sha1", "HMAC_SHA1_128": "sha1",
	"HMAC_SHA1_160": "sha1", "HMAC_SHA2_256_96": "sha256", "HMAC_SHA2_256_128": "sha256",
	"HMAC_SHA2_256_256": "sha256", "HMAC_SHA2_384_192": "sha384", "HMAC_SHA2_384_384": "sha384",
	"HMAC_SHA2_512_256": "sha512", "HMAC_SHA2_512_512": "sha512", "AES_XCBC_96": "aes-xcbc",
	"AES_CMAC_96": "aes-cmac", "AES_128_GMAC": "aes-128-gmac", "AES_192_GMAC": "aes-192-gmac",
	"AES_256_GMAC": "aes-256-gmac",
}

// parseAlgorithms splits "ENCR[-KEY]/INTEG[-KEY]/PRF_X/GROUP[/ESN]"; the
// kind of each part is told by its name, since INTEG is absent with AEAD
// ciphers and PRF and GROUP are absent on a CHILD_SA without PFS.
func parseAlgorithms(raw string, esp bool) Algorithms {
	a := Algorithms{Raw: raw}
	encName, encKey := "", 0
	for _, part := range strings.Split(raw, "/") {
		name, key := splitKeySize(part)
		switch {
		case name == "ESN":
			a.ESN = true
		case name == "NO_EXT_SEQ" || name == "":
		case strings.HasPrefix(name, "PRF_"):
			a.PRF = hashName(strings.TrimPrefix(name, "PRF_"))
		case dhGroups[name] != 0:
			a.DHGroup = dhGroups[name]
		case integNames[name] != "":
			a.Integrity = integNames[name]
		case strings.HasPrefix(name, "HMAC_"):
			a.Integrity = hashName(name)
		case a.Encryption == "":
			encName, encKey = name, key
			a.Encryption = normEncryption(name, key)
		}
	}
	if a.Encryption != "" && a.Integrity == "" && isAEAD(encName) {
		a.Integrity = "none"
	}
	if esp && a.Encryption != "" {
		a.Transform = espTransform(encName, encKey, a.Integrity)
	}
	return a
}

// splitKeySize splits "AES_CBC-256" into "AES_CBC", 256.
func splitKeySize(part string) (string, int) {
	i := strings.LastIndexByte(part, '-')
	if i < 0 || !isDigits(part[i+1:]) {
		return part, 0
	}
	n, err := strconv.Atoi(part[i+1:])
	if err != nil || n > 65535 {
		return part, 0
	}
	return part[:i], n
}

// hashName turns "HMAC_SHA2_256" or "SHA2_256" into "sha256".
func hashName(n string) string {
	n = strings.TrimPrefix(n, "HMAC_")
	n = strings.Replace(n, "SHA2_", "SHA", 1)
	if i := strings.IndexByte(n, '_'); i >= 0 && strings.HasPrefix(n, "SHA") {
		n = n[:i] // truncation length: SHA256_128 -> SHA256
	}
	switch n {
	case "AES128_XCBC":
		return "aes-xcbc"
	case "AES128_CMAC":
		return "aes-cmac"
	}
	return parsers.NormalizeHash(n)
}

func isAEAD(name string) bool {
	return strings.HasPrefix(name, "AES_GCM") || strings.HasPrefix(name, "AES_CCM") ||
		strings.HasPrefix(name, "CHACHA20_POLY1305") || strings.HasPrefix(name, "NULL_AES_GMAC") ||
		strings.HasPrefix(name, "CAMELLIA_CCM")
}

func normEncryption(name string, key int) string {
	switch name {
	case "AES_CBC":
		return parsers.NormalizeEncryption("aes-cbc", key)
	case "AES_GCM_16":
		return parsers.NormalizeEncryption("aes-gcm", key)
	case "3DES_CBC", "3DES":
		return "3des"
	case "DES_CBC", "DES":
		return "des"
	case "NULL":
		return "null"
	}
	n := strings.ToLower(name)
	n = strings.Replace(n, "aes_gcm_", "aes-gcm", 1) // AES_GCM_12 -> aes-gcm12
	n = strings.Replace(n, "aes_ccm_", "aes-ccm", 1)
	n = strings.ReplaceAll(n, "_", "-")
	if key > 0 {
		n += "-" + strconv.Itoa(key)
	}
	return n
}

// espTransform builds the IOS-style transform set for an ESP proposal.
func espTransform(encName string, key int, integ string) []string {
	var enc string
	switch encName {
	case "AES_CBC":
		enc = "esp-aes"
	case "AES_GCM_16":
		enc = "esp-gcm"
	case "NULL_AES_GMAC":
		enc = "esp-gmac"
	case "3DES_CBC":
		return appendInteg([]string{"esp-3des"}, integ)
	case "NULL":
		return appendInteg([]string{"esp-null"}, integ)
	default:
		enc = "esp-" + normEncryption(encName, 0)
	}
	if key > 0 {
		enc += "-" + strconv.Itoa(key)
	}
	return appendInteg([]string{enc}, integ)
}

func appendInteg(t []string, integ string) []string {
	switch integ {
	case "", "none":
		return t
	case "aes-xcbc", "aes-cmac":
		return append(t, "esp-"+integ)
	}
	return append(t, "esp-"+integ+"-hmac")
}
