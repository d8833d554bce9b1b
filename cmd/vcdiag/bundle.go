package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/bundle"
	"github.com/vcdiag/vcdiag/collectors/capture"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/pipeline"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/reports"
	"github.com/vcdiag/vcdiag/reports/textsafe"
)

// afterOptions say what happens to a finished report besides rendering it:
// --bundle writes an evidence bundle, --baseline prints what changed since
// an earlier JSON report. run, demo and analyze share them.
type afterOptions struct {
	bundle   string
	baseline string
	// profilePath is the profile the run used, copied into the bundle.
	profilePath string
}

func (o *afterOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.bundle, "bundle", "",
		"also write an evidence bundle (zip: report in every format, redacted transcripts, captures, profile, manifest) to FILE; 'vcdiag analyze FILE' reads it back")
	cmd.Flags().StringVar(&o.baseline, "baseline", "", "compare with an earlier JSON report (vcdiag ... --format json -o FILE) and print what changed")
}

// check fails early, before any collection, on a --baseline that cannot
// be read.
func (o *afterOptions) check() error {
	if o.baseline == "" {
		return nil
	}
	_, err := readReportFile(o.baseline)
	return err
}

// bundleTranscript is one transcript to put in the bundle.
type bundleTranscript struct {
	path string
	cpe  string
	// rewrite: a customer's file, re-rendered from what was read rather
	// than copied (bundle.RewriteTranscript), within limits. vcdiag's own
	// session logs are copied, redacted again.
	rewrite bool
	limits  collectors.TranscriptLimits
}

// bundleInputs is what a bundle carries besides the report.
type bundleInputs struct {
	started     time.Time
	transcripts []bundleTranscript
	pcaps       []string
	packets     *evidence.Packets
}

// finish renders rep, appends or prints the diff against --baseline and
// writes --bundle. The exit code is the report's, or the diff's when that
// is higher (docs/diff.md).
func (o *afterOptions) finish(s streams, ro reportOptions, in bundleInputs, rep *checks.Report) error {
	var ee *exitError
	if err := ro.write(s, rep); !errors.As(err, &ee) || ee.err != nil {
		return err
	}
	code := ee.code
	if o.baseline != "" {
		dc, err := printBaselineDiff(s, ro, o.baseline, rep)
		if err != nil {
			return &exitError{code: exitUnknown, err: err}
		}
		code = max(code, dc)
	}
	if o.bundle != "" {
		if err := writeBundle(o.bundle, o.profilePath, in, rep); err != nil {
			return &exitError{code: exitUnknown, err: err}
		}
		fmt.Fprintf(s.err, "evidence bundle written to %s\n", o.bundle)
	}
	return &exitError{code: code}
}

// bundleReports maps the report formats a bundle carries to file names.
var bundleReports = []struct{ format, name string }{
	{"json", "report.json"}, {"text", "report.txt"}, {"html", "report.html"}, {"markdown", "report.md"},
}

func writeBundle(dst, profilePath string, in bundleInputs, rep *checks.Report) error {
	w, err := bundle.Create(dst, bundle.Manifest{
		VcdiagVersion: vcdiagVersion(),
		Command:       bundle.MaskArgs(os.Args),
		Started:       in.started,
	})
	if err != nil {
		return err
	}
	if err := fillBundle(w, profilePath, in, rep); err != nil {
		w.Abort()
		return fmt.Errorf("bundle %s: %w", dst, err)
	}
	return w.Close(time.Now())
}

func fillBundle(w *bundle.Writer, profilePath string, in bundleInputs, rep *checks.Report) error {
	for _, r := range bundleReports {
		render, err := reports.Lookup(r.format)
		if err != nil {
			w.Note(r.name + ": not included, this build has no " + r.format + " renderer")
			continue
		}
		var b bytes.Buffer
		if err := render(&b, rep, reports.Options{Verbose: true}); err != nil {
			return fmt.Errorf("render %s: %w", r.format, err)
		}
		// Every device line of a report was redacted before rendering;
		// redacting the document again could break its syntax.
		if err := w.Add(bundle.FileEntry{Name: r.name, Kind: bundle.KindReport}, b.Bytes()); err != nil {
			return err
		}
	}
	if profilePath != "" {
		data, err := os.ReadFile(profilePath)
		if err != nil {
			return err
		}
		if err := w.AddText(bundle.FileEntry{Name: "profile.yaml", Kind: bundle.KindProfile}, string(data)); err != nil {
			return err
		}
	}
	names := map[string]bool{}
	for _, t := range in.transcripts {
		if err := addTranscript(w, t, uniqueName(names, "transcripts", t.path)); err != nil {
			return err
		}
	}
	for _, p := range in.pcaps {
		if err := w.AddFile(bundle.FileEntry{Name: uniqueName(names, "captures", p), Kind: bundle.KindCapture}, p); err != nil {
			return err
		}
	}
	if in.packets != nil {
		return w.AddText(bundle.FileEntry{Name: "captures/summary.txt", Kind: bundle.KindCaptureSummary}, capture.Summary(in.packets))
	}
	return nil
}

func addTranscript(w *bundle.Writer, t bundleTranscript, name string) error {
	e := bundle.FileEntry{Name: name, Kind: bundle.KindTranscript, CPE: t.cpe}
	f, err := os.Open(t.path)
	if err != nil {
		return err
	}
	defer f.Close()
	if !t.rewrite {
		var b bytes.Buffer
		if _, err := b.ReadFrom(f); err != nil {
			return err
		}
		return w.AddText(e, b.String())
	}
	tr, err := collectors.ReadTranscriptWith(filepath.Base(t.path), f, t.limits)
	if err != nil {
		return err
	}
	return w.AddText(e, bundle.RewriteTranscript(tr))
}

// uniqueName names a file in a bundle folder after its base name, numbered
// when two inputs share one.
func uniqueName(used map[string]bool, dir, p string) string {
	base := strings.Map(func(r rune) rune {
		if r < 0x20 || r == '\\' || r == ':' || r == '/' {
			return '_'
		}
		return r
	}, filepath.Base(p))
	if base == "." || base == ".." || base == "" {
		base = "file"
	}
	name := path.Join(dir, base)
	for i := 2; used[name]; i++ {
		name = path.Join(dir, fmt.Sprintf("%d-%s", i, base))
	}
	used[name] = true
	return name
}

// liveTranscripts records the session logs of a live run for the bundle:
// into --save-transcript's folder when given, else a temporary one.
type liveTranscripts struct {
	mu    sync.Mutex
	dir   string
	tmp   bool
	files []bundleTranscript
}

// recordTranscripts makes lo save every session when a bundle is asked
// for, and remembers which file holds which CPE. It returns nil without
// --bundle.
func (o *afterOptions) recordTranscripts(lo *pipeline.Live, saveDir string, p *profile.Profile, started time.Time) (*liveTranscripts, error) {
	if o.bundle == "" {
		return nil, nil
	}
	lt := &liveTranscripts{dir: saveDir}
	inner := lo.Transcripts
	if inner == nil {
		dir, err := os.MkdirTemp("", "vcdiag-bundle-")
		if err != nil {
			return nil, err
		}
		lt.dir, lt.tmp = dir, true
		inner = collectors.TranscriptDir(dir, started,
			fmt.Sprintf("vcdiag %s run, profile %s, started %s", vcdiagVersion(), p.Name, started.UTC().Format(time.RFC3339)))
	}
	lo.Transcripts = func(cpe string) (*collectors.TranscriptWriter, error) {
		tw, err := inner(cpe)
		if err == nil {
			lt.mu.Lock()
			lt.files = append(lt.files, bundleTranscript{path: filepath.Join(lt.dir, tw.Name()), cpe: cpe})
			lt.mu.Unlock()
		}
		return tw, err
	}
	return lt, nil
}

// inputs returns what the live run gives the bundle.
func (lt *liveTranscripts) inputs(started time.Time, writePcap string, pk *evidence.Packets) bundleInputs {
	in := bundleInputs{started: started, packets: pk}
	if writePcap != "" {
		in.pcaps = []string{writePcap}
	}
	if lt != nil {
		lt.mu.Lock()
		in.transcripts = append(in.transcripts, lt.files...)
		lt.mu.Unlock()
	}
	return in
}

// cleanup removes the temporary transcript folder, if one was made.
func (lt *liveTranscripts) cleanup() {
	if lt != nil && lt.tmp {
		os.RemoveAll(lt.dir)
	}
}

// analyzeInputs returns what an offline analysis gives the bundle: the
// customer's transcripts (rewritten, never copied) and captures.
func analyzeInputs(started time.Time, files []collectors.TranscriptFile, pcaps []string, pk *evidence.Packets, lim inputLimits) bundleInputs {
	in := bundleInputs{started: started, pcaps: pcaps, packets: pk}
	for _, f := range files {
		in.transcripts = append(in.transcripts, bundleTranscript{path: f.Path, cpe: f.CPE, rewrite: true, limits: lim.transcript})
	}
	return in
}

// bundleToRead returns the bundle analyze should read: a positional
// argument ending in .zip. --bundle never names an input: it only writes,
// so what a command line does is read from it alone.
func bundleToRead(args []string) (string, []string, bool) {
	for i, a := range args {
		if isBundleName(a) {
			rest := append(append([]string(nil), args[:i]...), args[i+1:]...)
			return a, rest, true
		}
	}
	return "", args, false
}

// isBundleName says whether an argument of analyze names a bundle.
func isBundleName(arg string) bool {
	return strings.HasSuffix(strings.ToLower(arg), ".zip")
}

// runAnalyzeBundle re-diagnoses a bundle offline: its profile (unless
// --profile is given), transcripts and captures are extracted into a
// temporary folder and analysed as if named on the command line.
//
// Reading is bounded by --max-bundle-size (and the fixed limits of
// bundle.DefaultLimits); what is extracted is then read within the
// transcript and capture limits like any file named on the command line.
func runAnalyzeBundle(s streams, o analyzeOptions, zipPath string, args []string, now time.Time) error {
	b, err := bundle.Open(zipPath, o.limits.bundleLimits())
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	defer b.Close()
	dir, err := os.MkdirTemp("", "vcdiag-analyze-bundle-")
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	defer os.RemoveAll(dir)
	extract := func(kind string, each func(e bundle.FileEntry, path string)) error {
		for _, e := range b.Manifest.Entries(kind) {
			p, err := b.Extract(e.Name, dir)
			if err != nil {
				return err
			}
			each(e, p)
		}
		return nil
	}
	var errs []error
	if o.profilePath == "" {
		errs = append(errs, extract(bundle.KindProfile, func(_ bundle.FileEntry, p string) { o.profilePath = p }))
		if o.profilePath == "" {
			errs = append(errs, fmt.Errorf("bundle %s holds no profile: give one with --profile", zipPath))
		}
	}
	o.cpeFiles = append([]string(nil), o.cpeFiles...)
	errs = append(errs, extract(bundle.KindTranscript, func(e bundle.FileEntry, p string) {
		if e.CPE != "" {
			o.cpeFiles = append(o.cpeFiles, e.CPE+"="+p)
		} else {
			args = append(args, p)
		}
	}))
	o.pcaps = append([]string(nil), o.pcaps...)
	errs = append(errs, extract(bundle.KindCapture, func(_ bundle.FileEntry, p string) { o.pcaps = append(o.pcaps, p) }))
	if err := errors.Join(errs...); err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	fmt.Fprintf(s.err, "analyzing bundle %s (vcdiag %s, %s)\n", textsafe.String(zipPath), textsafe.String(b.Manifest.VcdiagVersion), b.Manifest.Started.UTC().Format(time.RFC3339))
	return runAnalyze(s, o, args, now)
}
