package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"golang.org/x/crypto/bcrypt"

	"github.com/vcdiag/vcdiag/reports/metrics"
)

// startWatcher serves w on loopback (its cycles in the background) until
// the test ends, and returns the address.
func startWatcher(t *testing.T, w *watcher) string {
	t.Helper()
	addrc := make(chan string, 1)
	w.ready = func(a string) { addrc <- a }
	if w.log == nil {
		w.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if w.exp == nil {
		w.exp = metrics.NewExporter(metrics.Options{Site: "acme-east"})
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.serveAndRun(ctx, "127.0.0.1:0") }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serveAndRun after cancel: %v", err)
		}
	})
	select {
	case a := <-addrc:
		return a
	case err := <-done:
		t.Fatalf("serveAndRun: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("watch did not serve within 10 s")
	}
	return ""
}

// healthyWatcher cycles the in-process healthy site every interval.
func healthyWatcher(t *testing.T, interval time.Duration) *watcher {
	t.Helper()
	lc := testCycle(t, false)
	return &watcher{cycle: lc.run, interval: interval, timeout: time.Minute}
}

// rawGet sends one keep-alive GET on c and reads the answer's status line
// and headers (the body is left unread), with a deadline.
func rawGet(t *testing.T, c net.Conn, br *bufio.Reader, path string) string {
	t.Helper()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	defer c.SetDeadline(time.Time{})
	if _, err := io.WriteString(c, "GET "+path+" HTTP/1.1\r\nHost: watch\r\n\r\n"); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.Status
}

// closedWithin says whether the server closes c within d (and reads what
// it sent meanwhile).
func closedWithin(c net.Conn, d time.Duration) bool {
	_ = c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	return err == nil || !(errors.As(err, &ne) && ne.Timeout())
}

func TestWatchHTTPServerHasTimeouts(t *testing.T) {
	srv := newHTTPServer(http.NotFoundHandler(), defaultHTTPLimits, newConnLimiter(1, time.Second, slog.Default()))
	for name, d := range map[string]time.Duration{
		"ReadHeaderTimeout": srv.ReadHeaderTimeout, "ReadTimeout": srv.ReadTimeout,
		"WriteTimeout": srv.WriteTimeout, "IdleTimeout": srv.IdleTimeout,
	} {
		if d <= 0 || d > 2*time.Minute {
			t.Errorf("%s = %v, want a bound of at most 2m", name, d)
		}
	}
	if srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes > 1<<20 {
		t.Errorf("MaxHeaderBytes = %d", srv.MaxHeaderBytes)
	}
}

// TestWatchSlowlorisIsCutOff drips a request header one byte at a time:
// the server must close the connection at its read-header timeout, long
// before the header could be complete.
func TestWatchSlowlorisIsCutOff(t *testing.T) {
	w := healthyWatcher(t, time.Hour)
	w.limits = defaultHTTPLimits
	w.limits.readHeader = 300 * time.Millisecond
	addr := startWatcher(t, w)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	header := "GET /healthz HTTP/1.1\r\nHost: watch\r\nX-Drip: " + strings.Repeat("a", 200) + "\r\n\r\n"
	start := time.Now()
	for i := 0; i < len(header); i++ {
		if _, err := c.Write([]byte{header[i]}); err != nil {
			break // cut off
		}
		if closedWithin(c, 20*time.Millisecond) {
			break
		}
	}
	el := time.Since(start)
	if el > 3*time.Second {
		t.Fatalf("a header dripped for %v was not cut off (read-header timeout 300ms)", el)
	}
	t.Logf("cut off after %v", el.Round(time.Millisecond))
}

// TestWatchIdleConnectionsAreClosed: a keep-alive connection left idle is
// closed at the idle timeout.
func TestWatchIdleConnectionsAreClosed(t *testing.T) {
	w := healthyWatcher(t, time.Hour)
	w.limits = defaultHTTPLimits
	w.limits.idle = 300 * time.Millisecond
	addr := startWatcher(t, w)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rawGet(t, c, bufio.NewReader(c), "/healthz")
	if !closedWithin(c, 3*time.Second) {
		t.Error("an idle keep-alive connection is still open 3 s after its request (idle timeout 300ms)")
	}
}

// TestWatchConnectionLimit fills every slot of a limit of 4: idle
// keep-alive connections make room for a new client (the longest idle is
// closed), connections that are in use do not, and the newcomer is then
// refused at once with a 503 that names the flag.
func TestWatchConnectionLimit(t *testing.T) {
	const limit = 4
	w := healthyWatcher(t, time.Hour)
	w.web.maxConns = limit
	w.limits = defaultHTTPLimits
	w.limits.newGrace = time.Hour // a silent connection counts as in use
	addr := startWatcher(t, w)

	var idle []net.Conn
	for range limit {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		rawGet(t, c, bufio.NewReader(c), "/healthz")
		idle = append(idle, c)
	}
	// A fifth client is served: the longest idle connection made room,
	// the others stay.
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatalf("GET /healthz with %d idle connections at the limit: %v", limit, err)
	}
	resp.Body.Close()
	if !closedWithin(idle[0], 3*time.Second) {
		t.Error("the longest idle connection is still open after a newcomer took its place")
	}
	for i, c := range idle[1:] {
		if closedWithin(c, 100*time.Millisecond) {
			t.Errorf("idle connection %d was closed; only the longest idle should make room", i+1)
		}
	}
	for _, c := range idle {
		c.Close()
	}

	// Silent connections in the grace period are in use: a newcomer is
	// refused, fast and clearly.
	for range limit {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	time.Sleep(100 * time.Millisecond) // the server has accepted them
	start := time.Now()
	resp, err = client.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatalf("GET /healthz at the limit: %v, want a 503", err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(b), "--web.max-connections 4") {
		t.Errorf("GET /healthz at the limit = %d %q, want 503 naming --web.max-connections 4", resp.StatusCode, b)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("refusal took %v", el)
	}
}

// selfSigned writes a certificate for 127.0.0.1 and its key into dir.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "vcdiag watch test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "watch.crt"), filepath.Join(dir, "watch.key")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// TestWatchWebConfigTLSAndBasicAuth serves watch with an exporter-toolkit
// web config file: HTTPS only, and every path needs the user's password.
func TestWatchWebConfigTLSAndBasicAuth(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, dir)
	hash, err := bcrypt.GenerateFromPassword([]byte("s3cret-for-test"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "web-config.yml")
	if err := os.WriteFile(cfg, []byte("tls_server_config:\n  cert_file: "+certFile+"\n  key_file: "+keyFile+
		"\nbasic_auth_users:\n  prometheus: "+string(hash)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	w := healthyWatcher(t, time.Hour)
	w.web.configFile = cfg
	w.web.maxConns = defaultMaxConnections
	if err := w.web.check(slog.Default()); err == nil {
		t.Fatal("check without a listen address = nil, want an error")
	}
	w.web.listen = []string{"127.0.0.1:0"}
	if err := w.web.check(slog.Default()); err != nil {
		t.Fatalf("check(%s) = %v", cfg, err)
	}
	if on, err := w.web.tls(); !on || err != nil {
		t.Fatalf("tls(%s) = %v, %v; want true", cfg, on, err)
	}
	addr := startWatcher(t, w)
	client := &http.Client{Timeout: 5 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, DisableKeepAlives: true}}
	get := func(url, user, pass string) (int, error) {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, nil
	}
	base := "https://" + addr
	for _, path := range []string{"/metrics", "/report", "/report.json", "/healthz", "/"} {
		if code, err := get(base+path, "", ""); err != nil || code != http.StatusUnauthorized {
			t.Errorf("GET %s without credentials = %d, %v; want 401", path, code, err)
		}
		if code, err := get(base+path, "prometheus", "wrong"); err != nil || code != http.StatusUnauthorized {
			t.Errorf("GET %s with a wrong password = %d, %v; want 401", path, code, err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, err := get(base+"/healthz", "prometheus", "s3cret-for-test")
		if err == nil && code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /healthz with the password = %d, %v; want 200", code, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code, err := get(base+"/report.json", "prometheus", "s3cret-for-test"); err != nil || code != http.StatusOK {
		t.Errorf("GET /report.json with the password = %d, %v; want 200", code, err)
	}
	// Plain HTTP gets no report.
	plain := &http.Client{Timeout: 5 * time.Second}
	if resp, err := plain.Get("http://" + addr + "/report.json"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Errorf("plain HTTP GET /report.json = %d, want a refusal", resp.StatusCode)
		}
	}
}

// TestWatchWebConfigErrors: a web config file that cannot work stops watch
// before any cycle, with exit 3 and the file's name.
func TestWatchWebConfigErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yml")
	if err := os.WriteFile(bad, []byte("basic_auth_users:\n  prometheus: not-a-bcrypt-hash\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	unknown := filepath.Join(dir, "unknown.yml")
	if err := os.WriteFile(unknown, []byte("tls_server_config:\n  cert_fil: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	nocert := filepath.Join(dir, "nocert.yml")
	if err := os.WriteFile(nocert, []byte("tls_server_config:\n  cert_file: absent.crt\n  key_file: absent.key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		o    watchOptions
		want string
	}{
		{"missing file", watchOptions{web: webOptions{listen: []string{"127.0.0.1:0"}, configFile: filepath.Join(dir, "none.yml"), maxConns: 1}}, "none.yml"},
		{"bad hash", watchOptions{web: webOptions{listen: []string{"127.0.0.1:0"}, configFile: bad, maxConns: 1}}, "bad.yml"},
		{"missing certificate", watchOptions{web: webOptions{listen: []string{"127.0.0.1:0"}, configFile: nocert, maxConns: 1}}, "nocert.yml"},
		{"unknown key", watchOptions{web: webOptions{listen: []string{"127.0.0.1:0"}, configFile: unknown, maxConns: 1}}, "unknown.yml"},
		{"no listener", watchOptions{textfile: dir, web: webOptions{configFile: bad, maxConns: 1}}, "--web.listen-address"},
		{"no connections", watchOptions{web: webOptions{listen: []string{"127.0.0.1:0"}, maxConns: 0}}, "--web.max-connections 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.o.interval, tc.o.profilePath = time.Minute, filepath.Join(dir, "no-profile.yaml")
			err := runWatch(context.Background(), streams{out: io.Discard, err: io.Discard}, tc.o)
			var ee *exitError
			if !errors.As(err, &ee) || ee.code != exitUnknown || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("runWatch = %v, want exit 3 naming %q", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "no-profile.yaml") {
				t.Errorf("runWatch = %v: the web options must be refused before the profile is read", err)
			}
		})
	}
}

// TestWatchListenFlags: watch serves loopback unless told otherwise; the
// deprecated --listen still works; --textfile alone serves no HTTP.
func TestWatchListenFlags(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		want    []string
		wantErr string
	}{
		{nil, []string{"127.0.0.1:9469"}, ""},
		{[]string{"--web.listen-address", ":9469"}, []string{":9469"}, ""},
		{[]string{"--web.listen-address", "127.0.0.1:9469", "--web.listen-address", "[::1]:9469"}, []string{"127.0.0.1:9469", "[::1]:9469"}, ""},
		{[]string{"--listen", ":9469"}, []string{":9469"}, ""},
		{[]string{"--listen", ""}, nil, ""},
		{[]string{"--web.listen-address", ""}, nil, ""},
		{[]string{"--textfile", "/tmp"}, nil, ""},
		{[]string{"--textfile", "/tmp", "--web.listen-address", "127.0.0.1:9469"}, []string{"127.0.0.1:9469"}, ""},
		{[]string{"--listen", ":9469", "--web.listen-address", ":9469"}, nil, "give one of them"},
	} {
		var o watchOptions
		fs := pflag.NewFlagSet("watch", pflag.ContinueOnError)
		fs.SetOutput(io.Discard)
		o.addFlags(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		err := o.resolveListen(fs)
		switch {
		case tc.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("watch %q: %v, want an error with %q", tc.args, err, tc.wantErr)
			}
		case err != nil || !slices.Equal(o.web.listen, tc.want):
			t.Errorf("watch %q listens on %q (%v), want %q", tc.args, o.web.listen, err, tc.want)
		}
		if tc.args == nil && o.web.maxConns != defaultMaxConnections {
			t.Errorf("default --web.max-connections = %d", o.web.maxConns)
		}
	}
	for addr, want := range map[string]bool{"127.0.0.1:9469": true, "[::1]:9469": true, "localhost:9469": true,
		":9469": false, "0.0.0.0:9469": false, "[::]:9469": false, "192.0.2.10:9469": false} {
		if got := loopback(addr); got != want {
			t.Errorf("loopback(%q) = %v, want %v", addr, got, want)
		}
	}
}
