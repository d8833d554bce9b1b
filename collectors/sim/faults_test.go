package sim

import (
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/ssh"

	"github.com/vcdiag/vcdiag/parsers/iosxe"
)

func TestFaultByName(t *testing.T) {
	for _, name := range FaultNames() {
		f, err := FaultByName(name)
		if err != nil || f == (DeviceFaults{}) {
			t.Errorf("FaultByName(%q) = %+v, %v, want a fault", name, f, err)
		}
		if FaultDescription(name) == "" {
			t.Errorf("FaultDescription(%q) is empty", name)
		}
	}
	if f, err := FaultByName(""); err != nil || f != (DeviceFaults{}) {
		t.Errorf(`FaultByName("") = %+v, %v, want no fault`, f, err)
	}
	if _, err := FaultByName("flaky"); err == nil || !strings.Contains(err.Error(), "slow-device") {
		t.Errorf(`FaultByName("flaky") = %v, want an error listing the faults`, err)
	}
	want := []string{"ssh-auth-failure", "slow-device", "disconnect-midway", "ignores-terminal-length", "old-release", "hang-after-connect"}
	if diff := cmp.Diff(want, FaultNames()); diff != "" {
		t.Errorf("FaultNames() (-want +got):\n%s", diff)
	}
	m := DeviceFaults{OldRelease: true}.Merge(DeviceFaults{SlowPerCommand: time.Second})
	if !m.OldRelease || m.SlowPerCommand != time.Second {
		t.Errorf("Merge = %+v", m)
	}
}

// TestFaultsDocumented: every fault is in docs/scenarios.md.
func TestFaultsDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "scenarios.md"))
	if err != nil {
		t.Skipf("docs/scenarios.md: %v", err)
	}
	for _, name := range FaultNames() {
		if !strings.Contains(string(doc), "`"+name+"`") {
			t.Errorf("docs/scenarios.md does not document device fault %q", name)
		}
	}
}

func TestFaultAuthFailure(t *testing.T) {
	srv := startServer(t, NewSite(ScenarioStart), "cpe1", ServerOptions{Faults: DeviceFaults{AuthFailure: true}})
	_, err := ssh.Dial("tcp", srv.Addr(), clientConfig(srv, DefaultUser))
	if err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Errorf("ssh.Dial with the right password = %v, want an authentication failure", err)
	}
}

func TestFaultSlowDevice(t *testing.T) {
	const delay = 300 * time.Millisecond
	srv := startServer(t, NewSite(ScenarioStart), "cpe1", ServerOptions{Faults: DeviceFaults{SlowPerCommand: delay}})
	tm := login(t, srv)
	start := time.Now()
	tm.run("show version", "cpe1#")
	if d := time.Since(start); d < delay {
		t.Errorf("show version took %v, want at least %v", d, delay)
	}
	// The echo comes at once: only the output waits.
	start = time.Now()
	tm.send("show ip bgp summary")
	tm.until("summary")
	if d := time.Since(start); d >= delay {
		t.Errorf("echo took %v", d)
	}
	tm.send("\r")
	tm.until("cpe1#")
}

func TestFaultDisconnectMidway(t *testing.T) {
	srv := startServer(t, NewSite(ScenarioStart), "cpe1", ServerOptions{Faults: DeviceFaults{DisconnectAfter: 4}})
	tm := login(t, srv) // enable, terminal length 0
	tm.run("show version", "cpe1#")
	tm.run("show ip bgp summary", "cpe1#")
	tm.send("show crypto ikev2 sa detail\r")
	rest := tm.waitEOF()
	if strings.Contains(rest, "IKEv2 SA") {
		t.Errorf("output after the drop: %q", rest)
	}
	log := srv.Log()
	if len(log) != 5 || log[4].Command != "show crypto ikev2 sa detail" {
		t.Errorf("Log() = %v, want 5 entries ending with the command that was cut", log)
	}
}

func TestFaultIgnoresTerminalLength(t *testing.T) {
	srv := startServer(t, NewSite(ScenarioStart), "cpe1", ServerOptions{Faults: DeviceFaults{IgnoresTerminalLength: true}})
	tm := login(t, srv) // sent terminal length 0, accepted
	tm.send("show running-config\r")
	page := tm.until(morePrompt)
	if n := strings.Count(page, "\r\n"); n != pagerStuckLength {
		t.Errorf("first page has %d line ends, want %d", n, pagerStuckLength)
	}
	tm.send("q")
	tm.until("cpe1#")
}

func TestFaultOldRelease(t *testing.T) {
	site := NewSite(ScenarioStart)
	srv := startServer(t, site, "cpe1", ServerOptions{Faults: DeviceFaults{OldRelease: true}})
	tm := login(t, srv)
	tests := []struct{ cmd, want string }{
		{"show crypto session detail", strings.Repeat(" ", len("cpe1#show crypto session ")) + "^\n" + InvalidInputText + "\n\n"},
		{"show bgp ipv4 unicast summary", strings.Repeat(" ", len("cpe1#show ")) + "^\n" + InvalidInputText + "\n\n"},
	}
	for _, tc := range tests {
		if got := tm.run(tc.cmd, "cpe1#"); got != tc.want {
			t.Errorf("%q = %q, want %q", tc.cmd, got, tc.want)
		}
	}
	out := tm.run("show version", "cpe1#")
	v, err := iosxe.ParseVersion(out)
	if err != nil {
		t.Fatalf("ParseVersion(old show version) = %v", err)
	}
	if v.Version != "16.09.08" || v.Platform != "CSR1000V" {
		t.Errorf("old release: version %q on %q, want 16.09.08 on CSR1000V", v.Version, v.Platform)
	}
	// Everything else still works.
	want, _ := site.Render("cpe1", "show crypto session", ScenarioStart)
	if got := tm.run("show crypto session", "cpe1#"); got != want {
		t.Errorf("show crypto session differs:\n%s", cmp.Diff(want, got))
	}
}

func TestFaultHangAfterConnect(t *testing.T) {
	base := runtime.NumGoroutine()
	srv := startServer(t, NewSite(ScenarioStart), "cpe1", ServerOptions{Faults: DeviceFaults{HangAfterConnect: true}})
	nc, err := net.Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	_ = nc.SetDeadline(time.Now().Add(300 * time.Millisecond))
	_, _ = io.WriteString(nc, "SSH-2.0-Go\r\n")
	buf := make([]byte, 64)
	n, err := nc.Read(buf)
	if ne, ok := err.(net.Error); n != 0 || !ok || !ne.Timeout() {
		t.Errorf("read from a hanging server = %d bytes %q, %v; want a timeout and nothing", n, buf[:n], err)
	}
	// A client with a deadline gives up; the server keeps nothing once closed.
	nc2, err := net.Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	_ = nc2.SetDeadline(time.Now().Add(200 * time.Millisecond))
	if _, _, _, err := ssh.NewClientConn(nc2, srv.Addr(), clientConfig(srv, DefaultUser)); err == nil {
		t.Error("SSH handshake with a hanging server succeeded")
	}
	nc2.Close()
	srv.Close()
	nc.Close()
	noLeak(t, base)
}

func TestWriteLogSummary(t *testing.T) {
	log := []LoggedCommand{{Command: "enable"}, {Command: "show version"}, {Command: "show ip bgp summary"}, {Command: "show version"}}
	var b strings.Builder
	if err := WriteLogSummary(&b, "cpe1", log); err != nil {
		t.Fatal(err)
	}
	want := "cpe1: 4 command(s) received\n     2  show version\n     1  enable\n     1  show ip bgp summary\n"
	if b.String() != want {
		t.Errorf("WriteLogSummary = %q, want %q", b.String(), want)
	}
}
