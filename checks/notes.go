package checks

import (
	"errors"
	"fmt"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
)

// outputNotes names, once each, what was set aside from a CPE's outputs
// (syslog messages printed in the middle of an output) and which outputs
// could not be used and why, so that a report never drops evidence
// silently. Commands never sent because the session was gone are left out:
// the CPE's problems already say why.
func outputNotes(cpe *evidence.CPE) []string {
	if cpe == nil {
		return nil
	}
	var notes []string
	var noisy []string
	lines := 0
	for _, o := range cpe.Outputs {
		if len(o.SetAside) > 0 {
			lines += len(o.SetAside)
			noisy = append(noisy, where(o))
		}
	}
	if lines > 0 {
		more := ""
		if len(noisy) > 3 {
			noisy, more = noisy[:3], fmt.Sprintf(" and %d more", len(noisy)-3)
		}
		s := "s"
		if lines == 1 {
			s = ""
		}
		notes = append(notes, fmt.Sprintf("%s: %d syslog message%s printed inside command outputs were set aside (in %s%s) and read as log evidence",
			cpe.Name, lines, s, strings.Join(noisy, ", "), more))
	}
	for _, o := range cpe.Outputs {
		for _, n := range o.Notes {
			notes = append(notes, cpe.Name+": "+where(o)+": "+n)
		}
	}
	for _, o := range cpe.Outputs {
		if o.Err == nil || errors.Is(o.Err, evidence.ErrNotCollected) || strings.Contains(o.Err.Error(), "not sent") {
			continue
		}
		notes = append(notes, cpe.Name+": "+evidence.Unusable(o))
	}
	return notes
}

func where(o *evidence.Output) string {
	if o.Source != "" {
		return o.Command + " at " + o.Source
	}
	return o.Command
}
