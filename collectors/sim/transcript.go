package sim

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
)

// CounterCommands are the commands whose output is sampled twice, so that
// the diagnosis can compare counters and ages.
func CounterCommands(cpe *CPE) []string {
	out := []string{"show crypto ikev2 sa detail", "show crypto ipsec sa detail"}
	for _, t := range cpe.Tunnels {
		out = append(out, "show interfaces "+t.Interface)
	}
	return out
}

// DefaultCommands is what vcdiag reads from a CPE, in collection order.
func DefaultCommands(s *Site, cpe *CPE) []string {
	cmds := []string{"show version", "show running-config"}
	cmds = append(cmds, CounterCommands(cpe)...)
	cmds = append(cmds, "show crypto session detail")
	for _, t := range cpe.Tunnels {
		cmds = append(cmds, fmt.Sprintf("ping %s source %s repeat 5", t.Form.DITunnelIP, t.Interface))
	}
	cmds = append(cmds, "show ip bgp summary")
	for _, t := range cpe.Tunnels {
		n := t.Form.DITunnelIP
		cmds = append(cmds, fmt.Sprintf("show ip bgp neighbors %s", n))
		for _, v := range []string{"received-routes", "routes", "advertised-routes"} {
			cmds = append(cmds, fmt.Sprintf("show ip bgp neighbors %s %s", n, v))
		}
	}
	targets := []string{"203.0.113.1", "203.0.113.129"}
	if s.IaaS.IsValid() {
		a, b := halves(s.IaaS)
		targets = append(targets, a.Addr().Next().String(), b.Addr().Next().String())
	}
	for _, a := range targets {
		cmds = append(cmds, "show ip route "+a)
	}
	return append(cmds, "show ip route bgp", "show logging")
}

// WriteTranscript writes a terminal session log of commands run on cpe:
// "cpe1#terminal length 0", then each command after its prompt, its
// "terminal exec prompt timestamp" lines and its output. Each command
// takes a second (a failing ping its timeouts); the counter commands are
// then run again as a second sample, at least interval after their first.
func WriteTranscript(w io.Writer, site *Site, cpe string, commands []string, start time.Time, interval time.Duration) error {
	return WriteTranscriptProbed(w, site, cpe, commands, start, interval, nil)
}

// TranscriptRunner runs commands into a transcript being written: each is
// rendered at the transcript's clock, written after its prompt, and its
// output returned, as a live session would.
type TranscriptRunner struct{ tw *transcriptWriter }

// Run renders cmd into the transcript and returns its output, or
// ErrInvalidInput when the router would reject it.
func (r TranscriptRunner) Run(ctx context.Context, cmd string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return r.tw.run(cmd)
}

// WriteTranscriptProbed is WriteTranscript with probe called once where
// vcdiag runs its MTU sweep (before the first ping of commands, as
// collectors.Collect does), its commands written into the transcript.
func WriteTranscriptProbed(w io.Writer, site *Site, cpe string, commands []string, start time.Time, interval time.Duration,
	probe func(TranscriptRunner)) error {
	c := site.CPE(cpe)
	if c == nil {
		return fmt.Errorf("transcript for %s: %w", cpe, ErrUnknownCPE)
	}
	tw := &transcriptWriter{w: w, site: site, cpe: c, now: start}
	tw.prompt("terminal length 0")
	tw.prompt("terminal exec prompt timestamp")
	first := map[string]time.Time{}
	counters := map[string]bool{}
	for _, cmd := range CounterCommands(c) {
		counters[cmd] = true
	}
	for _, cmd := range commands {
		if probe != nil && strings.HasPrefix(cmd, "ping ") {
			probe(TranscriptRunner{tw})
			probe = nil
		}
		first[cmd] = tw.now
		tw.run(cmd)
	}
	if probe != nil {
		probe(TranscriptRunner{tw})
	}
	for _, cmd := range commands {
		if !counters[cmd] {
			continue
		}
		if due := first[cmd].Add(interval); tw.now.Before(due) {
			tw.now = due
		}
		tw.run(cmd)
	}
	fmt.Fprintf(tw.w, "%s#exit\n", c.Hostname)
	return tw.err
}

type transcriptWriter struct {
	w    io.Writer
	site *Site
	cpe  *CPE
	now  time.Time
	err  error
}

func (t *transcriptWriter) prompt(cmd string) {
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, "%s#%s\n", t.cpe.Hostname, cmd)
	}
	t.now = t.now.Add(time.Second)
}

// run writes one command with its timestamp lines and output.
func (t *transcriptWriter) run(cmd string) (string, error) {
	if t.err != nil {
		return "", t.err
	}
	out, err := t.site.Render(t.cpe.Hostname, cmd, t.now)
	var b strings.Builder
	fmt.Fprintf(&b, "%s#%s\n", t.cpe.Hostname, cmd)
	if err != nil {
		fmt.Fprintf(&b, "%s^\n%s\n\n", strings.Repeat(" ", len(t.cpe.Hostname)+1), InvalidInputText)
	} else {
		load := 1 + int(t.now.Unix()%3)
		fmt.Fprintf(&b, "Load for five secs: %d%%/0%%; one minute: 2%%; five minutes: 1%%\n", load)
		fmt.Fprintf(&b, "Time source is NTP, %s\n", clock(t.now.Add(123*time.Millisecond)))
		b.WriteString("\n")
		b.WriteString(out)
	}
	_, t.err = io.WriteString(t.w, b.String())
	t.now = t.now.Add(time.Second + pingWait(cmd, out))
	if err != nil {
		return "", err
	}
	return out, t.err
}

// pingWait is how long a ping runs beyond a second: each lost echo waits
// out its 2 s timeout.
func pingWait(cmd, out string) time.Duration {
	if !strings.HasPrefix(cmd, "ping") {
		return 0
	}
	lost := 0
	for _, l := range strings.Split(out, "\n") {
		if strings.Trim(l, ".!M") == "" {
			lost += strings.Count(l, ".")
		}
	}
	return time.Duration(lost) * 2 * time.Second
}
