package reports

import (
	"io"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/reports/textsafe"
)

// present is the one way into a renderer: every exported format calls it
// with its layout function. It refuses a nil report and hands the layout
// a copy of the report in which every string (evidence lines, commands,
// summaries, observed and expected values, names, notes, and any field
// added later) has passed through textsafe.String. Layouts therefore never
// see a control character, a bidi override or a byte that is not UTF-8,
// whatever the router printed; they still escape for their own syntax
// (HTML, Markdown, XML). The caller's report is not touched: it is
// rendered in several formats in turn (run --format, bundles, watch).
func present(w io.Writer, r *checks.Report, o Options, layout Renderer) error {
	if r == nil {
		return errNilReport
	}
	return layout(w, textsafe.Copy(r), o)
}
