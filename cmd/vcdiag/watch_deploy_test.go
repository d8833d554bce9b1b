package main

import (
	"crypto/tls"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/exporter-toolkit/web"
	"go.yaml.in/yaml/v3"
)

// TestDeployWatchIsSecured: the example unit serves every interface only
// with the example web config file, that file is one exporter-toolkit
// accepts (with a certificate in place of the operator's), serving with it
// refuses a client without the password, and Prometheus scrapes it over
// TLS with basic auth.
func TestDeployWatchIsSecured(t *testing.T) {
	exec := iniSections(t, "vcdiag-watch.service")["Service"]["ExecStart"]
	if len(exec) != 1 {
		t.Fatalf("vcdiag-watch.service: ExecStart = %q", exec)
	}
	args := strings.Fields(exec[0])
	flag := func(name string) string {
		for i, a := range args {
			if a == name && i+1 < len(args) {
				return args[i+1]
			}
			if v, ok := strings.CutPrefix(a, name+"="); ok {
				return v
			}
		}
		return ""
	}
	listen, cfgPath := flag("--web.listen-address"), flag("--web.config.file")
	if listen == "" || (!loopback(listen) && cfgPath == "") {
		t.Errorf("vcdiag-watch.service serves %q with web config %q: beyond loopback it needs --web.config.file", listen, cfgPath)
	}
	if flag("--listen") != "" {
		t.Error("vcdiag-watch.service uses the deprecated --listen")
	}
	if filepath.Base(cfgPath) != "web-config.yml" {
		t.Errorf("vcdiag-watch.service: --web.config.file %q, want the example web-config.yml installed", cfgPath)
	}

	// The example, with a test certificate where the operator's goes.
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, dir)
	if err := os.Rename(certFile, filepath.Join(dir, "watch.crt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(keyFile, filepath.Join(dir, "watch.key")); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "web-config.yml")
	if err := os.WriteFile(cfg, readDeploy(t, "web-config.yml"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := web.Validate(cfg); err != nil {
		t.Fatalf("docs/deploy/web-config.yml: %v", err)
	}
	w := healthyWatcher(t, time.Hour)
	w.web = webOptions{listen: []string{"127.0.0.1:0"}, configFile: cfg, maxConns: defaultMaxConnections}
	if err := w.web.check(slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	if on, err := w.web.tls(); !on || err != nil {
		t.Errorf("docs/deploy/web-config.yml: TLS on = %v, %v; want on", on, err)
	}
	addr := startWatcher(t, w)
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get("https://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /healthz without a password under the example web config = %d, want 401", resp.StatusCode)
	}

	var prom struct {
		ScrapeConfigs []struct {
			JobName   string         `yaml:"job_name"`
			Scheme    string         `yaml:"scheme"`
			BasicAuth map[string]any `yaml:"basic_auth"`
			TLSConfig map[string]any `yaml:"tls_config"`
		} `yaml:"scrape_configs"`
	}
	if err := yaml.Unmarshal(readDeploy(t, "prometheus.yml"), &prom); err != nil {
		t.Fatal(err)
	}
	for _, sc := range prom.ScrapeConfigs {
		if sc.JobName == "vcdiag" && (sc.Scheme != "https" || sc.BasicAuth["username"] == nil || sc.TLSConfig == nil) {
			t.Errorf("prometheus.yml: job vcdiag scrapes %q with basic_auth %v and tls_config %v; want https with both",
				sc.Scheme, sc.BasicAuth, sc.TLSConfig)
		}
	}
}
