package sim

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/ssh/knownhosts"
)

// The files WriteFiles writes under its folder.
const (
	FleetInventoryFile  = "inventory.yaml"
	FleetKnownHostsFile = "known_hosts"
	FleetSitesDir       = "sites"
)

// WriteFiles writes what `vcdiag run --inventory` needs to reach the
// fleet: dir/sites/<site>.yaml (one profile per site, WriteProfile),
// dir/known_hosts (every CPE's host key) and dir/inventory.yaml listing
// the sites (docs/fleet.md). The inventory is written last, to a temporary
// file renamed into place, so a reader that sees it finds every profile
// and every server listening. Profiles of an earlier fleet in
// dir/sites (site-*.yaml not in this one) are removed, as a stale one
// would point at a port nothing serves.
func (f *Fleet) WriteFiles(dir string) (string, error) {
	inventory := filepath.Join(dir, FleetInventoryFile)
	sitesDir := filepath.Join(dir, FleetSitesDir)
	if err := os.MkdirAll(sitesDir, 0o755); err != nil {
		return "", fmt.Errorf("write fleet files: %w", err)
	}
	if err := os.Remove(inventory); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("write fleet files: %w", err)
	}
	keep := map[string]bool{}
	for _, s := range f.Sites {
		var b strings.Builder
		if err := WriteProfile(&b, s.Scenario, s.Servers, DefaultUser); err != nil {
			return "", fmt.Errorf("write fleet files: %w", err)
		}
		name := s.Name + ".yaml"
		keep[name] = true
		if err := os.WriteFile(filepath.Join(sitesDir, name), []byte(b.String()), 0o644); err != nil {
			return "", fmt.Errorf("write fleet files: %w", err)
		}
	}
	if err := removeStaleProfiles(sitesDir, keep); err != nil {
		return "", err
	}
	var kh strings.Builder
	for _, srv := range f.Servers() {
		kh.WriteString(knownhosts.Line([]string{knownhosts.Normalize(srv.Addr())}, srv.HostKey()) + "\n")
	}
	if err := os.WriteFile(filepath.Join(dir, FleetKnownHostsFile), []byte(kh.String()), 0o644); err != nil {
		return "", fmt.Errorf("write fleet files: %w", err)
	}
	if err := writeAtomic(inventory, []byte(f.inventory())); err != nil {
		return "", fmt.Errorf("write fleet files: %w", err)
	}
	return inventory, nil
}

// inventory is the text of inventory.yaml.
func (f *Fleet) inventory() string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	o := f.Options
	p("# vcdiag inventory: %d simulated sites, written by vcdiag's simulator (docs/fleet.md)", len(f.Sites))
	p("# platform %s, seed %d, scenario mix %s", o.Platform, o.Seed, o.Mix)
	if o.Server.Latency != (Latency{}) {
		p("# latency per command: %s", o.Server.Latency)
	}
	p("# The CPEs listen on loopback only while vcdiag sim runs; both variables")
	p("# below take the simulator's demo password (%s).", DefaultPassword)
	p("defaults:")
	p("  credentials:")
	p("    password_env: VCDIAG_PASSWORD")
	p("    enable_secret_env: VCDIAG_ENABLE_SECRET")
	p("    known_hosts: %s", FleetKnownHostsFile)
	p("sites:")
	for _, s := range f.Sites {
		p("  - profile: %s/%s.yaml  # scenario: %s", FleetSitesDir, s.Name, s.Scenario.Name)
	}
	return b.String()
}

// removeStaleProfiles removes the site-*.yaml files of sitesDir that keep
// does not name.
func removeStaleProfiles(sitesDir string, keep map[string]bool) error {
	old, err := filepath.Glob(filepath.Join(sitesDir, "site-*.yaml"))
	if err != nil {
		return fmt.Errorf("write fleet files: %w", err)
	}
	for _, p := range old {
		if keep[filepath.Base(p)] {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("write fleet files: remove stale profile: %w", err)
		}
	}
	return nil
}

// writeAtomic writes data to a temporary file beside path and renames it
// into place, so a reader sees either no file or all of it.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
