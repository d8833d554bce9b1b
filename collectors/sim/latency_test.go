package sim

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

func TestParseLatency(t *testing.T) {
	tests := []struct {
		in      string
		want    Latency
		wantErr string
	}{
		{in: "", want: Latency{}},
		{in: "0", want: Latency{}},
		{in: "100ms", want: Latency{Min: 100 * time.Millisecond, Max: 100 * time.Millisecond}},
		{in: "50ms-200ms", want: Latency{Min: 50 * time.Millisecond, Max: 200 * time.Millisecond}},
		{in: " 1s - 2s ", want: Latency{Min: time.Second, Max: 2 * time.Second}},
		{in: "100", wantErr: `"100" is not a duration`},
		{in: "50ms-", wantErr: `"" is not a duration`},
		{in: "200ms-50ms", wantErr: "below the minimum"},
		{in: "-5ms", wantErr: "is not a duration"},
		{in: "2h", wantErr: "more than 1m0s"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseLatency(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseLatency(%q) = %v, %v, want error with %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseLatency(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
			}
			if back, err := ParseLatency(got.String()); err != nil || back != got {
				t.Errorf("ParseLatency(%q.String() = %q) = %v, %v", tt.in, got.String(), back, err)
			}
		})
	}
}

func TestLatencyDraw(t *testing.T) {
	l := Latency{Min: 20 * time.Millisecond, Max: 40 * time.Millisecond}
	for range 1000 {
		if d := l.draw(); d < l.Min || d > l.Max {
			t.Fatalf("draw() = %v, outside %v", d, l)
		}
	}
	if d := (Latency{Min: time.Millisecond}).draw(); d != time.Millisecond {
		t.Errorf("draw() of a fixed latency = %v", d)
	}
}

func TestNewServerRefusesBadLatency(t *testing.T) {
	_, err := NewServer(NewSite(ScenarioStart), "cpe1", ServerOptions{Latency: Latency{Min: time.Second, Max: time.Millisecond}})
	if err == nil || !strings.Contains(err.Error(), "below the minimum") {
		t.Errorf("NewServer with Min > Max = %v", err)
	}
}

// TestServerLatency runs one exec command against a CPE of every dialect
// with 20-40 ms of latency: the answer must take at least 20 ms (an
// unknown command is delayed as much as a known one).
func TestServerLatency(t *testing.T) {
	l := Latency{Min: 20 * time.Millisecond, Max: 40 * time.Millisecond}
	for _, platform := range Platforms {
		t.Run(platform, func(t *testing.T) {
			sc, err := ScenarioFor("healthy", platform)
			if err != nil {
				t.Fatal(err)
			}
			site := sc.Build(ScenarioStart)
			srv := startServer(t, site, site.CPEs[0].Hostname, ServerOptions{Latency: l})
			client, err := ssh.Dial("tcp", srv.Addr(), clientConfig(srv, DefaultUser))
			if err != nil {
				t.Fatal(err)
			}
			defer client.Close()
			sess, err := client.NewSession()
			if err != nil {
				t.Fatal(err)
			}
			t0 := time.Now()
			_, _ = sess.Output("show version")
			if took := time.Since(t0); took < l.Min || took > 5*time.Second {
				t.Errorf("exec show version took %v, want %v or more", took, l.Min)
			}
			if len(srv.Log()) != 1 {
				t.Errorf("Log() = %v, want the one command", srv.Log())
			}
		})
	}
}

// TestServerLatencyShell types two commands in a vty session: each waits
// its own delay.
func TestServerLatencyShell(t *testing.T) {
	l := Latency{Min: 20 * time.Millisecond, Max: 40 * time.Millisecond}
	srv := startServer(t, NewSite(ScenarioStart), "cpe1", ServerOptions{Latency: l})
	tm := login(t, srv) // enable and terminal length: two commands already
	t0 := time.Now()
	tm.run("show clock", "cpe1#")
	tm.run("show clock", "cpe1#")
	if took := time.Since(t0); took < 2*l.Min || took > 5*time.Second {
		t.Errorf("two commands took %v, want %v or more", took, 2*l.Min)
	}
	tm.close()
}

// TestServerCloseDuringLatency: closing the server ends a session waiting
// out a long delay at once, with no goroutine left behind.
func TestServerCloseDuringLatency(t *testing.T) {
	base := runtime.NumGoroutine()
	srv, err := NewServer(NewSite(ScenarioStart), "cpe1", ServerOptions{Latency: Latency{Min: 30 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	client, err := ssh.Dial("tcp", srv.Addr(), clientConfig(srv, DefaultUser))
	if err != nil {
		t.Fatal(err)
	}
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		_, _ = sess.Output("show version")
		close(done)
	}()
	for len(srv.Log()) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	t0 := time.Now()
	if err := srv.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	if took := time.Since(t0); took > 2*time.Second {
		t.Errorf("Close() took %v while a command waited its latency", took)
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the client session did not end when the server closed")
	}
	client.Close()
	noLeak(t, base)
}
