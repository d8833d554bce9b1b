package profile

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

// Algorithm names IOS-XE accepts, in the canonical spelling of package
// parsers. A profile name outside these sets is a typo that would otherwise
// make every proposal check fail against a correct router.
var (
	ikeEncryptions = []string{"aes-gcm-256", "aes-gcm-128", "aes-cbc-256", "aes-cbc-192", "aes-cbc-128", "3des", "des"}
	ikeHashes      = []string{"sha512", "sha384", "sha256", "sha1", "md5"}
	dhGroups       = []int{1, 2, 5, 14, 15, 16, 19, 20, 21, 24}
	ipsecTransform = []string{
		"esp-gcm", "esp-gcm-128", "esp-gcm-192", "esp-gcm-256",
		"esp-gmac", "esp-gmac-128", "esp-gmac-192", "esp-gmac-256",
		"esp-aes", "esp-aes-128", "esp-aes-192", "esp-aes-256", "esp-3des", "esp-des", "esp-null",
		"esp-sha512-hmac", "esp-sha384-hmac", "esp-sha256-hmac", "esp-sha1-hmac", "esp-md5-hmac",
	}
)

// IOS-XE lifetime ranges: crypto ikev2 profile "lifetime" and IPsec
// "set security-association lifetime seconds".
const (
	minLifetime      = 120 * time.Second
	maxIKELifetime   = 86400 * time.Second
	maxIPsecLifetime = 2592000 * time.Second
)

func (v *validator) ike(path string, x *IKEExpect) {
	for i, s := range x.Encryption {
		x.Encryption[i] = parsers.NormalizeEncryption(s, 0)
		v.known(fmt.Sprintf("%s.encryption[%d]", path, i), s, x.Encryption[i], "IKEv2 encryption", ikeEncryptions)
	}
	for i, s := range x.Integrity {
		x.Integrity[i] = parsers.NormalizeHash(s)
		// "none" is how GCM proposals read: AEAD ciphers carry their own integrity.
		v.known(fmt.Sprintf("%s.integrity[%d]", path, i), s, x.Integrity[i], "IKEv2 integrity", append(ikeHashes, "none"))
	}
	for i, s := range x.PRF {
		x.PRF[i] = parsers.NormalizeHash(s)
		v.known(fmt.Sprintf("%s.prf[%d]", path, i), s, x.PRF[i], "IKEv2 PRF", ikeHashes)
	}
	for i, g := range x.DHGroup {
		v.group(fmt.Sprintf("%s.dh_group[%d]", path, i), g)
	}
	v.lifetime(path+".lifetime", x.Lifetime, maxIKELifetime)
}

func (v *validator) ipsec(path string, x *IPsecExpect) {
	// One entry may hold several transforms ("esp-aes 256 esp-sha256-hmac"),
	// so the list is rebuilt flat, each item checked at its written index.
	var flat []string
	for i, s := range x.Transform {
		norm := parsers.NormalizeTransform(s)
		if len(norm) == 0 {
			v.errorf(fmt.Sprintf("%s.transform[%d]", path, i), "empty transform name")
		}
		for _, t := range norm {
			v.known(fmt.Sprintf("%s.transform[%d]", path, i), s, t, "IPsec transform", ipsecTransform)
		}
		flat = append(flat, norm...)
	}
	x.Transform = flat
	if x.PFS != 0 {
		v.group(path+".pfs", x.PFS)
	}
	v.lifetime(path+".lifetime", x.Lifetime, maxIPsecLifetime)
	x.Mode = strings.ToLower(x.Mode)
	if x.Mode != "" && x.Mode != "tunnel" && x.Mode != "transport" {
		v.errorf(path+".mode", "%q is not an IPsec mode (tunnel or transport)", x.Mode)
	}
}

// known reports raw (normalised to norm) unless norm is in set.
func (v *validator) known(path, raw, norm, what string, set []string) {
	if raw == "" {
		v.errorf(path, "empty %s name", what)
		return
	}
	if !slices.Contains(set, norm) {
		v.errorf(path, "%q is not an %s IOS-XE knows (e.g. %s)", raw, what, strings.Join(set[:min(3, len(set))], ", "))
	}
}

func (v *validator) group(path string, g int) {
	if !slices.Contains(dhGroups, g) {
		v.errorf(path, "%d is not a DH group IOS-XE supports (%s)", g, strings.Join(strings.Fields(strings.Trim(fmt.Sprint(dhGroups), "[]")), ", "))
	}
}

func (v *validator) lifetime(path string, d, maxd time.Duration) {
	switch {
	case d == 0:
		// Not given: not checked.
	case d < minLifetime || d > maxd:
		v.errorf(path, "%d seconds is outside what IOS-XE accepts (%d-%d)", int64(d/time.Second),
			int64(minLifetime/time.Second), int64(maxd/time.Second))
	case d%time.Second != 0:
		v.errorf(path, "%v is not a whole number of seconds", d)
	}
}
