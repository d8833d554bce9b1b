package fortios

import (
	"regexp"
	"strings"

	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/fortios/parse"
)

// espKey is a key `diagnose vpn tunnel list` prints after an SA's
// algorithm: "dec: spi=d4fb6a41 esp=aes key=16 a8da...", "ah=sha1 key=20
// 30e8...": the hex after "key=N" is the key.
var espKey = regexp.MustCompile(`((?:^|\s)key=\d+\s+)([0-9A-Fa-f]{8,})`)

// ikeKey is the IKE SA's key `diagnose vpn ike gateway list` prints
// ("key: 35cc029e92fafcd2-1eb88678a2dd3d93") and the SK_* lines some
// releases add ("SK_ei: ...").
var ikeKey = regexp.MustCompile(`^(\s*(?:key|SK_[a-z]{1,3}|sk_[a-z]{1,3}):\s*)([0-9A-Fa-f][0-9A-Fa-f-]*)\s*$`)

// Redact masks every secret FortiOS can print, keeping lines: the secret
// settings and ENC values of configuration (parse.RedactConfig), the ESP
// keys of `diagnose vpn tunnel list` and the IKE keys of `diagnose vpn
// ike gateway list`.
func Redact(text string) string {
	if text == "" {
		return text
	}
	text = parse.RedactConfig(text)
	if !strings.Contains(text, "key") && !strings.Contains(text, "SK_") && !strings.Contains(text, "sk_") {
		return text
	}
	lines := strings.SplitAfter(text, "\n")
	for i, l := range lines {
		body, end := l, ""
		if strings.HasSuffix(body, "\n") {
			body, end = body[:len(body)-1], "\n"
		}
		if strings.HasSuffix(body, "\r") {
			body, end = body[:len(body)-1], "\r"+end
		}
		body = espKey.ReplaceAllString(body, "${1}"+platform.Mask)
		if sub := ikeKey.FindStringSubmatchIndex(body); sub != nil {
			body = body[:sub[4]] + platform.Mask + body[sub[5]:]
		}
		lines[i] = body + end
	}
	return strings.Join(lines, "")
}
