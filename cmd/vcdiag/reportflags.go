package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/reports"
	"github.com/vcdiag/vcdiag/reports/metrics"
)

// reportOptions are the flags every command that produces a report shares.
type reportOptions struct {
	format  string
	output  string
	verbose bool
	noColor bool
	skip    []string

	// evidence, when the command has it, gives the prometheus format the
	// collection problems (the numbers are in the report's results).
	evidence *evidence.Site
}

func (o *reportOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVarP(&o.format, "format", "f", "text",
		"report format: "+strings.Join(reports.Formats(), ", ")+" (when not given, -o's extension decides)")
	cmd.Flags().StringVarP(&o.output, "output", "o", "",
		"write the report to `FILE` instead of standard output; .html, .json, .md, .xml (JUnit), .prom and .txt set the format")
	cmd.Flags().BoolVarP(&o.verbose, "verbose", "v", false, "show the evidence lines of passing checks too")
	cmd.Flags().BoolVar(&o.noColor, "no-color", false, "never colour the text report (NO_COLOR is honoured too)")
	cmd.Flags().StringSliceVar(&o.skip, "skip", nil,
		"check IDs not to run, e.g. --skip mtu.pmtud,routes.best-path or --skip mtu.* ('vcdiag explain' lists them)")
}

// check settles the format (from --format or -o's extension) and the
// --skip IDs before the command collects anything: the flags of cmd, which
// must be the command o's flags were added to.
func (o *reportOptions) check(cmd *cobra.Command) error {
	if err := checkFormat(cmd, "report", &o.format, o.output, reports.Formats()); err != nil {
		return err
	}
	return checkSkip(&o.skip)
}

// write renders rep and turns its status into the exit code.
func (o *reportOptions) write(s streams, rep *checks.Report) error {
	render, err := reports.Lookup(o.format)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	w, closeFn, err := writeTo(s, o.output)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	if o.format == "prometheus" && o.evidence != nil {
		render = func(w io.Writer, r *checks.Report, _ reports.Options) error {
			return metrics.WriteReport(w, r, o.evidence)
		}
	}
	opts := reports.Options{Verbose: o.verbose, Color: !o.noColor && reports.ColorEnabled(w)}
	if err := render(w, rep, opts); err != nil {
		_ = closeFn()
		return &exitError{code: exitUnknown, err: fmt.Errorf("write report: %w", err)}
	}
	if err := closeFn(); err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	if o.output != "" && o.output != "-" {
		fmt.Fprintf(s.err, "report written to %s (status %s)\n", o.output, rep.Status)
	}
	return &exitError{code: rep.ExitCode()}
}
