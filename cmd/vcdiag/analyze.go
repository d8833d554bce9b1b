package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/pipeline"
)

type analyzeOptions struct {
	profilePath string
	cpeFiles    []string // NAME=FILE
	pcaps       []string
	report      reportOptions
	after       afterOptions
}

func newAnalyzeCommand(s streams) *cobra.Command {
	o := analyzeOptions{}
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
		files = append(files, collectors.TranscriptFile{Path: a})
	}
	for _, m := range o.cpeFiles {
		name, path, ok := strings.Cut(m, "=")
		if !ok || name == "" || path == "" {
			return &exitError{code: exitUnknown, err: fmt.Errorf("--cpe %q: want NAME=FILE", m)}
		}
		if p.CPE(name) == nil {
			return &exitError{code: exitUnknown, err: fmt.Errorf("--cpe %q: the profile has no CPE named %q", m, name)}
		}
		files = append(files, collectors.TranscriptFile{Path: path, CPE: name})
	}
	if len(files) == 0 && len(o.pcaps) == 0 {
		return &exitError{code: exitUnknown, err: fmt.Errorf("no transcript given: name at least one file, or use --cpe NAME=FILE (or --pcap FILE)")}
	}
	po := pipelineOptions(p, o.report.skip, func() time.Time { return now })
	po.Files, po.Pcaps = files, o.pcaps
	out, err := pipeline.Run(context.Background(), po)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	o.after.profilePath = o.profilePath
	o.report.evidence = out.Evidence
	return o.after.finish(s, o.report, analyzeInputs(now, files, o.pcaps, out.Evidence.Packets), out.Report)
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
