package swanctl

import (
	"fmt"
	"strings"
	"testing"
)

// bigListSAs generates n IKE_SAs with two CHILD_SAs each, in the format of
// strongSwan 5.9.
func bigListSAs(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "peer-%d: #%d, ESTABLISHED, IKEv2, %016x_i* %016x_r\n", i, i+1, i+1, i+7)
		fmt.Fprintf(&b, "  local  'cpe.example' @ 198.51.100.1[4500]\n  remote 'peer-%d.example' @ 203.0.113.%d[4500]\n", i, i%250+1)
		b.WriteString("  AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048\n  established 98s ago, rekeying in 12963s\n")
		for c := 0; c < 2; c++ {
			fmt.Fprintf(&b, "  peer-%d-child: #%d, reqid %d, INSTALLED, TUNNEL-in-UDP, ESP:AES_GCM_16-256\n", i, 2*i+c+1, i+1)
			b.WriteString("    installed 98s ago, rekeying in 3261s, expires in 3862s\n")
			fmt.Fprintf(&b, "    in  %08x,  83666 bytes,   101 packets,     0s ago\n    out %08x,  84029 bytes,   107 packets,     0s ago\n", 2*i+c, 2*i+c+1)
			b.WriteString("    local  198.51.100.1/32[gre]\n    remote 203.0.113.1/32[gre]\n")
		}
	}
	return b.String()
}

func BenchmarkParseListSAs(b *testing.B) {
	in := bigListSAs(2000)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := ParseListSAs(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseListConns(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&sb, "vc-%d: IKEv2, no reauthentication, rekeying every 14400s, dpd delay 10s\n  local:  198.51.100.1\n  remote: 203.0.113.%d\n", i, i%250+1)
		sb.WriteString("  local pre-shared key authentication:\n    id: cpe.example\n  remote pre-shared key authentication:\n    id: dc.example\n")
		fmt.Fprintf(&sb, "  vc-%d-child: TUNNEL, rekeying every 3600s, dpd action is start\n    local:  198.51.100.1/32[gre]\n    remote: 203.0.113.1/32[gre]\n", i)
	}
	in := sb.String()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := ParseListConns(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseVersion(b *testing.B) {
	in := "charon-systemd 5.9.8 (Linux, 6.1.0-18-amd64, x86_64)\n"
	for b.Loop() {
		if _, err := ParseVersion(in); err != nil {
			b.Fatal(err)
		}
	}
}
