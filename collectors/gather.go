package collectors

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/registry"
	"github.com/vcdiag/vcdiag/profile"
)

// TranscriptFile is one transcript to read and, optionally, the CPE it
// belongs to ("--cpe NAME=FILE"). With CPE empty, blocks are mapped to
// CPEs by their prompt hostname.
type TranscriptFile struct {
	Path string
	CPE  string
	// Limits bound reading the file (zero fields: the defaults).
	Limits TranscriptLimits
}

// FromTranscripts reads transcripts into evidence for the profile's CPEs.
// Blocks map to a CPE by the file's explicit CPE, else by prompt hostname
// (case-insensitive), else, when the profile has a single CPE and the file
// names at most one host, to that CPE. Every recognised command becomes an
// evidence.Output in file order (a repeated command is a further sample),
// with its text redacted before it is parsed or kept.
//
// An unreadable file, or one larger than its Limits, is an error naming
// it. What is readable but not usable (no recognised command, hostnames
// matching no CPE, commands vcdiag does not read, lines cut at the line
// limit) becomes a Site note instead.
func FromTranscripts(p *profile.Profile, files []TranscriptFile) (*evidence.Site, error) {
	if p == nil {
		return nil, fmt.Errorf("read transcripts: no profile")
	}
	site := &evidence.Site{}
	for _, f := range files {
		tr, err := readFile(f)
		if err != nil {
			return nil, err
		}
		if err := gatherFile(site, p, f, tr); err != nil {
			return nil, err
		}
	}
	for _, c := range p.CPEs {
		cpe := site.EnsureCPE(c.Name)
		if len(cpe.Outputs) == 0 {
			cpe.Problems = append(cpe.Problems, "no transcript holds output of a command vcdiag reads for this CPE")
		}
	}
	return site, nil
}

func readFile(tf TranscriptFile) (*Transcript, error) {
	f, err := os.Open(tf.Path)
	if err != nil {
		return nil, fmt.Errorf("transcript %s: %w", tf.Path, err)
	}
	defer f.Close()
	return ReadTranscriptWith(tf.Path, f, tf.Limits)
}

// gatherFile adds one transcript's recognised outputs to site.
func gatherFile(site *evidence.Site, p *profile.Profile, f TranscriptFile, tr *Transcript) error {
	m, err := newMapper(p, f, tr)
	if err != nil {
		return err
	}
	site.Notes = append(site.Notes, tr.Notes...)
	var ignored []string
	used := 0
	unmapped := map[string]bool{}
	for _, b := range tr.Blocks {
		if b.ConfigMode {
			continue
		}
		name, mapped := m.cpe(b.Hostname)
		plat, err := platformOf(p, name)
		if err != nil {
			return err
		}
		c, ok := plat.Identify(b.Command)
		if !ok {
			if !sessionSetup(b.Command) {
				ignored = append(ignored, b.Command)
			}
			continue
		}
		if !mapped {
			unmapped[b.Hostname] = true
			continue
		}
		cpe := site.EnsureCPE(name)
		addHost(cpe, tr.Name)
		o := newOutput(plat, c, b)
		o.Source = fmt.Sprintf("%s:%d", filepath.Base(tr.Name), b.Line)
		record(plat, cpe, o)
		used++
	}
	if len(unmapped) > 0 {
		site.Notes = append(site.Notes, m.unmappedNote(unmapped))
	}
	if used == 0 && len(unmapped) == 0 {
		site.Notes = append(site.Notes, fmt.Sprintf(
			"transcript %s: no command vcdiag reads was found (%d command blocks)", tr.Name, len(tr.Blocks)))
	}
	if len(ignored) > 0 {
		site.Notes = append(site.Notes, ignoredNote(tr.Name, ignored))
	}
	return nil
}

// mapper decides which profile CPE a block belongs to.
type mapper struct {
	file     string
	explicit string
	byName   map[string]string // lower-case name -> profile name
	only     string            // the single CPE a single-host file maps to
	names    []string
}

func newMapper(p *profile.Profile, f TranscriptFile, tr *Transcript) (*mapper, error) {
	m := &mapper{file: tr.Name, byName: map[string]string{}}
	for _, c := range p.CPEs {
		m.byName[strings.ToLower(c.Name)] = c.Name
		m.names = append(m.names, c.Name)
	}
	if f.CPE != "" {
		name, ok := m.byName[strings.ToLower(f.CPE)]
		if !ok {
			return nil, fmt.Errorf("transcript %s: --cpe %s: the profile has no such CPE (CPEs: %s)",
				f.Path, f.CPE, strings.Join(m.names, ", "))
		}
		m.explicit = name
		return m, nil
	}
	hosts := map[string]bool{}
	for _, b := range tr.Blocks {
		if b.Hostname != "" {
			hosts[strings.ToLower(b.Hostname)] = true
		}
	}
	if len(p.CPEs) == 1 && len(hosts) <= 1 {
		m.only = p.CPEs[0].Name
	}
	return m, nil
}

func (m *mapper) cpe(host string) (string, bool) {
	if m.explicit != "" {
		return m.explicit, true
	}
	if name, ok := m.byName[strings.ToLower(host)]; ok {
		return name, true
	}
	if m.only != "" {
		return m.only, true
	}
	return "", false
}

func (m *mapper) unmappedNote(hosts map[string]bool) string {
	var hs []string
	for h := range hosts {
		if h == "" {
			h = "(no prompt hostname)"
		} else {
			h = fmt.Sprintf("%q", h)
		}
		hs = append(hs, h)
	}
	sort.Strings(hs)
	return fmt.Sprintf("transcript %s: output from %s matches no profile CPE (CPEs: %s); map it with --cpe NAME=%s",
		m.file, strings.Join(hs, ", "), strings.Join(m.names, ", "), m.file)
}

func ignoredNote(file string, cmds []string) string {
	seen := map[string]bool{}
	var distinct []string
	for _, c := range cmds {
		c = registry.RedactCommand(c)
		if !seen[c] && len(distinct) < 5 {
			distinct = append(distinct, c)
		}
		seen[c] = true
	}
	more := ""
	if len(seen) > len(distinct) {
		more = ", ..."
	}
	return fmt.Sprintf("transcript %s: ignored %d command(s) vcdiag does not read: %s%s",
		file, len(cmds), strings.Join(distinct, ", "), more)
}

// sessionSetup reports commands that only prepare a session (enable,
// terminal settings); they are not worth a note.
func sessionSetup(cmd string) bool {
	w := strings.Fields(strings.ToLower(cmd))
	return len(w) > 0 && (isAbbrev(w[0], "enable", 2) || isAbbrev(w[0], "terminal", 3) ||
		isAbbrev(w[0], "configure", 4) || w[0] == "end" || w[0] == "exit")
}

func addHost(cpe *evidence.CPE, file string) {
	for _, h := range strings.Split(cpe.Host, ", ") {
		if h == file {
			return
		}
	}
	if cpe.Host != "" {
		cpe.Host += ", "
	}
	cpe.Host += file
}

// platformOf returns the platform of the profile's CPE called name (the
// default platform when name is not a CPE of the profile: a block that maps
// to no CPE is only identified, to tell a command vcdiag reads from one it
// ignores).
func platformOf(p *profile.Profile, name string) (platform.Platform, error) {
	kind := ""
	if c := p.CPE(name); c != nil {
		kind = c.Platform
	}
	plat, err := registry.Lookup(kind)
	if err != nil {
		return nil, fmt.Errorf("cpe %s: %w", name, err)
	}
	return plat, nil
}

// newOutput turns a recognised block into an output: its command line and
// its text redacted by the platform's rules (and every platform's, for
// safety), before anything else reads them. The command line is cited in
// every report ("show run | include snmp-server community X" names the
// secret it looked for); the output is read in the light of the command
// typed, which is how an output that lists secrets is recognised.
func newOutput(plat platform.Platform, c platform.Command, b Block) *evidence.Output {
	text := registry.RedactOutput(b.Command, registry.OutputFor(plat, b.Command, b.Output))
	return &evidence.Output{
		Command: registry.RedactCommand(registry.CommandFor(plat, c.Text)), Kind: parsers.Kind(c.Kind), Arg: c.Arg, Variant: c.Variant,
		Families: c.Families, Text: text, Lines: parsers.Lines(text), At: b.At,
	}
}

// record adds an output to the CPE's evidence and reads its facts. An
// output that already carries a collection failure is kept as such.
func record(plat platform.Platform, cpe *evidence.CPE, o *evidence.Output) {
	if cpe.Platform == "" {
		cpe.Platform, cpe.Dialect = plat.Name(), plat.Dialect()
	}
	cpe.Add(o)
	read(plat, o, cpe)
}

// read runs the platform's reader, turning a panic into an error on the
// output, so that one bad output cannot abort the analysis of a site.
func read(plat platform.Platform, o *evidence.Output, cpe *evidence.CPE) {
	defer func() {
		if r := recover(); r != nil {
			o.Err = fmt.Errorf("read %q: reader panic: %v", o.Command, r)
		}
	}()
	plat.Read(o, cpe)
}

// isAbbrev reports whether w abbreviates full with at least min letters.
func isAbbrev(w, full string, min int) bool {
	return len(w) >= min && len(w) <= len(full) && strings.HasPrefix(full, w)
}
