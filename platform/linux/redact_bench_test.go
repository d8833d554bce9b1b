package linux

import (
	"strings"
	"testing"
)

// benchRedactInput is 16 MiB (the --max-output-bytes default) of IOS-style
// configuration, one line in five with a BGP password: what registry's
// union redaction hands the Linux rules for every output of any platform.
func benchRedactInput() string {
	var b strings.Builder
	for b.Len() < 16<<20 {
		b.WriteString("interface GigabitEthernet0/0/1\n description uplink to the provider number 12345\n" +
			" ip address 192.0.2.1 255.255.255.0\n neighbor 100.64.1.1 password 7 0822455D0A16\n!\n")
	}
	return b.String()
}

func BenchmarkRedact16MiB(b *testing.B) {
	in := benchRedactInput()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		Redact(in)
	}
}

// BenchmarkRedact16MiBNoSecret is the common case: an output with none of
// the secret words (a route table) is scanned, not matched line by line.
func BenchmarkRedact16MiBNoSecret(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 16<<20 {
		sb.WriteString("B        203.0.113.0/25 [20/0] via 100.64.1.1, 01:36:41\n")
	}
	in := sb.String()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		Redact(in)
	}
}
