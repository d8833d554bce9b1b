package main

import (
	"context"
	"fmt"
	"io"
	"os"
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
	cpeFiles    []string // NAME=FILE
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
		Use:   "analyze --profile SITE.yaml TRANSCRIPT... | analyze --bundle CASE.zip",
		Short: "Diagnose a site offline from saved session logs or show-tech files",
		Long: `analyze reads what a customer attached to a case, a terminal session log
(prompt lines like "cpe1#show crypto ikev2 sa" followed by the output) or a
show-tech style file ("------------------ show ... ------------------"), and
walks the ladder for every tunnel of the profile.

Transcripts are matched to the profile's CPEs by the hostname in the prompt,
or explicitly with --cpe NAME=FILE. A command that appears twice is a second
sample: counter checks (encaps/decaps rising, SA age growing) need two.
Commands missing from the transcript make the checks that need them "unknown",
never "pass".

--bundle FILE.zip writes an evidence bundle of the analysis. Given alone
(no transcript, no --pcap), it names a bundle to re-diagnose offline
instead, with the profile inside it unless --profile is given; a bundle
named as an argument (CASE.zip) is read too.`,
		Example: `  vcdiag analyze --profile acme.yaml cpe1-session.log
  vcdiag analyze --profile acme.yaml --cpe cpe1=east.log --cpe cpe2=west.log
  vcdiag analyze --profile acme.yaml case-1234.log --format json -o report.json
  vcdiag analyze --profile acme.yaml case-1234.log --pcap cpe1-wan.pcap
  vcdiag analyze --profile acme.yaml case-1234.log --bundle case-1234.zip
  vcdiag analyze --bundle case-1234.zip
  vcdiag analyze --profile acme.yaml case-1234.log --baseline last-week.json`,
		RunE: func(_ *cobra.Command, args []string) error {
			return runAnalyze(s, o, args, time.Now())
		},
	}
	cmd.Flags().StringVarP(&o.profilePath, "profile", "p", "", "site profile (YAML; see 'vcdiag profile init') (required)")
	cmd.Flags().StringArrayVar(&o.cpeFiles, "cpe", nil, "map a transcript to a CPE of the profile: NAME=FILE (repeatable)")
	cmd.Flags().StringArrayVar(&o.pcaps, "pcap", nil, "add a packet capture (pcap or pcapng) to the evidence (repeatable)")
	o.limits.addTranscriptFlags(cmd.Flags())
	o.limits.addCaptureFlags(cmd.Flags())
	o.limits.addBundleFlags(cmd.Flags())
	o.report.addFlags(cmd)
	o.after.addFlags(cmd)
	return cmd
}

func runAnalyze(s streams, o analyzeOptions, args []string, now time.Time) error {
	if zip, rest, ok := bundleToRead(&o, args); ok {
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
			return &exitError{code: exitUnknown, err: fmt.Errorf("--cpe %q: want NAME=FILE", m)}
		}
		if p.CPE(name) == nil {
			return &exitError{code: exitUnknown, err: fmt.Errorf("--cpe %q: the profile has no CPE named %q", m, name)}
		}
		files = append(files, collectors.TranscriptFile{Path: path, CPE: name, Limits: o.limits.transcript})
	}
	if len(files) == 0 && len(o.pcaps) == 0 {
		return &exitError{code: exitUnknown, err: fmt.Errorf("no transcript given: name at least one file, or use --cpe NAME=FILE (or --pcap FILE)")}
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
