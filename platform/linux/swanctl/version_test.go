package swanctl

import (
	"testing"

	"github.com/vcdiag/vcdiag/platform/internal/corpustest"
)

func TestParseVersion(t *testing.T) {
	tests := []struct {
		file                            string
		version, program, sys, rel, mch string
	}{
		{"version/swanctl.txt", "5.9.8", "swanctl", "", "", ""},
		{"version/daemon.txt", "5.9.8", "charon-systemd", "Linux", "6.1.0-18-amd64", "x86_64"},
		{"version/daemon-old.txt", "5.9.8", "charon", "Linux", "6.1.0-18-amd64", "x86_64"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			v, err := ParseVersion(corpustest.Fixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if v.Version != tt.version || v.Program != tt.program || v.Sysname != tt.sys || v.Release != tt.rel || v.Machine != tt.mch || v.Span.Start != 1 {
				t.Errorf("ParseVersion = %+v", v)
			}
		})
	}
	for _, in := range []string{"", "swanctl: command not found\n", "strongSwan\n", "\x00\x01", "vc-a: IKEv2, no reauthentication\n"} {
		if _, err := ParseVersion(in); err == nil {
			t.Errorf("ParseVersion(%q) succeeded, want error", in)
		} else {
			corpustest.WantParseError(t, err)
		}
	}
}
