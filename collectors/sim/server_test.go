package sim

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/ssh"
)

// TestServerRendersScenarios runs every command vcdiag reads, on every
// CPE of every scenario, over a real SSH session, and wants exactly what
// Site.Render gives at the same time.
func TestServerRendersScenarios(t *testing.T) {
	for _, sc := range Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			site := sc.Build(ScenarioStart)
			ss, err := StartSite(context.Background(), site, ServerOptions{Clock: fixedClock})
			if err != nil {
				t.Fatalf("StartSite() = %v", err)
			}
			defer ss.Close()
			for _, srv := range ss.Servers {
				tm := login(t, srv)
				cpe := site.CPE(srv.CPE())
				for _, cmd := range DefaultCommands(site, cpe) {
					want, err := site.Render(cpe.Hostname, cmd, ScenarioStart)
					if err != nil {
						t.Fatalf("Render(%q) = %v", cmd, err)
					}
					if got := tm.run(cmd, cpe.Hostname+"#"); got != want {
						t.Errorf("%s %q over SSH differs from Render (-want +got):\n%s", cpe.Hostname, cmd, cmp.Diff(want, got))
					}
				}
				tm.close()
			}
		})
	}
}

// TestServerTimeAdvances: renderings use Start plus the time since the
// server started.
func TestServerTimeAdvances(t *testing.T) {
	now := fixedClock()
	clock := func() time.Time { return now }
	site := NewSite(ScenarioStart)
	srv := startServer(t, site, "cpe1", ServerOptions{Clock: clock})
	tm := login(t, srv)
	now = now.Add(90 * time.Second)
	got := tm.run("show crypto ikev2 sa detail", "cpe1#")
	want, _ := site.Render("cpe1", "show crypto ikev2 sa detail", ScenarioStart.Add(90*time.Second))
	if got != want {
		t.Errorf("output 90 s after start differs from Render at Start+90s:\n%s", cmp.Diff(want, got))
	}
}

func TestServerCLI(t *testing.T) {
	site := NewSite(ScenarioStart)
	srv := startServer(t, site, "cpe1", ServerOptions{})
	tm := openTerm(t, srv)
	tm.until("\r\ncpe1>")
	tests := []struct {
		name, cmd, prompt, want string
	}{
		{"privileged command at >", "show running-config", "cpe1>",
			"          ^\n" + InvalidInputText + "\n\n"},
		{"abbreviated privileged command", "sh run", "cpe1>",
			"        ^\n" + InvalidInputText + "\n\n"},
		{"unknown command", "configure terminal", "cpe1>",
			"     ^\n" + InvalidInputText + "\n\n"},
		{"bad keyword", "show ip bgp summry", "cpe1>",
			"                 ^\n" + InvalidInputText + "\n\n"},
		{"unknown interface", "show interfaces Tunnel9", "cpe1>",
			"                     ^\n" + InvalidInputText + "\n\n"},
		{"incomplete", "show crypto", "cpe1>", "% Incomplete command.\n\n"},
		{"terminal length out of range", "terminal length 1000", "cpe1>",
			"                     ^\n" + InvalidInputText + "\n\n"},
		{"terminal width", "terminal width 512", "cpe1>", ""},
		{"terminal no monitor", "terminal no monitor", "cpe1>", ""},
		{"filter count", "show version | count Version", "cpe1>", "Number of lines which match regexp = 5\n"},
		{"bad filter", "show version | grep x", "cpe1>",
			"                    ^\n" + InvalidInputText + "\n\n"},
		{"write is refused", "write memory", "cpe1>",
			"     ^\n" + InvalidInputText + "\n\n"},
		{"reload is refused", "reload", "cpe1>",
			"     ^\n" + InvalidInputText + "\n\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tm.run(tc.cmd, tc.prompt); got != tc.want {
				t.Errorf("%q = %q, want %q", tc.cmd, got, tc.want)
			}
		})
	}
}

func TestServerFilterMatchesRender(t *testing.T) {
	site := NewSite(ScenarioStart)
	srv := startServer(t, site, "cpe1", ServerOptions{})
	tm := login(t, srv)
	full, _ := site.Render("cpe1", "show ip bgp summary", ScenarioStart)
	var want strings.Builder
	for _, l := range strings.SplitAfter(full, "\n") {
		if strings.HasPrefix(l, "100.64.") {
			want.WriteString(l)
		}
	}
	if got := tm.run("show ip bgp summary | include ^100\\.64", "cpe1#"); got != want.String() || got == "" {
		t.Errorf("include ^100\\.64 = %q, want %q", got, want.String())
	}
	got := tm.run("show running-config | section interface Tunnel", "cpe1#")
	if !strings.HasPrefix(got, "interface Tunnel1\n") || !strings.Contains(got, " tunnel destination 198.51.100.2\n") ||
		strings.Contains(got, "router bgp") {
		t.Errorf("section interface Tunnel = %q", got)
	}
}

func TestServerEnable(t *testing.T) {
	site := NewSite(ScenarioStart)
	srv := startServer(t, site, "cpe1", ServerOptions{EnableSecret: "s3cret"})
	tm := openTerm(t, srv)
	tm.until("\r\ncpe1>")
	tm.send("enable\r")
	tm.until("Password: ")
	tm.send("wrong\r")
	tm.until("\r\nPassword: ")
	tm.send("wrong\r\n")
	tm.until("\r\nPassword: ")
	tm.send("wrong\n")
	if got := tm.until("cpe1>"); got != "\r\n% Bad secrets\r\n\r\ncpe1>" {
		t.Errorf("after three wrong secrets: %q", got)
	}
	tm.send("en\r")
	tm.until("Password: ")
	tm.send("s3cret\r")
	tm.until("\r\ncpe1#")
	if got := tm.run("disable", "cpe1>"); got != "" {
		t.Errorf("disable = %q", got)
	}
	tm.send("exit\r")
	tm.waitEOF()
	var cmds []string
	for _, e := range srv.Log() {
		cmds = append(cmds, e.Command)
		if e.User != DefaultUser {
			t.Errorf("logged user %q, want %q", e.User, DefaultUser)
		}
	}
	want := []string{"enable", "en", "disable", "exit"}
	if diff := cmp.Diff(want, cmds); diff != "" {
		t.Errorf("Log() commands (-want +got):\n%s", diff)
	}
	for _, e := range srv.Log() {
		if strings.Contains(e.Command, "s3cret") || strings.Contains(e.Command, "wrong") {
			t.Errorf("the enable secret was logged: %q", e.Command)
		}
	}
}

func TestServerLineEditing(t *testing.T) {
	srv := startServer(t, NewSite(ScenarioStart), "cpe1", ServerOptions{})
	tm := openTerm(t, srv)
	tm.until("\r\ncpe1>")
	tm.run("terminal length 0", "cpe1>")
	// Backspace, an arrow key and Ctrl-U, then a command split over writes.
	tm.send("show verx\x7fsion\x1b[A")
	tm.send("\r")
	out := tm.until("\r\ncpe1>")
	if !strings.Contains(out, "Cisco IOS XE Software, Version 17.09.04a") {
		t.Errorf("edited line did not run show version: %q", out)
	}
	tm.send("garbage\x15show clock\x15\r")
	tm.until("\r\ncpe1>")
	tm.send("\r\r\n\n")
	tm.until("\r\ncpe1>\r\ncpe1>\r\ncpe1>")
	log := srv.Log()
	if len(log) != 2 || log[1].Command != "show version" {
		t.Errorf("Log() = %v, want only show version (blank lines are not logged)", log)
	}
}

func TestServerPaging(t *testing.T) {
	srv := startServer(t, NewSite(ScenarioStart), "cpe1", ServerOptions{})
	tm := login(t, srv)
	tm.run("terminal length 24", "cpe1#")
	tm.send("show running-config\r")
	page := tm.until(morePrompt)
	if n := strings.Count(page, "\r\n"); n != 24 { // the echo's line end and 23 lines
		t.Errorf("first page has %d line ends, want 24 (echo + 23 lines): %q", n, page)
	}
	tm.send(" ")
	page = tm.until(morePrompt)
	if !strings.HasPrefix(page, moreErase) || strings.Count(page, "\r\n") != 23 {
		t.Errorf("space: want the erase and 23 lines, got %q", page)
	}
	tm.send("\r")
	page = tm.until(morePrompt)
	if strings.Count(page, "\r\n") != 1 {
		t.Errorf("return: want one line, got %q", page)
	}
	tm.send("q")
	if got := tm.until("cpe1#"); got != moreErase+"cpe1#" {
		t.Errorf("q: got %q", got)
	}
	tm.run("terminal length 0", "cpe1#")
	full := tm.run("show running-config", "cpe1#")
	if strings.Contains(full, "--More--") {
		t.Error("length 0 still pages")
	}
}

func TestServerExec(t *testing.T) {
	site := NewSite(ScenarioStart)
	srv := startServer(t, site, "cpe1", ServerOptions{})
	client, err := ssh.Dial("tcp", srv.Addr(), clientConfig(srv, DefaultUser))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.Output("show version")
	if err != nil {
		t.Fatalf("exec show version: %v", err)
	}
	want, _ := site.Render("cpe1", "show version", ScenarioStart)
	if got := strings.ReplaceAll(string(out), "\r\n", "\n"); got != want {
		t.Errorf("exec show version differs:\n%s", cmp.Diff(want, got))
	}
	if log := srv.Log(); len(log) != 1 || log[0].Command != "show version" {
		t.Errorf("Log() = %v", log)
	}
}

func TestServerAuth(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := ssh.NewSignerFromKey(priv)
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	otherSigner, _ := ssh.NewSignerFromKey(other)
	srv := startServer(t, NewSite(ScenarioStart), "cpe1", ServerOptions{AuthorizedKeys: []ssh.PublicKey{signer.PublicKey()}})
	kbd := func(pw string) ssh.AuthMethod {
		return ssh.KeyboardInteractive(func(_, _ string, q []string, _ []bool) ([]string, error) {
			a := make([]string, len(q))
			for i := range a {
				a[i] = pw
			}
			return a, nil
		})
	}
	tests := []struct {
		name string
		user string
		auth ssh.AuthMethod
		ok   bool
	}{
		{"password", DefaultUser, ssh.Password(DefaultPassword), true},
		{"wrong password", DefaultUser, ssh.Password("nope"), false},
		{"wrong user", "admin", ssh.Password(DefaultPassword), false},
		{"keyboard-interactive", DefaultUser, kbd(DefaultPassword), true},
		{"wrong keyboard-interactive", DefaultUser, kbd("nope"), false},
		{"authorized key", DefaultUser, ssh.PublicKeys(signer), true},
		{"unknown key", DefaultUser, ssh.PublicKeys(otherSigner), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ssh.Dial("tcp", srv.Addr(), clientConfig(srv, tc.user, tc.auth))
			if c != nil {
				c.Close()
			}
			if (err == nil) != tc.ok {
				t.Errorf("ssh.Dial(%s) error = %v, want ok %v", tc.name, err, tc.ok)
			}
		})
	}
}

func TestServerHostKey(t *testing.T) {
	srv := startServer(t, NewSite(ScenarioStart), "cpe1", ServerOptions{})
	fp := srv.HostKeyFingerprint()
	if !strings.HasPrefix(fp, "SHA256:") || strings.HasSuffix(fp, "=") || len(fp) != len("SHA256:")+43 {
		t.Errorf("HostKeyFingerprint() = %q, want OpenSSH's SHA256:<43 base64 chars>", fp)
	}
	var seen ssh.PublicKey
	cfg := clientConfig(srv, DefaultUser)
	cfg.HostKeyCallback = func(_ string, _ net.Addr, key ssh.PublicKey) error { seen = key; return nil }
	c, err := ssh.Dial("tcp", srv.Addr(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if ssh.FingerprintSHA256(seen) != fp {
		t.Errorf("client saw %s, server says %s", ssh.FingerprintSHA256(seen), fp)
	}
	if v := string(c.ServerVersion()); v != serverVersion {
		t.Errorf("server version %q, want %q", v, serverVersion)
	}
}

func TestNewServerErrors(t *testing.T) {
	if _, err := NewServer(NewSite(ScenarioStart), "nope", ServerOptions{}); !errors.Is(err, ErrUnknownCPE) {
		t.Errorf("NewServer(unknown CPE) = %v, want ErrUnknownCPE", err)
	}
	srv := startServer(t, NewSite(ScenarioStart), "cpe1", ServerOptions{})
	if err := srv.Start(context.Background()); err == nil {
		t.Error("second Start() = nil, want an error")
	}
}

func TestServerCloseNoLeak(t *testing.T) {
	base := runtime.NumGoroutine()
	site := NewTwoCPESite(ScenarioStart)
	ss, err := StartSite(context.Background(), site, ServerOptions{Clock: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	// One finished session, one still open (idle at the prompt), one in a
	// --More--, one TCP connection that never speaks SSH.
	tm := login(t, ss.Servers[0])
	tm.run("show version", "edge-a#")
	tm.close()
	idle := login(t, ss.Servers[1])
	paged := login(t, ss.Servers[1])
	paged.run("terminal length 10", "edge-b#")
	paged.send("show running-config\r")
	paged.until(morePrompt)
	raw, err := net.Dial("tcp", ss.Servers[0].Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := ss.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	idle.waitEOF()
	paged.waitEOF()
	idle.client.Close()
	paged.client.Close()
	raw.Close()
	noLeak(t, base)
	if err := ss.Close(); err != nil {
		t.Errorf("second Close() = %v", err)
	}
}

func TestServerStopsWithContext(t *testing.T) {
	base := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := NewServer(NewSite(ScenarioStart), "cpe1", ServerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(ctx); err != nil {
		t.Fatal(err)
	}
	cancel()
	noLeak(t, base)
	if _, err := ssh.Dial("tcp", srv.Addr(), clientConfig(srv, DefaultUser)); err == nil {
		t.Error("server still accepts after its context ended")
	}
}
