package checks

import (
	"sort"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

// maxAbsenceLines bounds how much of an output is cited when the deciding
// fact is that something is missing from it.
const maxAbsenceLines = 12

// cite returns the output lines the spans cover, as one citation. Spans
// are merged in line order; an empty result means there was nothing to cite.
func cite(cpe string, o *evidence.Output, spans ...parsers.Span) []Citation {
	if o == nil {
		return nil
	}
	var nums []int
	for _, s := range spans {
		if s.Start <= 0 {
			continue
		}
		end := s.End
		if end < s.Start {
			end = s.Start
		}
		for n := s.Start; n <= end; n++ {
			nums = append(nums, n)
		}
	}
	return citeLines(cpe, o, nums...)
}

// citeLines cites individual 1-based line numbers of an output.
func citeLines(cpe string, o *evidence.Output, nums ...int) []Citation {
	if o == nil {
		return nil
	}
	sort.Ints(nums)
	var lines []string
	last := -1
	for _, n := range nums {
		if n == last || n <= 0 || n > len(o.Lines) {
			continue
		}
		last = n
		lines = append(lines, o.Lines[n-1])
	}
	if len(lines) == 0 {
		return nil
	}
	return []Citation{{Command: o.Command, CPE: cpe, Source: o.Source, At: o.At, Lines: lines}}
}

// citeAbsence cites an output whose deciding fact is what it lacks: the
// whole output when short, else its first lines (the header). Summaries that
// use it say so.
func citeAbsence(cpe string, o *evidence.Output) []Citation {
	if o == nil {
		return nil
	}
	var lines []string
	for _, l := range o.Lines {
		if l == "" || parsers.IsBanner(l) {
			continue
		}
		lines = append(lines, l)
		if len(lines) == maxAbsenceLines {
			break
		}
	}
	if len(lines) == 0 {
		// An empty output is itself the evidence: cite it as such.
		lines = []string{"(empty output)"}
	}
	return []Citation{{Command: o.Command, CPE: cpe, Source: o.Source, At: o.At, Lines: lines}}
}

// withCitations appends non-empty citation lists.
func withCitations(lists ...[]Citation) []Citation {
	var out []Citation
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// linesWith returns the numbers of the lines inside span that contain any
// of the substrings: the counter lines of a long record.
func linesWith(o *evidence.Output, span parsers.Span, subs ...string) []int {
	var nums []int
	if o == nil {
		return nil
	}
	for n := span.Start; n >= 1 && n <= span.End && n <= len(o.Lines); n++ {
		for _, s := range subs {
			if strings.Contains(o.Lines[n-1], s) {
				nums = append(nums, n)
				break
			}
		}
	}
	return nums
}
