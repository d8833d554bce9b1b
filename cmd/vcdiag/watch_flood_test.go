//go:build linux

package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// The reproduction: 20,000 idle keep-alive connections took every
// file descriptor of `vcdiag watch` (this machine's `ulimit -n` is
// 20,000), so /healthz stopped answering and the health checks, which need
// descriptors for their SSH sessions, stopped running. The test scales it
// down: the watch process runs as a child with a soft limit of
// floodFDLimit descriptors, and the flood is the connection limit plus a
// few hundred.

const (
	floodChildEnv = "VCDIAG_WATCH_FLOOD_CHILD"
	// floodFDLimit is the child's RLIMIT_NOFILE: room for the runtime, the
	// simulated site's SSH servers and sessions, and the default
	// connection limit, but not for the flood.
	floodFDLimit = 256
	floodConns   = defaultMaxConnections + 300
	// floodHammers read /metrics and the report in a loop during the flood.
	floodHammers = 3
)

// TestWatchFloodChild is the watch process of
// TestWatchSurvivesConnectionFlood (skipped unless that test runs it): it
// lowers its own descriptor limit and runs `vcdiag watch` with the
// arguments it is given, logging to stderr until SIGTERM.
func TestWatchFloodChild(t *testing.T) {
	args := os.Getenv(floodChildEnv)
	if args == "" {
		t.Skip("the child process of TestWatchSurvivesConnectionFlood")
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	lim.Cur = min(lim.Max, floodFDLimit)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	root := newRootCommand(strings.NewReader(""), io.Discard, os.Stderr)
	root.SetArgs(strings.Split(args, "\n"))
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
}

// watchLog follows the child's log: the address it serves on, the cycles
// that collected everything and the ones that did not.
type watchLog struct {
	addr     chan string
	ok, bad  atomic.Int64
	mu       sync.Mutex
	lastBad  string
	lastSeen []string
}

func followWatchLog(r io.Reader) *watchLog {
	l := &watchLog{addr: make(chan string, 1)}
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			line := sc.Text()
			l.mu.Lock()
			l.lastSeen = append(l.lastSeen, line)
			if len(l.lastSeen) > 20 {
				l.lastSeen = l.lastSeen[1:]
			}
			l.mu.Unlock()
			switch {
			case strings.Contains(line, "msg=serving "):
				if _, a, ok := strings.Cut(line, " addr="); ok {
					a, _, _ = strings.Cut(a, " ")
					select {
					case l.addr <- a:
					default:
					}
				}
			case strings.Contains(line, "msg=cycle "):
				l.ok.Add(1)
			case strings.Contains(line, `msg="cycle incomplete"`), strings.Contains(line, `msg="cycle failed"`):
				l.bad.Add(1)
				l.mu.Lock()
				l.lastBad = line
				l.mu.Unlock()
			}
		}
	}()
	return l
}

func (l *watchLog) tail() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lastSeen, "\n")
}

// openFDs counts the descriptors process pid has open.
func openFDs(t *testing.T, pid int) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

// TestWatchSurvivesConnectionFlood runs `vcdiag watch --demo` (real SSH to
// the simulated site on loopback, a cycle every 2 s, which is also its
// deadline: some ten times what one takes on a loaded CI machine) in a child process
// limited to floodFDLimit descriptors, opens floodConns connections to it
// (two in three send one request and then stay open as idle keep-alive
// connections, the others never send anything) and keeps them open while
// it checks, while a few clients read /metrics and the report in a loop,
// that /healthz answers, that the cycles keep collecting every CPE, and
// that the child holds no more descriptors than its connection limit
// allows.
func TestWatchSurvivesConnectionFlood(t *testing.T) {
	args := []string{"watch", "--demo", "--sample-interval", "0", "--mtu-sweep=false", "--interval", "2s",
		"--web.listen-address", "127.0.0.1:0"}
	cmd := exec.Command(os.Args[0], "-test.run=^TestWatchFloodChild$")
	cmd.Env = append(os.Environ(), floodChildEnv+"="+strings.Join(args, "\n"))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	log := followWatchLog(stderr)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
	})
	var addr string
	select {
	case addr = <-log.addr:
	case err := <-exited:
		t.Fatalf("watch exited before serving: %v\n%s", err, log.tail())
	case <-time.After(30 * time.Second):
		t.Fatalf("watch did not serve within 30 s:\n%s", log.tail())
	}
	waitFor(t, 20*time.Second, "a first complete cycle", func() bool { return log.ok.Load() > 0 }, log)
	errsAtFlood := collectionErrors(t, addr)

	conns := make([]net.Conn, 0, floodConns)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := range floodConns {
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			t.Fatalf("flood connection %d: %v", i, err)
		}
		conns = append(conns, c)
		if i%3 != 0 {
			// Answered, then idle: the client keeps the connection open
			// and never reads.
			if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: watch\r\n\r\n"); err != nil {
				t.Fatalf("flood connection %d: %v", i, err)
			}
		}
	}
	okAtFlood, badAtFlood := log.ok.Load(), log.bad.Load()

	// Meanwhile a few clients read the metrics and the report, 20 times a
	// second each (as fast as they are answered would measure this
	// machine's two cores, which the test process shares with watch).
	stop := make(chan struct{})
	var hammered atomic.Int64
	var hammers sync.WaitGroup
	defer func() { close(stop); hammers.Wait() }()
	for i := range floodHammers {
		hammers.Add(1)
		go func() {
			defer hammers.Done()
			tr := &http.Transport{}
			defer tr.CloseIdleConnections()
			hc := &http.Client{Timeout: 2 * time.Second, Transport: tr}
			path := []string{"/metrics", "/report", "/report.json"}[i%3]
			for {
				select {
				case <-stop:
					return
				default:
				}
				time.Sleep(50 * time.Millisecond)
				if resp, err := hc.Get("http://" + addr + path); err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode == http.StatusOK {
						hammered.Add(1)
					}
				}
			}
		}()
	}

	// /healthz answers a new client within a few seconds, although every
	// flood connection is still open on the client's side.
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	start := time.Now()
	var last string
	for {
		resp, err := client.Get("http://" + addr + "/healthz")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
			last = resp.Status + " " + string(b)
		} else {
			last = err.Error()
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("/healthz not answered 200 within 10 s of a flood of %d connections; last: %s\nwatch log:\n%s", floodConns, last, log.tail())
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("/healthz answered %v after the flood", time.Since(start).Round(time.Millisecond))

	// The health checks keep running and keep collecting: two more
	// complete cycles, and no collection error but a timeout (a cycle has
	// 2 s; a CI machine under load may take that, and it is no sign of
	// descriptors running out).
	waitFor(t, 15*time.Second, "two complete cycles during the flood", func() bool { return log.ok.Load() >= okAtFlood+2 }, log)
	errsAfter := collectionErrors(t, addr)
	for reason, n := range errsAfter {
		if d := n - errsAtFlood[reason]; d > 0 && reason != "timeout" {
			log.mu.Lock()
			t.Errorf("%v collection errors with reason %s during the flood; the last incomplete cycle: %s", d, reason, log.lastBad)
			log.mu.Unlock()
		}
	}
	if d := log.bad.Load() - badAtFlood; d > 0 {
		t.Logf("%d cycles timed out during the flood (machine load)", d)
	}
	// The server holds at most its limit, however many clients connect.
	if n, max := openFDs(t, cmd.Process.Pid), defaultMaxConnections+64; n > max {
		t.Errorf("watch holds %d descriptors during a flood of %d connections; want at most %d (limit %d + 64)",
			n, floodConns, max, defaultMaxConnections)
	}

	if hammered.Load() == 0 {
		t.Error("no client reading /metrics or the report was answered during the flood")
	}
	t.Logf("%d cycles and %d answers to the metrics and report readers during the flood", log.ok.Load()-okAtFlood, hammered.Load())

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("watch after SIGTERM: %v\n%s", err, log.tail())
		}
	case <-time.After(15 * time.Second):
		t.Errorf("watch did not stop within 15 s of SIGTERM")
	}
}

// collectionErrors scrapes vcdiag_collection_errors_total by reason
// (retrying while watch refuses the connection at its limit).
func collectionErrors(t *testing.T, addr string) map[string]float64 {
	t.Helper()
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := client.Get("http://" + addr + "/metrics")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				out := map[string]float64{}
				for _, line := range strings.Split(string(b), "\n") {
					rest, ok := strings.CutPrefix(line, "vcdiag_collection_errors_total{")
					if !ok {
						continue
					}
					labels, val, _ := strings.Cut(rest, "} ")
					_, reason, _ := strings.Cut(labels, `reason="`)
					reason, _, _ = strings.Cut(reason, `"`)
					n, _ := strconv.ParseFloat(val, 64)
					out[reason] += n
				}
				return out
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /metrics: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func waitFor(t *testing.T, d time.Duration, what string, cond func() bool, log *watchLog) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within %v; watch log:\n%s", what, d, log.tail())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
