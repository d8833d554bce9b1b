package fortios

import (
	"testing"

	"github.com/vcdiag/vcdiag/platform/fortios/parse"
)

func TestIKEAlgorithms(t *testing.T) {
	tests := []struct {
		name                string
		enc, integ, prf     string
		version             int
		wantEnc, wantPRF, w string
	}{
		{"ikev2 cbc: the hash is integrity and prf", "aes256", "sha256", "", 2, "aes-cbc-256", "sha256", "sha256"},
		{"ikev2 cbc 128 sha1", "aes128", "sha1", "", 2, "aes-cbc-128", "sha1", "sha1"},
		{"ikev1 has no negotiated prf", "aes128", "sha256", "", 1, "aes-cbc-128", "", "sha256"},
		{"ikev2 gcm: the second word is the prf", "aes256gcm", "prfsha384", "", 2, "aes-gcm-256", "sha384", "none"},
		{"ikev2 gcm 128", "aes128gcm", "prfsha256", "", 2, "aes-gcm-128", "sha256", "none"},
		{"ikev2 gcm printed alone: prf unknown", "aes256gcm", "", "", 2, "aes-gcm-256", "", "none"},
		{"3des", "3des", "sha1", "", 2, "3des", "sha1", "sha1"},
		{"a printed prf wins", "aes256", "sha256", "sha512", 2, "aes-cbc-256", "sha512", "sha256"},
		{"nothing printed", "", "", "", 2, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc, prf, integ := ikeAlgorithms(parse.IKESA{Encryption: tt.enc, Integrity: tt.integ, PRF: tt.prf}, tt.version)
			if enc != tt.wantEnc || prf != tt.wantPRF || integ != tt.w {
				t.Errorf("ikeAlgorithms(%q-%q, v%d) = %q, %q, %q; want %q, %q, %q", tt.enc, tt.integ, tt.version, enc, prf, integ, tt.wantEnc, tt.wantPRF, tt.w)
			}
		})
	}
}

func TestTunnelAddress(t *testing.T) {
	tests := []struct {
		name        string
		line        string
		want        string
		maskUnknown bool
	}{
		{"tunnel /32 without remote-ip: mask unknown", "name: vc-dca   ip: 100.64.1.2 255.255.255.255   status: up    type: tunnel", "100.64.1.2/32", true},
		{"tunnel /32 with remote-ip mask", "name: vc-dca   ip: 100.64.1.2 255.255.255.255   status: up    type: tunnel   remote-ip: 100.64.1.1 255.255.255.252", "100.64.1.2/30", false},
		{"tunnel /32 with remote-ip prefix", "name: vc-dca   ip: 100.64.1.2 255.255.255.255   status: up    type: tunnel   remote-ip: 100.64.1.1/30", "100.64.1.2/30", false},
		{"tunnel with its own /30", "name: vc-dca   ip: 100.64.1.2 255.255.255.252   status: up    type: tunnel", "100.64.1.2/30", false},
		{"physical /32 is a /32", "name: lo1   ip: 10.0.0.1 255.255.255.255   status: up    type: physical", "10.0.0.1/32", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ifs, err := parse.ParseInterfaces("== [ x ]\n" + tt.line + "\n")
			if err != nil || len(ifs) != 1 {
				t.Fatalf("ParseInterfaces: %v %+v", err, ifs)
			}
			p, unknown := tunnelAddress(ifs[0])
			if p.String() != tt.want || unknown != tt.maskUnknown {
				t.Errorf("tunnelAddress(%q) = %v, %v; want %s, %v", tt.line, p, unknown, tt.want, tt.maskUnknown)
			}
		})
	}
}
