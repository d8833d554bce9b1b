package parsers

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNormalizeEncryption(t *testing.T) {
	tests := []struct {
		name string
		size int
		want string
	}{
		{"AES-GCM", 256, "aes-gcm-256"},
		{"AES-CBC", 256, "aes-cbc-256"},
		{"aes-gcm-256", 0, "aes-gcm-256"},
		{"aes-cbc-128", 0, "aes-cbc-128"},
		{"aes-256", 0, "aes-cbc-256"},
		{"3DES", 0, "3des"},
	}
	for _, tt := range tests {
		if got := NormalizeEncryption(tt.name, tt.size); got != tt.want {
			t.Errorf("NormalizeEncryption(%q, %d) = %q, want %q", tt.name, tt.size, got, tt.want)
		}
	}
}

func TestNormalizeTransform(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"esp-gcm 256 ,", []string{"esp-gcm-256"}},
		{"esp-256-aes esp-sha256-hmac ,", []string{"esp-aes-256", "esp-sha256-hmac"}},
		{"esp-aes 256 esp-sha-hmac", []string{"esp-aes-256", "esp-sha1-hmac"}},
		{"esp-gcm-256", []string{"esp-gcm-256"}},
	}
	for _, tt := range tests {
		if got := NormalizeTransform(tt.in); !cmp.Equal(got, tt.want) {
			t.Errorf("NormalizeTransform(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeDHGroup(t *testing.T) {
	for in, want := range map[string]int{"19": 19, "group19": 19, "group 20": 20, "DH Grp:14": 14, "none": 0, "": 0} {
		if got := NormalizeDHGroup(in); got != want {
			t.Errorf("NormalizeDHGroup(%q) = %d, want %d", in, got, want)
		}
	}
}
