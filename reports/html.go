package reports

import (
	"io"

	"github.com/vcdiag/vcdiag/checks"
)

// HTML is being written; see issue 6.
func HTML(w io.Writer, r *checks.Report, o Options) error {
	if r == nil {
		return errNilReport
	}
	_, err := io.WriteString(w, "TODO\n")
	return err
}
