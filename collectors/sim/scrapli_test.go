package sim

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/scrapli/scrapligo/driver/options"
	"github.com/scrapli/scrapligo/platform"
	"github.com/scrapli/scrapligo/transport"
)

// TestScrapligoDrivesServer: scrapligo's cisco_iosxe platform, the
// library the live collector uses, logs in, escalates with enable, runs
// its on-open terminal commands and reads show commands from the server.
func TestScrapligoDrivesServer(t *testing.T) {
	base := runtime.NumGoroutine()
	site := NewSite(ScenarioStart)
	srv := startServer(t, site, "cpe1", ServerOptions{EnableSecret: "en-secret"})
	host, port, _ := splitAddr(srv.Addr())
	p, err := platform.NewPlatform("cisco_iosxe", host,
		options.WithTransportType(transport.StandardTransport),
		options.WithPort(port),
		options.WithAuthNoStrictKey(),
		options.WithAuthUsername(DefaultUser),
		options.WithAuthPassword(DefaultPassword),
		options.WithAuthSecondary("en-secret"),
		options.WithTimeoutOps(10*time.Second),
		// scrapligo's on-close sends "exit"; the collector closes the
		// transport instead, and so does this test.
		options.WithNetworkOnClose(nil),
	)
	if err != nil {
		t.Fatalf("NewPlatform() = %v", err)
	}
	d, err := p.GetNetworkDriver()
	if err != nil {
		t.Fatalf("GetNetworkDriver() = %v", err)
	}
	if err := d.Open(); err != nil {
		t.Fatalf("Open() = %v", err)
	}
	for _, cmd := range []string{"show version", "show running-config", "show crypto ikev2 sa detail"} {
		r, err := d.SendCommand(cmd)
		if err != nil {
			t.Fatalf("SendCommand(%q) = %v", cmd, err)
		}
		want, _ := site.Render("cpe1", cmd, ScenarioStart)
		// scrapligo trims trailing blanks and newlines.
		if r.Failed != nil || strings.TrimRight(r.Result, "\n") != trimLines(want) {
			t.Errorf("SendCommand(%q): failed %v, result differs from Render:\n%q\nwant\n%q", cmd, r.Failed, r.Result, trimLines(want))
		}
	}
	r, err := d.SendCommand("configure terminal")
	if err != nil || r.Failed == nil {
		t.Errorf("SendCommand(configure terminal) = %v, failed %v; want a failed response", err, r.Failed)
	}
	if err := d.Close(); err != nil {
		t.Errorf("Close() = %v", err)
	}
	var cmds []string
	for _, e := range srv.Log() {
		cmds = append(cmds, e.Command)
	}
	want := "enable|terminal width 512|terminal length 0|show version|show running-config|show crypto ikev2 sa detail|configure terminal"
	if got := strings.Join(cmds, "|"); got != want {
		t.Errorf("Log() = %s, want %s", got, want)
	}
	srv.Close()
	noLeak(t, base)
}

// trimLines is what scrapligo makes of an output: trailing blanks of each
// line and trailing newlines removed.
func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}
