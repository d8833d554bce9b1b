package registry

import "testing"

// TestUnionKeepsOneMask: a secret one platform masked is not masked again
// by another's rules (PAN-OS masks "(redacted)" to keep XML well formed,
// the others "<redacted>"), so the union of every platform's redaction is
// stable: redacting twice changes nothing.
func TestUnionKeepsOneMask(t *testing.T) {
	for in, want := range map[string]string{
		"set protocols bgp group DI authentication-key s3cr3t": "set protocols bgp group DI authentication-key <redacted>",
		"set psksecret ENC AbCdEf123":                          "set psksecret ENC <redacted>",
		"username bob privilege 15 secret 0 hunter2":           "username bob privilege 15 secret 0 <redacted>",
	} {
		got := RedactConfigCommand(in)
		if got != want {
			t.Errorf("RedactConfigCommand(%q) = %q, want %q", in, got, want)
		}
		if again := RedactConfigCommand(got); again != got {
			t.Errorf("redacting %q again gives %q", got, again)
		}
	}
}
