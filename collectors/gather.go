package collectors

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/collectors/redact"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/parsers/iosxe"
)

// TranscriptFile is one transcript to read and, optionally, the CPE it
// belongs to ("--cpe NAME=FILE"). With CPE empty, blocks are mapped to
// CPEs by their prompt hostname.
type TranscriptFile struct {
	Path string
	CPE  string
}

// FromTranscripts reads transcripts into evidence for the profile's CPEs.
// Blocks map to a CPE by the file's explicit CPE, else by prompt hostname
// (case-insensitive), else, when the profile has a single CPE and the file
// names at most one host, to that CPE. Every recognised command becomes an
// evidence.Output in file order (a repeated command is a further sample),
// with its text redacted before it is parsed or kept.
//
// An unreadable file is an error naming it. What is readable but not
// usable (no recognised command, hostnames matching no CPE, commands
// vcdiag does not read) becomes a Site note instead.
func FromTranscripts(p *profile.Profile, files []TranscriptFile) (*evidence.Site, error) {
	if p == nil {
		return nil, fmt.Errorf("read transcripts: no profile")
	}
	site := &evidence.Site{}
	for _, f := range files {
		tr, err := readFile(f.Path)
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

func readFile(path string) (*Transcript, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("transcript %s: %w", path, err)
	}
	defer f.Close()
	return ReadTranscript(path, f)
}

// gatherFile adds one transcript's recognised outputs to site.
func gatherFile(site *evidence.Site, p *profile.Profile, f TranscriptFile, tr *Transcript) error {
	m, err := newMapper(p, f, tr)
	if err != nil {
		return err
	}
	var ignored []string
	used := 0
	unmapped := map[string]bool{}
	for _, b := range tr.Blocks {
		if b.ConfigMode {
			continue
		}
		c, ok := iosxe.Identify(b.Command)
		if !ok {
			if !sessionSetup(b.Command) {
				ignored = append(ignored, b.Command)
			}
			continue
		}
		name, ok := m.cpe(b.Hostname)
		if !ok {
			unmapped[b.Hostname] = true
			continue
		}
		cpe := site.EnsureCPE(name)
		addHost(cpe, tr.Name)
		o := buildOutput(c, b)
		o.Source = fmt.Sprintf("%s:%d", filepath.Base(tr.Name), b.Line)
		cpe.Add(o)
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
		c = redact.Text(c)
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

// buildOutput turns a recognised block into evidence: redacted text, the
// router's own error as a collection failure, else the typed parse.
func buildOutput(c iosxe.Command, b Block) *evidence.Output {
	text := redact.Text(b.Output)
	o := &evidence.Output{
		Command: redact.Text(c.Text), Kind: c.Kind, Arg: c.Arg, Variant: c.Variant,
		Text: text, Lines: parsers.Lines(text), At: b.At,
	}
	if c.Kind == parsers.KindInterfaces && c.Arg != "" {
		// "show int tu1" and "show interfaces Tunnel1" are samples of one
		// command: name the interface the way IOS prints it.
		o.Arg = parsers.InterfaceName(c.Arg)
		o.Command = "show interfaces " + o.Arg
	}
	if msg := iosError(o.Lines); msg != "" {
		o.Err = fmt.Errorf("%w: %s", evidence.ErrCommandFailed, msg)
		return o
	}
	o.Parsed, o.Err = parse(c, text)
	return o
}

// parse runs the command's parser, turning a parser panic into an error so
// that one bad output cannot abort the analysis of a whole site.
func parse(c iosxe.Command, text string) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("parse %q: parser panic: %v", c.Text, r)
		}
	}()
	return iosxe.ParseCommand(c, text)
}

// iosErrors are the messages IOS prints instead of output when it rejects
// a command line.
var iosErrors = []string{
	"% Invalid input detected", "% Incomplete command", "% Ambiguous command",
	"% Unrecognized command", "% Unknown command",
	// BGP listings the router cannot give: without soft-reconfiguration
	// inbound there is no received-routes table, which must read as "not
	// available" rather than as an empty table (no routes received).
	"% Inbound soft reconfiguration not enabled", "% No such neighbor",
}

// iosError returns the router's rejection message when the output is one.
// Only the first lines are looked at: the caret line, then the message.
func iosError(lines []string) string {
	seen := 0
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || t == "^" {
			continue
		}
		for _, e := range iosErrors {
			if strings.HasPrefix(t, e) {
				return t
			}
		}
		if seen++; seen >= 2 {
			return ""
		}
	}
	return ""
}
