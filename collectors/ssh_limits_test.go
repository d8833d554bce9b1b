package collectors

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestLimitsWithDefaults(t *testing.T) {
	got := Limits{MaxPages: 7, MaxLineBytes: -1}.WithDefaults()
	want := Limits{MaxOutputBytes: DefaultMaxOutputBytes, MaxLineBytes: DefaultMaxLineBytes,
		MaxSessionBytes: DefaultMaxSessionBytes, MaxLoginBytes: DefaultMaxLoginBytes, MaxPages: 7}
	if got != want {
		t.Errorf("WithDefaults() = %+v, want %+v", got, want)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{16 << 20: "16 MiB", 64 << 10: "64 KiB", 1536 << 10: "1536 KiB", 1000: "1000 bytes", 1<<20 + 1: "1048577 bytes"} {
		if got := size(n); got != want {
			t.Errorf("size(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestMeter: each phase has its budget (the login MaxLoginBytes, each
// command MaxOutputBytes), the session MaxSessionBytes in all; the read
// that crosses one is cut at it, and every read after it fails with the
// limit's error.
func TestMeter(t *testing.T) {
	type step struct {
		begin string // start this command's phase first ("": none)
		n     int    // bytes read
		keep  int    // bytes delivered
		err   string // in the error, "" for none
	}
	host := "cpe1 (192.0.2.10:22)"
	tests := []struct {
		name   string
		limits Limits
		steps  []step
	}{
		{"login", Limits{MaxLoginBytes: 100}, []step{
			{n: 60, keep: 60}, {n: 60, keep: 40, err: host + ": more than 100 bytes before the first prompt (--max-login-bytes)"},
			{n: 10, keep: 0, err: "--max-login-bytes"},
			{begin: "show version", n: 10, keep: 0, err: "--max-login-bytes"},
		}},
		{"one output", Limits{MaxLoginBytes: 100, MaxOutputBytes: 1 << 10}, []step{
			{n: 100, keep: 100},
			{begin: "show version", n: 1000, keep: 1000},
			{begin: "show running-config", n: 1000, keep: 1000},
			{n: 100, keep: 24, err: "show running-config on " + host + ": output exceeds 1 KiB (--max-output-bytes)"},
		}},
		{"the session", Limits{MaxOutputBytes: 1 << 10, MaxSessionBytes: 2500}, []step{
			{n: 100, keep: 100},
			{begin: "show version", n: 1000, keep: 1000},
			{begin: "show running-config", n: 1000, keep: 1000},
			{begin: "show ip bgp summary", n: 1000, keep: 400,
				err: "show ip bgp summary on " + host + ": the session's output exceeds 2500 bytes in all (--max-session-bytes)"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMeter(tt.limits, host)
			for i, s := range tt.steps {
				if s.begin != "" {
					m.begin(s.begin)
				}
				keep, err := m.add(s.n)
				if keep != s.keep || (err == nil) != (s.err == "") || err != nil && !strings.Contains(err.Error(), s.err) {
					t.Errorf("step %d: add(%d) = %d, %v; want %d, %q", i, s.n, keep, err, s.keep, s.err)
				}
				if err != nil && (!errors.Is(err, ErrLimit) || !errors.Is(err, ErrSessionLost)) {
					t.Errorf("step %d: %v does not wrap ErrLimit and ErrSessionLost", i, err)
				}
				if err != nil && m.wait() != err {
					t.Errorf("step %d: wait() = %v, want the limit's error", i, m.wait())
				}
			}
		})
	}
}

// TestMeterGate: between two commands a read waits, until the next
// command or the close.
func TestMeterGate(t *testing.T) {
	m := newMeter(Limits{}, "cpe1")
	if err := m.wait(); err != nil {
		t.Fatalf("wait() in the login = %v, want nil", err)
	}
	m.end()
	waited := make(chan error)
	go func() { waited <- m.wait() }()
	select {
	case err := <-waited:
		t.Fatalf("wait() between commands returned %v at once, want it to wait", err)
	case <-time.After(50 * time.Millisecond):
	}
	m.begin("show version")
	if err := <-waited; err != nil {
		t.Fatalf("wait() after begin = %v, want nil", err)
	}
	m.end()
	go func() { waited <- m.wait() }()
	m.close()
	if err := <-waited; err != io.EOF {
		t.Errorf("wait() after close = %v, want io.EOF", err)
	}
}

// TestReaderLines: the reader keeps complete lines apart from the last
// one, and cuts a line longer than its limit.
func TestReaderLines(t *testing.T) {
	s := &sshSession{t: target{name: "cpe1", host: "192.0.2.10", port: 22}}
	r := s.newReader(8, true)
	for _, chunk := range []string{"ab", "c\nde", "f\n", "cpe1#"} {
		if err := r.add([]byte(chunk), "show x"); err != nil {
			t.Fatalf("add(%q) = %v", chunk, err)
		}
	}
	if got := string(bytes.Join(r.pieces, nil)); got != "abc\ndef\n" || string(r.line) != "cpe1#" {
		t.Errorf("lines %q, last %q; want %q, %q", got, r.line, "abc\ndef\n", "cpe1#")
	}
	err := r.add([]byte("123\n123456789"), "show x")
	want := "show x on cpe1 (192.0.2.10:22): a line exceeds 8 bytes (--max-line-bytes)"
	if err == nil || err.Error() != want {
		t.Fatalf("add of a 9-byte line = %v, want %s", err, want)
	}
	r.cut()
	if got := r.text(nil); got != "abc\ndef\ncpe1#123\n12345678\n" {
		t.Errorf("after the cut: %q, want what was received up to the limit", got)
	}
}

func TestSearchTail(t *testing.T) {
	tests := []struct {
		rb    string
		depth int
		want  string
	}{
		{"short", 10, "short"},
		{"0123456789abc", 5, "89abc"},
		{"01234\n6789abc", 10, "\n6789abc"},
		{"0123\n56789\nbc", 10, "\n56789\nbc"},
	}
	for _, tt := range tests {
		if got := string(searchTail([]byte(tt.rb), tt.depth)); got != tt.want {
			t.Errorf("searchTail(%q, %d) = %q, want %q", tt.rb, tt.depth, got, tt.want)
		}
	}
}
