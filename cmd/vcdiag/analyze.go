package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/bundle"
	"github.com/vcdiag/vcdiag/collectors/capture"
	"github.com/vcdiag/vcdiag/pipeline"
)

type analyzeOptions struct {
	profilePath string
	cpeFiles    []string // --transcript NAME=FILE
	cpeAlias    []string // --cpe NAME=FILE, the deprecated name of --transcript
	pcaps       []string
	limits      inputLimits
	report      reportOptions
	after       afterOptions
}

// inputLimits bound what the files named on the command line may cost:
// session logs, captures, bundles (docs/security.md). Every file is
// untrusted input; each limit has a default far above real files and a
// flag for the rare one above it.
type inputLimits struct {
	transcript collectors.TranscriptLimits
	capture    capture.Limits
	// bundleSize bounds a bundle's files, uncompressed, one and all.
	bundleSize int64
}

func newInputLimits() inputLimits {
	return inputLimits{
		transcript: collectors.TranscriptLimits{}.WithDefaults(),
		capture:    capture.Limits{}.WithDefaults(),
		bundleSize: bundle.DefaultLimits.MaxTotalSize,
	}
}

func (l *inputLimits) addTranscriptFlags(f *pflag.FlagSet) {
	f.Var(&sizeFlag{&l.transcript.MaxBytes}, strings.TrimPrefix(collectors.TranscriptBytesFlag, "--"),
		"largest session log read (e.g. 1GiB); a larger one is refused")
	f.Var(&sizeFlag{&l.transcript.MaxLineBytes}, strings.TrimPrefix(collectors.TranscriptLineFlag, "--"),
		"longest line of a session log; a longer one is cut, with a note")
}

func (l *inputLimits) addCaptureFlags(f *pflag.FlagSet) {
	f.Var(&countFlag{&l.capture.MaxInterfaces}, strings.TrimPrefix(capture.InterfacesFlag, "--"),
		"most interface blocks in one pcapng section")
	f.Var(&sizeFlag{&l.capture.MaxBlockBytes}, strings.TrimPrefix(capture.BlockFlag, "--"),
		"largest pcapng block or pcap record (one packet)")
}

func (l *inputLimits) addBundleFlags(f *pflag.FlagSet) {
	f.Var(&sizeFlag{&l.bundleSize}, strings.TrimPrefix(bundle.SizeFlag, "--"),
		"most a bundle read by analyze may hold, uncompressed (its files are extracted to a temporary folder)")
}

// bundleLimits returns the limits of reading a bundle. --max-bundle-size
// bounds each file and all of them: files are extracted to disk as they
// are decompressed, so one file costs no more than several.
func (l inputLimits) bundleLimits() bundle.Limits {
	lim := bundle.DefaultLimits
	lim.MaxTotalSize = l.bundleSize
	lim.MaxFileSize = l.bundleSize
	return lim
}

func newAnalyzeCommand(s streams) *cobra.Command {
	o := analyzeOptions{limits: newInputLimits()}
	cmd := &cobra.Command{
		Use:   "analyze --profile SITE.yaml TRANSCRIPT... | analyze CASE.zip",
		Short: "Diagnose a site offline from saved session logs or show-tech files",
		Long: `analyze reads what a customer attached to a case, a terminal session log
(prompt lines like "cpe1#show crypto ikev2 sa" followed by the output) or a
show-tech style file ("------------------ show ... ------------------"), and
walks the ladder for every tunnel of the profile.

Transcripts are matched to the profile's CPEs by the hostname in the prompt,
or explicitly with --transcript NAME=FILE. A command that appears twice is a second
sample: counter checks (encaps/decaps rising, SA age growing) need two.
Commands missing from the transcript make the checks that need them "unknown",
never "pass".

An evidence bundle named as an argument (CASE.zip, written by --bundle) is
read: re-diagnosed offline with the profile inside it unless --profile is
given. --bundle FILE.zip only ever writes a bundle of this analysis.`,
		Example: `  vcdiag analyze --profile acme.yaml cpe1-session.log
  vcdiag analyze --profile acme.yaml --transcript cpe1=east.log --transcript cpe2=west.log
  vcdiag analyze --profile acme.yaml case-1234.log -o report.json     # JSON, from the extension
  vcdiag analyze --profile acme.yaml case-1234.log --pcap cpe1-wan.pcap
  vcdiag analyze --profile acme.yaml case-1234.log --bundle case-1234.zip   # writes the bundle
  vcdiag analyze case-1234.zip                                              # reads it
  vcdiag analyze --profile acme.yaml case-1234.log --baseline last-week.json`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := o.check(c, args, s.err); err != nil {
				return err
			}
			return runAnalyze(s, o, args, time.Now())
		},
	}
	cmd.Flags().StringVarP(&o.profilePath, "profile", "p", "",
		"site profile (YAML; see 'vcdiag profile init'); required, except to read a bundle (CASE.zip), which carries its own")
	cmd.Flags().StringArrayVar(&o.cpeFiles, "transcript", nil,
		"read a session log as the profile's CPE it came from, when its prompt does not say: `NAME=FILE` (repeatable)")
	// --cpe NAME=FILE was this flag's name; on run and watch --cpe NAME
	// selects a CPE. The old spelling keeps working for a while.
	// Hidden rather than MarkDeprecated: cobra prints that notice on
	// standard output, inside a JSON report (check prints it on stderr).
	cmd.Flags().StringArrayVar(&o.cpeAlias, "cpe", nil, "deprecated name of --transcript NAME=FILE")
	_ = cmd.Flags().MarkHidden("cpe")
	cmd.Flags().StringArrayVar(&o.pcaps, "pcap", nil, "add a packet capture (pcap or pcapng) to the evidence (repeatable)")
	o.limits.addTranscriptFlags(cmd.Flags())
	o.limits.addCaptureFlags(cmd.Flags())
	o.limits.addBundleFlags(cmd.Flags())
	o.report.addFlags(cmd)
	o.after.addFlags(cmd)
	return cmd
}

// check refuses, before any file is read or written, flags that cannot
// work together: the report's format and --skip IDs, --bundle naming the
// bundle being read, --bundle asked to read.
func (o *analyzeOptions) check(cmd *cobra.Command, args []string, stderr io.Writer) error {
	if err := o.report.check(cmd); err != nil {
		return err
	}
	if len(o.cpeAlias) > 0 {
		fmt.Fprintln(stderr, "vcdiag: analyze --cpe NAME=FILE is deprecated: use --transcript NAME=FILE (on run and watch, --cpe NAME selects a CPE)")
		o.cpeFiles = append(o.cpeFiles, o.cpeAlias...)
		o.cpeAlias = nil
	}
	var reading []string
	for _, a := range args {
		if isBundleName(a) {
			reading = append(reading, a)
		}
	}
	switch {
	case len(reading) > 1:
		return usageError("%s: analyze reads one bundle at a time", strings.Join(reading, ", "))
	case o.after.bundle == "":
	case len(reading) == 1 && sameFile(reading[0], o.after.bundle):
		return usageError("--bundle %s would overwrite the bundle being read: write the new one to another file", o.after.bundle)
	case len(args) == 0 && len(o.cpeFiles) == 0 && len(o.pcaps) == 0:
		return usageError("--bundle %s only writes a bundle, and there is nothing to analyse; to read a bundle, name it: vcdiag analyze %s",
			o.after.bundle, o.after.bundle)
	}
	if o.report.output != "" && o.report.output != "-" && (len(reading) == 1 && sameFile(reading[0], o.report.output) ||
		o.after.bundle != "" && sameFile(o.after.bundle, o.report.output)) {
		return usageError("-o %s is also a bundle of this command: write the report to another file", o.report.output)
	}
	return nil
}

// sameFile says whether two names given on the command line are one file.
func sameFile(a, b string) bool {
	ca, ea := filepath.Abs(a)
	cb, eb := filepath.Abs(b)
	return ea == nil && eb == nil && ca == cb
}

func runAnalyze(s streams, o analyzeOptions, args []string, now time.Time) error {
	if zip, rest, ok := bundleToRead(args); ok {
		return runAnalyzeBundle(s, o, zip, rest, now)
	}
	if o.profilePath == "" {
		return &exitError{code: exitUnknown, err: fmt.Errorf(`required flag "profile" not set (it may be left out only when analysing a bundle)`)}
	}
	if err := o.after.check(); err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	p, err := pipeline.LoadProfile(o.profilePath)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	var files []collectors.TranscriptFile
	for _, a := range args {
		files = append(files, collectors.TranscriptFile{Path: a, Limits: o.limits.transcript})
	}
	for _, m := range o.cpeFiles {
		name, path, ok := strings.Cut(m, "=")
		if !ok || name == "" || path == "" {
			return &exitError{code: exitUnknown, err: fmt.Errorf("--transcript %q: want NAME=FILE", m)}
		}
		if p.CPE(name) == nil {
			return &exitError{code: exitUnknown, err: fmt.Errorf("--transcript %q: the profile has no CPE named %q", m, name)}
		}
		files = append(files, collectors.TranscriptFile{Path: path, CPE: name, Limits: o.limits.transcript})
	}
	if len(files) == 0 && len(o.pcaps) == 0 {
		return &exitError{code: exitUnknown, err: fmt.Errorf("no transcript given: name at least one file, or use --transcript NAME=FILE (or --pcap FILE)")}
	}
	po := pipelineOptions(p, o.report.skip, func() time.Time { return now })
	po.Files, po.Pcaps, po.CaptureLimits = files, o.pcaps, o.limits.capture
	out, err := pipeline.Run(context.Background(), po)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	o.after.profilePath = o.profilePath
	o.report.evidence = out.Evidence
	return o.after.finish(s, o.report, analyzeInputs(now, files, o.pcaps, out.Evidence.Packets, o.limits), out.Report)
}

// writeTo opens the report destination: stdout, or the -o file.
func writeTo(s streams, path string) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return s.out, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}
