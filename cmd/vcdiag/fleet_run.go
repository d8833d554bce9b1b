package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/fleet"
	"github.com/vcdiag/vcdiag/pipeline"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/reports"
	"github.com/vcdiag/vcdiag/reports/textsafe"
)

// fleetFormats are the rollup formats run --inventory prints.
var fleetFormats = []string{"html", "json", "junit", "text"}

// siteFormats are the files written per site into --output-dir.
var siteFormats = []struct{ format, ext string }{{"text", ".txt"}, {"json", ".json"}, {"html", ".html"}}

// rollupFiles are the rollup's files in --output-dir, by format.
var rollupFiles = []struct{ format, name string }{
	{"text", "fleet.txt"}, {"json", "fleet.json"}, {"html", "index.html"}, {"junit", "fleet.junit.xml"}}

// fleetRunOptions are what run --inventory needs beyond one site's flags.
type fleetRunOptions struct {
	inventory string
	outputDir string
	parallel  int
	shard     string
}

// loadInventory loads an inventory with the registry's platforms.
func loadInventory(path string) (*profile.Inventory, error) {
	return profile.LoadInventory(path, pipeline.ProfileRules())
}

// fleetDialer makes each site's SSH dialer from its credentials over the
// command line's: the password is read from the variable the site names
// (never from the inventory), and a site whose variable is unset is not
// collected, saying which variable to set, while the others are.
func fleetDialer(base collectors.SSHConfig) func(profile.InventorySite) (collectors.Dialer, []string, error) {
	return func(site profile.InventorySite) (collectors.Dialer, []string, error) {
		cfg := base
		c := site.Credentials
		if c.IdentityFile != "" {
			cfg.IdentityFile = c.IdentityFile
		}
		if c.KnownHosts != "" {
			cfg.KnownHostsFile = c.KnownHosts
		}
		if c.SSHConfig != "" {
			cfg.SSHConfigFile = c.SSHConfig
		}
		if c.PasswordEnv != "" {
			if pw := os.Getenv(c.PasswordEnv); pw != "" {
				cfg.Password = pw
				if base.EnableSecret == base.Password {
					cfg.EnableSecret = pw // the enable secret defaults to the login password
				}
			} else if cfg.IdentityFile == "" {
				return nil, nil, fmt.Errorf("the password variable %s is not set (the inventory names it for this site): export it, or give the site an identity_file", c.PasswordEnv)
			}
		}
		if c.EnableSecretEnv != "" {
			if v := os.Getenv(c.EnableSecretEnv); v != "" {
				cfg.EnableSecret = v
			}
		}
		if cfg.Password == "" && cfg.IdentityFile == "" && cfg.SSHConfigFile == "" {
			return nil, nil, fmt.Errorf("no SSH credentials: set VCDIAG_PASSWORD, or give the site password_env or identity_file in the inventory")
		}
		return collectors.SSHDialer(cfg), cfg.SecurityNotes(), nil
	}
}

// loginSecrets fills the command line's password, when ask says one is
// needed, from VCDIAG_PASSWORD or a prompt on a terminal, and the enable
// secret from VCDIAG_ENABLE_SECRET (default: the password): what run and
// watch do before their first login, for one site or a fleet.
func loginSecrets(cfg *collectors.SSHConfig, s streams, ask bool) error {
	if ask {
		pw, err := collectors.PasswordFromEnvOrPrompt(os.Stdin, s.err)
		if err != nil {
			return err
		}
		cfg.Password = pw
	}
	if cfg.EnableSecret == "" {
		cfg.EnableSecret = collectors.EnableSecretFromEnv(cfg.Password)
	}
	return nil
}

// needsBasePassword says whether some site takes its password from the
// command line's (VCDIAG_PASSWORD or a prompt) rather than its own.
func needsBasePassword(inv *profile.Inventory, base collectors.SSHConfig) bool {
	if base.IdentityFile != "" || base.Password != "" {
		return false
	}
	for _, s := range inv.Sites {
		if s.Credentials.PasswordEnv == "" && s.Credentials.IdentityFile == "" {
			return true
		}
	}
	return false
}

// runInventory is `vcdiag run --inventory`: every site at once under the
// session limit, a report per site and the rollup in the output folder,
// the rollup on stdout, and the worst site's exit code.
func runInventory(ctx context.Context, s streams, o runOptions) error {
	inv, err := loadInventory(o.fleet.inventory)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	sites, shard, err := shardSites(inv.Sites, o.fleet.shard)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	if err := loginSecrets(&o.ssh, s, needsBasePassword(inv, o.ssh)); err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	s.err = sharedStderr(s.err)
	o.ssh.Notices = s.err
	if o.ssh.InsecureSkipHostKey {
		fmt.Fprintln(s.err, "vcdiag: warning: --insecure-skip-host-key: host keys are not verified; anyone on the path can pose as a CPE and receive the login")
	}
	dir := o.fleet.outputDir
	if dir == "" {
		dir = "vcdiag-fleet-" + time.Now().Format("20060102-150405")
	}
	f, err := collectFleet(ctx, s, sites, fleetDialer(o.ssh), o.live, o.fleet.parallel, dir)
	if err != nil {
		return err
	}
	f.Shard = shard
	return writeFleet(s, f, dir, o.live.report)
}

// collectFleet runs the fleet under the run's deadline and Ctrl-C,
// saying on a terminal how far it got. With dir, each site's reports are
// written there as soon as it is diagnosed, while the others are still
// being collected (their sessions mostly wait), so the rendering is
// hidden behind the collection instead of following it.
func collectFleet(ctx context.Context, s streams, sites []profile.InventorySite,
	dialer func(profile.InventorySite) (collectors.Dialer, []string, error), lo liveOptions, parallel int, dir string) (*fleetOutcome, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	cpes := 0
	for _, site := range sites {
		cpes += len(site.Profile.CPEs)
	}
	if parallel <= 0 {
		parallel = fleet.DefaultParallel()
	}
	var files *siteFiles
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, &exitError{code: exitUnknown, err: fmt.Errorf("--output-dir: %w", err)}
		}
		files = newSiteFiles(dir, sites, lo.report)
	}
	started := time.Now()
	fmt.Fprintf(s.err, "vcdiag: %d sites, %d CPEs, at most %d sessions at once\n", len(sites), cpes, parallel)
	var done atomic.Int32
	var mu sync.Mutex
	tty := isTerminal(s.err)
	results := fleet.Run(ctx, sites, fleet.Options{
		Parallel: parallel, Timeout: lo.timeout, SampleInterval: lo.sampleInterval, MTUSweep: lo.mtuSweep,
		Skip: lo.report.skip, Version: vcdiagVersion(), Dialer: dialer,
		Done: func(r fleet.Result) {
			files.write(r)
			n := done.Add(1)
			if !tty {
				return
			}
			status := "UNKNOWN"
			if r.Report != nil {
				status = strings.ToUpper(r.Report.Status.String())
			}
			mu.Lock()
			fmt.Fprintf(s.err, "[%*d/%d] %-7s %s (%s)\n", len(fmt.Sprint(len(sites))), n, len(sites), status,
				textsafe.String(r.Site.Name()), r.Duration.Round(100*time.Millisecond))
			mu.Unlock()
		},
	})
	out := &fleetOutcome{Fleet: fleet.Rollup(results, vcdiagVersion(), time.Now())}
	if files != nil {
		if err := files.finish(out.Fleet); err != nil {
			return nil, &exitError{code: exitUnknown, err: err}
		}
	}
	fmt.Fprintf(s.err, "vcdiag: %d sites in %s\n", len(sites), time.Since(started).Round(100*time.Millisecond))
	return out, nil
}

// fleetOutcome is the rollup, and the rollup's renderings already
// written to files (by format), which stdout reuses.
type fleetOutcome struct {
	*checks.Fleet
	rendered map[string][]byte
}

// siteFiles writes each site's reports into the output folder as the
// site ends, at most one render per core at a time (the collection's
// goroutines keep the rest).
type siteFiles struct {
	dir   string
	names map[string]string // site name -> file name, without extension
	ro    reportOptions
	sem   chan struct{}

	mu    sync.Mutex
	files map[string]map[string]string // site -> format -> file
	err   error
}

func newSiteFiles(dir string, sites []profile.InventorySite, ro reportOptions) *siteFiles {
	names := make([]string, len(sites))
	for i, s := range sites {
		names[i] = s.Name()
	}
	safe := siteFileNames(names)
	sf := &siteFiles{dir: dir, names: map[string]string{}, ro: ro, sem: make(chan struct{}, runtime.NumCPU()), files: map[string]map[string]string{}}
	for i, n := range names {
		sf.names[n] = safe[i]
	}
	return sf
}

// write renders one site's text, JSON and HTML reports (nil sf: none).
func (sf *siteFiles) write(r fleet.Result) {
	if sf == nil || r.Report == nil {
		return
	}
	sf.sem <- struct{}{}
	defer func() { <-sf.sem }()
	files := map[string]string{}
	var firstErr error
	for _, f := range siteFormats {
		name := sf.names[r.Site.Name()] + f.ext
		render, _ := reports.Lookup(f.format)
		err := writeFile(filepath.Join(sf.dir, name), func(w io.Writer) error {
			return render(w, r.Report, reports.Options{Verbose: sf.ro.verbose})
		})
		if err != nil && firstErr == nil {
			firstErr = err
		}
		files[f.format] = name
	}
	sf.mu.Lock()
	defer sf.mu.Unlock()
	sf.files[r.Site.Name()] = files
	if sf.err == nil {
		sf.err = firstErr
	}
}

// finish links each site's files into the rollup.
func (sf *siteFiles) finish(f *checks.Fleet) error {
	sf.mu.Lock()
	defer sf.mu.Unlock()
	for i := range f.Sites {
		if files, ok := sf.files[f.Sites[i].Name]; ok {
			f.Sites[i].Files = files
		}
	}
	return sf.err
}

// writeFleet writes the rollup's files into dir ("": none; the sites'
// reports are already there), then the rollup on stdout in the chosen
// format, and returns the worst site's exit code.
func writeFleet(s streams, f *fleetOutcome, dir string, ro reportOptions) error {
	f.rendered = map[string][]byte{}
	if dir != "" {
		for _, rf := range rollupFiles {
			render, _ := reports.LookupFleet(rf.format)
			var b bytes.Buffer
			if err := render(&b, f.Fleet, reports.Options{}); err != nil {
				return &exitError{code: exitUnknown, err: fmt.Errorf("write %s: %w", rf.name, err)}
			}
			if err := os.WriteFile(filepath.Join(dir, rf.name), b.Bytes(), 0o644); err != nil {
				return &exitError{code: exitUnknown, err: err}
			}
			f.rendered[rf.format] = b.Bytes()
		}
	}
	w, closeFn, err := writeTo(s, ro.output)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	color := !ro.noColor && reports.ColorEnabled(w)
	if b, ok := f.rendered[ro.format]; ok && !color {
		_, err = w.Write(b)
	} else {
		render, lerr := reports.LookupFleet(ro.format)
		if lerr != nil {
			_ = closeFn()
			return &exitError{code: exitUnknown, err: lerr}
		}
		err = render(w, f.Fleet, reports.Options{Color: color})
	}
	if err != nil {
		_ = closeFn()
		return &exitError{code: exitUnknown, err: fmt.Errorf("write the rollup: %w", err)}
	}
	if err := closeFn(); err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	if dir != "" {
		fmt.Fprintf(s.err, "reports written to %s (index.html, fleet.json, fleet.junit.xml, one set per site)\n", dir)
	}
	return &exitError{code: f.ExitCode()}
}

// writeFile writes path through render, closing it.
func writeFile(path string, render func(io.Writer) error) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(fh, 64<<10)
	if err := render(bw); err != nil {
		fh.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		fh.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return fh.Close()
}

// siteFileNames are the sites' names made safe as file names (letters,
// digits, '-', '_'; nothing that climbs out of the folder), unique
// whatever the case of the file system.
func siteFileNames(sites []string) []string {
	out := make([]string, len(sites))
	used := map[string]bool{"fleet": true, "index": true}
	for i, s := range sites {
		name := strings.Map(func(r rune) rune {
			switch {
			case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
				return r
			}
			return '_'
		}, s)
		if name == "" || len(name) > 100 {
			name = fmt.Sprintf("site-%d", i+1)
		}
		base := name
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s-%d", base, n)
		}
		used[strings.ToLower(name)] = true
		out[i] = name
	}
	return out
}

// shardSites keeps the sites of shard "i/n" ("" keeps all).
func shardSites(sites []profile.InventorySite, spec string) ([]profile.InventorySite, string, error) {
	if spec == "" {
		return sites, "", nil
	}
	sh, err := fleet.ParseShard(spec)
	if err != nil {
		return nil, "", usageError("--shard %s: %v", spec, err)
	}
	return sh.Select(sites), sh.String(), nil
}
