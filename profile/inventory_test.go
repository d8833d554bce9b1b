package profile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// inlineProfile is example.yaml renamed, indented to sit under
// "  - profile:".
func inlineProfile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../testdata/profiles/example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "name: ") {
			l = "name: " + name
		}
		out.WriteString("      " + l + "\n")
	}
	return out.String()
}

// writeInventory writes files (name -> text) into a fresh directory and
// returns its path.
func writeInventory(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func copyProfile(t *testing.T, src string) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLoadInventory(t *testing.T) {
	t.Setenv("HOME", "/home/noc")
	dir := writeInventory(t, map[string]string{
		"sites/acme.yaml":   copyProfile(t, "../testdata/profiles/example.yaml"),
		"sites/globex.yaml": copyProfile(t, "../testdata/profiles/two-cpe.yaml"),
		"fleet.yaml": `# the NOC's fleet
defaults:
  credentials:
    password_env: NOC_PASSWORD
    known_hosts: known_hosts
sites:
  - profile: sites/acme.yaml
  - profile: sites/globex.yaml
    credentials:
      password_env: GLOBEX_PASSWORD
      identity_file: ~/.ssh/globex
  - profile:
` + inlineProfile(t, "initech") + `
`,
	})
	inv, err := LoadInventory(filepath.Join(dir, "fleet.yaml"), Rules{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range inv.Sites {
		names = append(names, s.Name())
	}
	if got, want := strings.Join(names, ","), "acme-east,globex-west,initech"; got != want {
		t.Fatalf("sites %s, want %s", got, want)
	}
	kh := filepath.Join(dir, "known_hosts")
	want := []Credentials{
		{PasswordEnv: "NOC_PASSWORD", KnownHosts: kh},
		{PasswordEnv: "GLOBEX_PASSWORD", IdentityFile: "/home/noc/.ssh/globex", KnownHosts: kh},
		{PasswordEnv: "NOC_PASSWORD", KnownHosts: kh},
	}
	for i, s := range inv.Sites {
		if s.Credentials != want[i] {
			t.Errorf("site %s credentials %+v, want %+v", s.Name(), s.Credentials, want[i])
		}
	}
	if src := inv.Sites[2].Source; !strings.HasSuffix(src, "fleet.yaml:12") {
		t.Errorf("inline site source %q, want fleet.yaml:12", src)
	}
	if len(inv.Sites[2].Profile.Tunnels) != 2 || inv.Sites[2].Profile.Tunnels[0].Site == nil {
		t.Errorf("inline profile not validated and linked: %+v", inv.Sites[2].Profile.Tunnels)
	}
}

func TestLoadInventoryShorthandAndDirectory(t *testing.T) {
	dir := writeInventory(t, map[string]string{
		"profiles/acme.yaml":    copyProfile(t, "../testdata/profiles/example.yaml"),
		"profiles/globex.yml":   copyProfile(t, "../testdata/profiles/two-cpe.yaml"),
		"profiles/README.txt":   "not a profile",
		"profiles/.hidden.yaml": "garbage: [",
		"fleet.yaml":            "sites:\n  - profiles/acme.yaml\n",
	})
	inv, err := LoadInventory(filepath.Join(dir, "fleet.yaml"), Rules{})
	if err != nil || len(inv.Sites) != 1 || inv.Sites[0].Name() != "acme-east" {
		t.Fatalf("shorthand: %v %+v", err, inv)
	}
	inv, err = LoadInventory(filepath.Join(dir, "profiles"), Rules{})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Sites) != 2 || inv.Sites[0].Name() != "acme-east" || inv.Sites[1].Name() != "globex-west" {
		t.Fatalf("directory: %+v", inv.Sites)
	}
}

// TestInventoryErrors: every problem is reported at its file and line,
// all at once, and a value that may be a secret is never echoed.
func TestInventoryErrors(t *testing.T) {
	acme := copyProfile(t, "../testdata/profiles/example.yaml")
	badASN := strings.Replace(acme, "di_asn: 64602", "di_asn: banana", 1)
	if badASN == acme {
		t.Fatal("example.yaml has no di_asn: 64602 line to break")
	}
	tests := []struct {
		name  string
		files map[string]string
		want  []string // substrings of the error, in order
		never string   // must not appear in the error
	}{
		{
			name:  "typo in a credentials field",
			files: map[string]string{"fleet.yaml": "sites:\n  - profile: acme.yaml\n    credentials:\n      pasword_env: X\n", "acme.yaml": acme},
			want:  []string{"fleet.yaml:4: sites[0].credentials.pasword_env: unknown field (did you mean password_env?)"},
		},
		{
			name:  "a password written in",
			files: map[string]string{"fleet.yaml": "defaults:\n  credentials:\n    password: hunter2\nsites:\n  - acme.yaml\n", "acme.yaml": acme},
			want:  []string{"fleet.yaml:3: defaults.credentials.password: secrets do not belong"},
			never: "hunter2",
		},
		{
			name:  "the password where its variable's name belongs",
			files: map[string]string{"fleet.yaml": "sites:\n  - profile: acme.yaml\n    credentials:\n      password_env: 'S3cr3t!pw'\n", "acme.yaml": acme},
			want:  []string{"fleet.yaml:4: sites[0].credentials.password_env: must name an environment variable"},
			never: "S3cr3t",
		},
		{
			name:  "missing profile file",
			files: map[string]string{"fleet.yaml": "sites:\n  - profile: nowhere.yaml\n"},
			want:  []string{"fleet.yaml:2: sites[0].profile: load profile:", "nowhere.yaml"},
		},
		{
			name:  "error inside a named profile carries that file's line",
			files: map[string]string{"fleet.yaml": "sites:\n  - profile: acme.yaml\n", "acme.yaml": badASN},
			want:  []string{"acme.yaml:", "tunnels[0].di_asn"},
		},
		{
			name: "error inside an inline profile carries the inventory's line and the site's path",
			files: map[string]string{"fleet.yaml": "sites:\n  - profile:\n" +
				strings.Replace(inlineProfile(t, "initech"), "di_asn: 64602", "di_asn: banana", 1)},
			want: []string{"fleet.yaml:", "sites[0].profile.tunnels[0].di_asn"},
		},
		{
			name:  "two sites with one name",
			files: map[string]string{"fleet.yaml": "sites:\n  - acme.yaml\n  - profile: again.yaml\n", "acme.yaml": acme, "again.yaml": acme},
			want:  []string{`fleet.yaml:3: name: site name "acme-east" is used twice`},
		},
		{
			name:  "no sites",
			files: map[string]string{"fleet.yaml": "defaults:\n  credentials:\n    password_env: X\n"},
			want:  []string{"no sites"},
		},
		{
			name:  "sites not a list",
			files: map[string]string{"fleet.yaml": "sites: acme.yaml\n"},
			want:  []string{"fleet.yaml:1: sites: want a list of sites"},
		},
		{
			name:  "unknown top-level field",
			files: map[string]string{"fleet.yaml": "site:\n  - acme.yaml\n", "acme.yaml": acme},
			want:  []string{"fleet.yaml:1: site: unknown field (did you mean sites?)"},
		},
		{
			name: "several problems at once, the inventory's first",
			files: map[string]string{"fleet.yaml": "sites:\n  - profile: acme.yaml\n  - profile: gone.yaml\n    credentials:\n      known_hosts: ''\n",
				"acme.yaml": badASN},
			want: []string{"fleet.yaml:3: sites[1].profile", "fleet.yaml:5: sites[1].credentials.known_hosts: empty", "acme.yaml:"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeInventory(t, tt.files)
			_, err := LoadInventory(filepath.Join(dir, "fleet.yaml"), Rules{})
			if err == nil {
				t.Fatal("loaded, want an error")
			}
			msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
			rest := msg
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("error does not say %q (in order):\n%s", w, msg)
				}
				rest = rest[i+len(w):]
			}
			if tt.never != "" && strings.Contains(msg, tt.never) {
				t.Errorf("error echoes %q:\n%s", tt.never, msg)
			}
		})
	}
}

func TestInventoryDirectoryErrors(t *testing.T) {
	dir := writeInventory(t, map[string]string{"empty/README": "x"})
	if _, err := LoadInventory(filepath.Join(dir, "empty"), Rules{}); err == nil || !strings.Contains(err.Error(), "holds no site profile") {
		t.Errorf("empty directory: %v", err)
	}
	acme := copyProfile(t, "../testdata/profiles/example.yaml")
	dir = writeInventory(t, map[string]string{"a.yaml": acme, "b.yaml": acme, "c.yaml": "name: [\n"})
	_, err := LoadInventory(dir, Rules{})
	if err == nil {
		t.Fatal("loaded a directory with a duplicate and a broken profile")
	}
	for _, w := range []string{"c.yaml:", `b.yaml: name: site name "acme-east" is used twice`} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error does not say %q:\n%v", w, err)
		}
	}
}

func FuzzParseInventory(f *testing.F) {
	f.Add([]byte("sites:\n  - profile: a.yaml\n"))
	f.Add([]byte("defaults:\n  credentials:\n    password_env: X\nsites:\n  - profile:\n      name: x\n"))
	f.Add([]byte("sites: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		inv, err := ParseInventory(data, filepath.Join(t.TempDir(), "fleet.yaml"), Rules{})
		if err == nil && len(inv.Sites) == 0 {
			t.Fatal("an inventory without sites loaded")
		}
	})
}
