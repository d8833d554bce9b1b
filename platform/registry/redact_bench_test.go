package registry

import (
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/platform"
)

// benchInputs are 16 MiB (the --max-output-bytes default) of what the
// union redaction is handed for every output: an IOS configuration with a
// secret in one line of five, a route table with no secret word, and the
// worst case, every platform's secret forms in turn.
func benchInputs() map[string]string {
	var cfg, routes, mixed strings.Builder
	for cfg.Len() < 16<<20 {
		cfg.WriteString("interface GigabitEthernet0/0/1\n description uplink to the provider number 12345\n" +
			" ip address 192.0.2.1 255.255.255.0\n neighbor 100.64.1.1 password 7 0822455D0A16\n!\n")
	}
	for routes.Len() < 16<<20 {
		routes.WriteString("B        203.0.113.0/25 [20/0] via 100.64.1.1, 01:36:41\n")
	}
	for mixed.Len() < 16<<20 {
		mixed.WriteString("    authentication-key \"$9$dkb2aZjHmfz\"; ## SECRET-DATA\n" +
			"        set psksecret ENC KsbHuX9dA6Kj3hJ2\n" +
			"<pre-shared-key><key>-AQ==Xh3v9k2L0pZ=</key></pre-shared-key>\n" +
			" crypto ikev2 keyring KR\n  pre-shared-key local 6 ABCDEF\n")
	}
	return map[string]string{"config": cfg.String(), "routes": routes.String(), "every-platform-secrets": mixed.String()}
}

// BenchmarkRedactOutput16MiB is registry.RedactOutput (every platform's
// rules) and, per platform, its own rules alone, over each input: the
// union's cost is the sum, so no platform's rules may scan line by line
// with regular expressions when a line holds none of its secret words.
func BenchmarkRedactOutput16MiB(b *testing.B) {
	for name, in := range benchInputs() {
		b.Run("union/"+name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				RedactOutput("show running-config", in)
			}
		})
		for _, pn := range Names() {
			p := platforms[pn]
			b.Run(pn+"/"+name, func(b *testing.B) {
				b.SetBytes(int64(len(in)))
				b.ReportAllocs()
				for b.Loop() {
					OutputFor(p, "show running-config", in)
				}
			})
		}
	}
}

var _ platform.Platform = platforms[Default]
