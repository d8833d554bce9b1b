package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/reports/metrics"
)

// The example deployment files of docs/deploy: each must parse, have the
// shape its consumer expects, and run vcdiag with flags vcdiag accepts.

const deployDir = "../../docs/deploy"

func readDeploy(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(deployDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkVcdiagArgs parses a vcdiag command line the way the CLI would,
// without running it.
func checkVcdiagArgs(t *testing.T, where string, args []string) {
	t.Helper()
	root := newRootCommand(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	cmd, rest, err := root.Find(args)
	if err != nil || cmd == root {
		t.Errorf("%s: vcdiag %q: no such command (%v)", where, args, err)
		return
	}
	if err := cmd.ParseFlags(rest); err != nil {
		t.Errorf("%s: vcdiag %q: %v", where, args, err)
	}
}

// iniSections reads a systemd unit into section -> key -> values.
func iniSections(t *testing.T, name string) map[string]map[string][]string {
	t.Helper()
	secs := map[string]map[string][]string{}
	var cur string
	sc := bufio.NewScanner(bytes.NewReader(readDeploy(t, name)))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			cur = line[1 : len(line)-1]
			secs[cur] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || cur == "" {
				t.Fatalf("%s:%d: not a key=value in a section: %q", name, n, line)
			}
			secs[cur][k] = append(secs[cur][k], v)
		}
	}
	return secs
}

func TestDeploySystemdUnits(t *testing.T) {
	for _, tc := range []struct {
		name     string
		sections []string
		command  string
	}{
		{"vcdiag-healthcheck.service", []string{"Unit", "Service"}, "run"},
		{"vcdiag-healthcheck.timer", []string{"Unit", "Timer", "Install"}, ""},
		{"vcdiag-watch.service", []string{"Unit", "Service", "Install"}, "watch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			secs := iniSections(t, tc.name)
			for _, s := range tc.sections {
				if secs[s] == nil {
					t.Errorf("%s has no [%s] section", tc.name, s)
				}
			}
			if tc.command == "" {
				return
			}
			exec := secs["Service"]["ExecStart"]
			if len(exec) != 1 {
				t.Fatalf("%s: ExecStart = %q, want one", tc.name, exec)
			}
			f := strings.Fields(exec[0])
			if f[0] != "/usr/local/bin/vcdiag" || f[1] != tc.command {
				t.Errorf("%s: ExecStart = %q, want /usr/local/bin/vcdiag %s ...", tc.name, exec[0], tc.command)
			}
			checkVcdiagArgs(t, tc.name, f[1:])
		})
	}
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		t.Log("systemd-analyze not installed: units only parsed")
		return
	}
	// verify wants ExecStart's binary to exist: point it at this test
	// binary in copies of the units.
	dir := t.TempDir()
	var units []string
	for _, name := range []string{"vcdiag-healthcheck.service", "vcdiag-healthcheck.timer", "vcdiag-watch.service"} {
		b := bytes.ReplaceAll(readDeploy(t, name), []byte("/usr/local/bin/vcdiag"), []byte(os.Args[0]))
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		units = append(units, p)
	}
	out, err := exec.Command("systemd-analyze", append([]string{"verify"}, units...)...).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

func TestDeployCron(t *testing.T) {
	var jobs int
	sc := bufio.NewScanner(bytes.NewReader(readDeploy(t, "vcdiag.cron")))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || regexp.MustCompile(`^[A-Z_]+=`).MatchString(line) {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 7 {
			t.Fatalf("vcdiag.cron:%d: want 5 schedule fields, a user and a command: %q", n, line)
		}
		for i, field := range f[:5] {
			if !regexp.MustCompile(`^(\*|\d+)(-\d+)?(/\d+)?(,(\d+))*$`).MatchString(field) {
				t.Errorf("vcdiag.cron:%d: schedule field %d %q", n, i+1, field)
			}
		}
		if strings.Contains(line, "%") {
			t.Errorf("vcdiag.cron:%d: an unescaped %% ends a cron command", n)
		}
		cmd := strings.Join(f[6:], " ")
		i := strings.Index(cmd, "/usr/local/bin/vcdiag ")
		j := strings.Index(cmd, " >")
		if i < 0 || j < i || !strings.Contains(cmd, "|| mail ") {
			t.Fatalf("vcdiag.cron:%d: want `vcdiag run ... > FILE || mail ...`: %q", n, cmd)
		}
		checkVcdiagArgs(t, "vcdiag.cron", strings.Fields(cmd[i+len("/usr/local/bin/vcdiag "):j]))
		jobs++
	}
	if jobs != 1 {
		t.Errorf("vcdiag.cron has %d jobs, want 1", jobs)
	}
}

func TestDeployKubernetesCronJob(t *testing.T) {
	var cj struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Spec       struct {
			Schedule    string `yaml:"schedule"`
			JobTemplate struct {
				Spec struct {
					Template struct {
						Spec struct {
							RestartPolicy string `yaml:"restartPolicy"`
							Containers    []struct {
								Args []string `yaml:"args"`
							} `yaml:"containers"`
						} `yaml:"spec"`
					} `yaml:"template"`
				} `yaml:"spec"`
			} `yaml:"jobTemplate"`
		} `yaml:"spec"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(readDeploy(t, "k8s-cronjob.yaml")))
	dec.KnownFields(false)
	if err := dec.Decode(&cj); err != nil {
		t.Fatal(err)
	}
	pod := cj.Spec.JobTemplate.Spec.Template.Spec
	if cj.APIVersion != "batch/v1" || cj.Kind != "CronJob" || len(strings.Fields(cj.Spec.Schedule)) != 5 ||
		pod.RestartPolicy != "Never" || len(pod.Containers) != 1 {
		t.Fatalf("k8s-cronjob.yaml: %+v", cj)
	}
	checkVcdiagArgs(t, "k8s-cronjob.yaml", pod.Containers[0].Args)
}

// exportedNames are the metric names an exporter shows after a healthy
// cycle and one that could not log in.
func exportedNames(t *testing.T) map[string]bool {
	t.Helper()
	p, err := profile.Load(filepath.Join("..", "..", "testdata", "profiles", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := sim.ScenarioByName("healthy")
	v := &soakVariant{name: "healthy", site: sc.Build(sim.ScenarioStart)}
	clock := &vclock{t: sim.ScenarioStart}
	exp := metrics.NewExporter(metrics.Options{Runtime: true})
	for _, auth := range []bool{true, false} {
		lc := liveCycle{profile: p, cpes: []string{"cpe1"}, sampleInterval: 10 * time.Second, clock: clock.Now, sleep: clock.Sleep,
			dial: func(context.Context, profile.CPE) (collectors.Session, error) {
				if auth {
					return nil, collectors.ErrAuth
				}
				return &inProcess{v: v, cpe: "cpe1", clock: clock}, nil
			}}
		exp.Observe(lc.run(context.Background()))
	}
	mfs, err := exp.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, mf := range mfs {
		names[mf.GetName()] = true
	}
	// The root cause families exist only while something fails: a tunnel
	// and the site each with one.
	faulty := metrics.NewExporter(metrics.Options{})
	faulty.Observe(metrics.Cycle{Report: &checks.Report{Profile: checks.ProfileRef{Name: "acme-east"}, Status: checks.Fail,
		Tunnels: []checks.TunnelReport{{Name: "tunnel2", DC: "B", CPE: "cpe1", Status: checks.Fail,
			RootCause: &checks.RootCause{Check: "routes.backup-24", Stage: checks.StageRoutes}}},
		SiteRootCauses: []checks.RootCause{{Check: "site.both-dcs", Stage: checks.StageSite}}}})
	if mfs, err = faulty.Gatherer().Gather(); err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		names[mf.GetName()] = true
	}
	return names
}

func TestDeployPrometheus(t *testing.T) {
	var rules struct {
		Groups []struct {
			Rules []struct {
				Alert string `yaml:"alert"`
				Expr  string `yaml:"expr"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(readDeploy(t, "alerts.yml"), &rules); err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		RuleFiles     []string `yaml:"rule_files"`
		ScrapeConfigs []struct {
			JobName string `yaml:"job_name"`
		} `yaml:"scrape_configs"`
	}
	if err := yaml.Unmarshal(readDeploy(t, "prometheus.yml"), &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.RuleFiles) != 1 || cfg.RuleFiles[0] != "alerts.yml" || len(cfg.ScrapeConfigs) == 0 || cfg.ScrapeConfigs[0].JobName != "vcdiag" {
		t.Errorf("prometheus.yml: %+v", cfg)
	}
	// Every alert the issue asks for is there, and every metric an
	// expression names is one vcdiag exports.
	names := exportedNames(t)
	alerts := map[string]bool{}
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			alerts[r.Alert] = true
			for _, m := range regexp.MustCompile(`vcdiag_[a-z_]+`).FindAllString(r.Expr, -1) {
				if !names[m] {
					t.Errorf("alert %s uses %s, which vcdiag does not export", r.Alert, m)
				}
			}
		}
	}
	for _, want := range []string{"VirtualConnectTunnelDown", "VirtualConnectFailoverNotReady", "VirtualConnectCapacityNearBudget",
		"VirtualConnectCapacityOverBudget", "VcdiagCollectionErrors", "VcdiagStale",
		"VirtualConnectRouteSetFault", "VirtualConnectMTUFault", "VirtualConnectSiteFault"} {
		if !alerts[want] {
			t.Errorf("alerts.yml has no alert %s", want)
		}
	}
	if _, err := exec.LookPath("promtool"); err != nil {
		t.Log("promtool not installed (Debian package prometheus): files only parsed")
		return
	}
	for _, args := range [][]string{
		{"check", "rules", "alerts.yml"},
		{"check", "config", "prometheus.yml"},
		{"test", "rules", "alerts_test.yml"},
	} {
		cmd := exec.Command("promtool", args...)
		cmd.Dir = deployDir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
