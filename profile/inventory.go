package profile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Inventory is the list of sites one NOC looks after: a profile per site
// and, per site, where its SSH credentials come from. It is what
// `vcdiag run --inventory` and `vcdiag watch --inventory` walk
// (docs/fleet.md).
type Inventory struct {
	// Path is the inventory file or directory as given.
	Path  string
	Sites []InventorySite
}

// InventorySite is one site of an inventory.
type InventorySite struct {
	// Profile is the site's profile, loaded and validated.
	Profile *Profile
	// Source is where the profile came from: its file, or
	// "inventory.yaml:12" for one written inline.
	Source string
	// Credentials are the site's own, over the inventory's defaults;
	// fields left empty fall back to the command line's.
	Credentials Credentials
}

// Name is the site's name (its profile's).
func (s InventorySite) Name() string { return s.Profile.Name }

// Credentials say where a site's SSH login comes from. They hold names
// and paths, never a secret: the password is read from the environment
// variable named here when the site is collected.
type Credentials struct {
	// PasswordEnv names the environment variable holding the SSH password.
	PasswordEnv string
	// EnableSecretEnv names the one holding the enable secret (default:
	// the password).
	EnableSecretEnv string
	// IdentityFile is an SSH private key to log in with instead.
	IdentityFile string
	// KnownHosts is the known_hosts file to check host keys against.
	KnownHosts string
	// SSHConfig makes vcdiag connect through OpenSSH with this ssh_config
	// (ProxyJump bastions; a CPE's host may then be a Host alias).
	SSHConfig string
}

// Over returns c with its empty fields taken from base.
func (c Credentials) Over(base Credentials) Credentials {
	pick := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	return Credentials{
		PasswordEnv:     pick(c.PasswordEnv, base.PasswordEnv),
		EnableSecretEnv: pick(c.EnableSecretEnv, base.EnableSecretEnv),
		IdentityFile:    pick(c.IdentityFile, base.IdentityFile),
		KnownHosts:      pick(c.KnownHosts, base.KnownHosts),
		SSHConfig:       pick(c.SSHConfig, base.SSHConfig),
	}
}

// Inventory limits: far above a partner's fleet (hundreds of sites), far
// below what would make loading one cost.
const (
	// MaxInventoryBytes bounds an inventory file (inline profiles
	// included).
	MaxInventoryBytes = 16 << 20
	// MaxSites bounds the sites of one inventory.
	MaxSites = 10000
)

// envNameRE is what an environment variable's name looks like. A value
// that is not one is refused without being echoed: it may be the password
// itself, written where its variable's name belongs.
var envNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,127}$`)

// LoadInventory reads the inventory at path: a YAML file listing the
// sites, or a directory whose *.yaml and *.yml files are each a site
// profile (credentials then come from the command line alone). Every
// profile is validated as `vcdiag profile check` does; errors carry the
// file and line ("fleet.yaml:14: sites[2].credentials.password_env: ...",
// "sites/acme.yaml:31: tunnels[1].di_asn: ...") and all of them are
// reported at once, as for a profile.
func LoadInventory(path string, rules Rules) (*Inventory, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("load inventory: %w", err)
	}
	if fi.IsDir() {
		return loadInventoryDir(path, rules)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load inventory: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxInventoryBytes+1))
	if err != nil {
		return nil, fmt.Errorf("load inventory: %w", err)
	}
	if len(data) > MaxInventoryBytes {
		return nil, ErrorList{{File: path, Msg: fmt.Sprintf("the inventory is larger than %d MiB: split the fleet", MaxInventoryBytes>>20)}}
	}
	return ParseInventory(data, path, rules)
}

// loadInventoryDir loads every profile of dir, in name order.
func loadInventoryDir(dir string, rules Rules) (*Inventory, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("load inventory: %w", err)
	}
	inv := &Inventory{Path: dir}
	var errs ErrorList
	var other []error
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || !(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			continue
		}
		file := filepath.Join(dir, name)
		p, err := LoadWith(file, rules)
		if err != nil {
			var list ErrorList
			if errors.As(err, &list) {
				errs = append(errs, list...)
			} else {
				other = append(other, err)
			}
			continue
		}
		inv.Sites = append(inv.Sites, InventorySite{Profile: p, Source: file})
	}
	if len(inv.Sites) == 0 && len(errs) == 0 && len(other) == 0 {
		return nil, fmt.Errorf("load inventory: %s holds no site profile (*.yaml, *.yml)", dir)
	}
	errs = append(errs, duplicateSites(inv.Sites, nil)...)
	if len(errs) > 0 || len(other) > 0 {
		return nil, errors.Join(append([]error{errs.orNil()}, other...)...)
	}
	return inv, nil
}

// orNil is l as an error, nil when empty (without sorting: l spans files).
func (l ErrorList) orNil() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// ParseInventory decodes an inventory from YAML text; filename names it
// in errors and is the folder relative paths are read from.
func ParseInventory(data []byte, filename string, rules Rules) (*Inventory, error) {
	root, err := parseYAML(data, filename)
	if err != nil {
		var list ErrorList
		if errors.As(err, &list) && len(list) == 1 && list[0].Msg == "empty profile" {
			list[0].Msg = "empty inventory: list the sites under sites:"
		}
		return nil, err
	}
	base := filepath.Dir(filename)
	d := &decoder{pos: newPositions(filename)}
	inv := &Inventory{Path: filename}
	var defaults Credentials
	var siteLines []int
	var nested ErrorList // errors of the profiles the inventory names
	haveSites := false
	d.fields(root, "", map[string]fieldFunc{
		"defaults": func(path string, v *yaml.Node) {
			d.fields(v, path, map[string]fieldFunc{
				"credentials": func(path string, v *yaml.Node) { d.credentials(path, v, base, &defaults) },
			})
		},
		"sites": func(path string, v *yaml.Node) {
			haveSites = true
			if v.Kind != yaml.SequenceNode {
				d.errorf(v, path, "want a list of sites, got %s", kindName(v))
				return
			}
			if len(v.Content) > MaxSites {
				d.errorf(v, path, "%d sites, more than the %d one inventory may hold: split the fleet", len(v.Content), MaxSites)
				return
			}
			for i, item := range v.Content {
				ip := fmt.Sprintf("%s[%d]", path, i)
				item = resolve(item)
				if item == nil {
					d.errorf(v, ip, "unresolvable alias")
					continue
				}
				site, errs := d.inventorySite(ip, item, base, filename, rules)
				nested = append(nested, errs...)
				if site != nil {
					inv.Sites = append(inv.Sites, *site)
					siteLines = append(siteLines, item.Line)
				}
			}
		},
	})
	errs := append(d.errs, nested...)
	if !haveSites && len(d.errs) == 0 {
		errs = append(errs, &Error{File: filename, Msg: "no sites: list the sites under sites: (each - profile: FILE, or an inline profile)"})
	}
	for i := range inv.Sites {
		inv.Sites[i].Credentials = inv.Sites[i].Credentials.Over(defaults)
	}
	errs = append(errs, duplicateSites(inv.Sites, func(i int) (string, int) { return filename, siteLines[i] })...)
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b *Error) int {
			if a.File != b.File {
				// The inventory's own errors first, then each profile's.
				switch {
				case a.File == filename:
					return -1
				case b.File == filename:
					return 1
				}
				return 0
			}
			return a.Line - b.Line
		})
		if len(errs) > maxErrors {
			more := len(errs) - maxErrors
			errs = append(errs[:maxErrors], &Error{File: filename, Msg: fmt.Sprintf("%d more problems not shown: fix these first", more)})
		}
		return nil, errs
	}
	if len(inv.Sites) == 0 {
		return nil, ErrorList{{File: filename, Msg: "no sites: list the sites under sites:"}}
	}
	return inv, nil
}

// inventorySite decodes one entry of sites: a profile path or an inline
// profile, and the site's credentials. The profile's own errors are
// returned apart: they carry its file (or this one, for an inline one).
func (d *decoder) inventorySite(path string, n *yaml.Node, base, filename string, rules Rules) (*InventorySite, ErrorList) {
	site := &InventorySite{}
	var profileNode *yaml.Node
	switch n.Kind {
	case yaml.ScalarNode: // "- sites/acme.yaml", short for "- profile: sites/acme.yaml"
		profileNode = n
	case yaml.MappingNode:
		d.fields(n, path, map[string]fieldFunc{
			"profile":     func(_ string, v *yaml.Node) { profileNode = v },
			"credentials": func(p string, v *yaml.Node) { d.credentials(p, v, base, &site.Credentials) },
		})
	default:
		d.errorf(n, path, "want a site (profile: FILE, credentials: ...), got %s", kindName(n))
		return nil, nil
	}
	if profileNode == nil {
		if !d.pos.isBad(path) {
			d.errorf(n, path+".profile", "missing: give the site's profile file, or the profile itself")
		}
		return nil, nil
	}
	switch profileNode.Kind {
	case yaml.ScalarNode:
		rel, ok := d.scalar(path+".profile", profileNode)
		if !ok {
			return nil, nil
		}
		rel = strings.TrimSpace(rel)
		if rel == "" {
			d.errorf(profileNode, path+".profile", "empty: give the site's profile file")
			return nil, nil
		}
		file := rel
		if !filepath.IsAbs(file) {
			file = filepath.Join(base, file)
		}
		p, err := LoadWith(file, rules)
		if err != nil {
			var list ErrorList
			if errors.As(err, &list) {
				return nil, list
			}
			d.errorf(profileNode, path+".profile", "%v", err)
			return nil, nil
		}
		site.Profile, site.Source = p, file
	case yaml.MappingNode:
		// An inline profile: decoded as a file of its own would be, with
		// lines of this file and paths under the site's.
		pd := &decoder{pos: newPositions(filename)}
		p := &Profile{}
		pd.profile(profileNode, p)
		errs := append(pd.errs, check(p, pd.pos, rules)...)
		for _, e := range errs {
			if e.Path != "" {
				e.Path = path + ".profile." + e.Path
			} else {
				e.Path = path + ".profile"
			}
			if e.Line == 0 {
				e.Line = profileNode.Line
			}
		}
		if len(errs) > 0 {
			return nil, errs
		}
		site.Profile, site.Source = p, fmt.Sprintf("%s:%d", filename, n.Line)
	default:
		d.errorf(profileNode, path+".profile", "want a profile file name or an inline profile, got %s", kindName(profileNode))
		return nil, nil
	}
	return site, nil
}

// credentials decodes a credentials mapping; paths are made relative to
// the inventory's folder.
func (d *decoder) credentials(path string, n *yaml.Node, base string, c *Credentials) {
	env := func(dst *string) fieldFunc {
		return func(p string, v *yaml.Node) {
			s, ok := d.scalar(p, v)
			if !ok {
				return
			}
			if s = strings.TrimSpace(s); !envNameRE.MatchString(s) {
				// Not echoed: it may be the secret itself.
				d.errorf(v, p, "must name an environment variable (letters, digits and _, not starting with a digit); the secret itself never goes in the inventory")
				return
			}
			*dst = s
		}
	}
	file := func(dst *string) fieldFunc {
		return func(p string, v *yaml.Node) {
			s, ok := d.scalar(p, v)
			if !ok {
				return
			}
			if s = strings.TrimSpace(s); s == "" {
				d.errorf(v, p, "empty: give a file")
				return
			}
			*dst = expandPath(s, base)
		}
	}
	d.fields(n, path, map[string]fieldFunc{
		"password_env":      env(&c.PasswordEnv),
		"enable_secret_env": env(&c.EnableSecretEnv),
		"identity_file":     file(&c.IdentityFile),
		"known_hosts":       file(&c.KnownHosts),
		"ssh_config":        file(&c.SSHConfig),
	})
}

// expandPath resolves ~/ to the home directory and a relative path
// against base (the inventory's folder), so an inventory works from any
// working directory.
func expandPath(p, base string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(base, p)
}

// duplicateSites reports sites sharing a name: reports, metrics and the
// rollup are keyed by it. where gives an entry's file and line (nil: the
// profile's own file).
func duplicateSites(sites []InventorySite, where func(i int) (string, int)) ErrorList {
	first := map[string]int{}
	var errs ErrorList
	for i, s := range sites {
		j, dup := first[s.Name()]
		if !dup {
			first[s.Name()] = i
			continue
		}
		file, line := s.Source, 0
		if where != nil {
			file, line = where(i)
		}
		errs = append(errs, &Error{File: file, Line: line, Path: "name",
			Msg: fmt.Sprintf("site name %q is used twice (also by %s): reports and metrics are keyed by it", s.Name(), sites[j].Source)})
	}
	return errs
}
