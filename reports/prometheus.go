package reports

import (
	"io"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/reports/metrics"
)

// Prometheus writes the report's metrics in the Prometheus text exposition
// format, the families `vcdiag watch` serves (docs/watch.md). A report
// alone carries the verdicts and a few numbers (IKE SA age, ping loss,
// tunnel load); the rates and prefix counts need the evidence, which the CLI
// passes to metrics.WriteReport itself when it has it (run, analyze, watch).
func Prometheus(w io.Writer, r *checks.Report, o Options) error {
	return present(w, r, o, writePrometheus)
}

func writePrometheus(w io.Writer, r *checks.Report, _ Options) error {
	return metrics.WriteReport(w, r, nil)
}
