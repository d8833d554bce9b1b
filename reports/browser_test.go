package reports

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromiumPath is where Debian's chromium package installs the browser;
// .ci/run installs it so this test runs in CI.
const chromiumPath = "/usr/bin/chromium"

var screenshotOut = flag.String("screenshot", "", "also copy the screenshot of the demo report to this file (docs/report-html.png is made with -screenshot ../docs/report-html.png)")

// runChromium runs headless Chromium with no network side traffic (no
// component updates, sync or QUIC) and its own profile, and returns what it
// logged on stderr.
func runChromium(t *testing.T, args ...string) (stdout, log []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0"}
	cmd := exec.CommandContext(ctx, chromiumPath, append(base, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return out.Bytes(), errb.Bytes()
}

// TestHTMLInChromium renders the failing demo report, loads it in headless
// Chromium, and checks what a person opening the attachment would get: a
// page that draws (a non-trivial screenshot), no console errors, a DOM
// that carries both tunnels and the root cause, and no network request
// (nothing in the page points outside it).
func TestHTMLInChromium(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("no %s (apt-get install chromium): %v", chromiumPath, err)
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}
	page := render(t, HTML, loadDemo(t, "routes-missing-backup"), Options{})
	dir := t.TempDir()
	htmlPath := filepath.Join(dir, "report.html")
	if err := os.WriteFile(htmlPath, page, 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + htmlPath

	// The page itself must point nowhere: the only URLs it may contain are
	// ones quoted from the device, and the demo report quotes none.
	if m := regexp.MustCompile(`(?i)(https?:|//[a-z0-9.-]+\.[a-z]{2,}/)`).Find(page); m != nil {
		t.Errorf("HTML report contains a network reference %q", m)
	}

	png := filepath.Join(dir, "report.png")
	_, log := runChromium(t, "--screenshot="+png, "--window-size=1280,2000", url)
	checkConsole(t, log)
	info, err := os.Stat(png)
	if err != nil {
		t.Fatalf("no screenshot: %v\n%s", err, log)
	}
	// A blank 1280x2000 page compresses to a few kB; the report is far more.
	if info.Size() < 50_000 {
		t.Errorf("screenshot is %d bytes: the page looks empty", info.Size())
	}
	if *screenshotOut != "" {
		b, _ := os.ReadFile(png)
		if err := os.WriteFile(*screenshotOut, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	dom, log := runChromium(t, "--dump-dom", url)
	checkConsole(t, log)
	for _, want := range []string{"tunnel1 (DC-A, cpe1, Tunnel1)", "tunnel2 (DC-B, cpe1, Tunnel2)",
		"routes.backup-24", "Root cause and remediation", "<svg", "Overall: FAIL"} {
		if !bytes.Contains(dom, []byte(want)) {
			t.Errorf("Chromium DOM lacks %q", want)
		}
	}
}

// checkConsole fails on anything the page logged as an error.
func checkConsole(t *testing.T, log []byte) {
	t.Helper()
	for _, l := range strings.Split(string(log), "\n") {
		if strings.Contains(l, "Uncaught") || strings.Contains(l, "ERROR:CONSOLE") ||
			strings.Contains(l, "Content Security Policy") || strings.Contains(l, "net::ERR_") {
			t.Errorf("Chromium logged: %s", l)
		}
	}
}
