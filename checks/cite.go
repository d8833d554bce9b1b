package checks

import (
	"slices"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

// maxAbsenceLines bounds how much of an output is cited when the deciding
// fact is that something is missing from it.
const maxAbsenceLines = 12

// citeRef cites the lines of a fact that show attrs, or the whole record
// when none of attrs was marked (or none is asked for).
func citeRef(cpe string, r evidence.Ref, attrs ...evidence.Attr) []Citation {
	if !r.Valid() {
		return nil
	}
	if len(attrs) > 0 {
		if nums := r.Lines(attrs...); len(nums) > 0 {
			return citeLines(cpe, r.Out, nums...)
		}
	}
	return citeSpan(cpe, r.Out, r.Span)
}

// citeAttr cites only the lines marked attrs; nil when none was marked.
func citeAttr(cpe string, r evidence.Ref, attrs ...evidence.Attr) []Citation {
	if !r.Valid() {
		return nil
	}
	return citeLines(cpe, r.Out, r.Lines(attrs...)...)
}

// citeHead cites a record's identifying lines, else its first line.
func citeHead(cpe string, r evidence.Ref) []Citation {
	if c := citeAttr(cpe, r, evidence.AttrHead); c != nil {
		return c
	}
	return citeSpan(cpe, r.Out, parsers.Span{Start: r.Span.Start, End: r.Span.Start})
}

// citeSpan cites the lines of a span of o.
func citeSpan(cpe string, o *evidence.Output, s parsers.Span) []Citation {
	if o == nil || s.Start <= 0 {
		return nil
	}
	end := max(s.End, s.Start)
	var nums []int
	for n := s.Start; n <= end; n++ {
		nums = append(nums, n)
	}
	return citeLines(cpe, o, nums...)
}

// citeLines cites individual 1-based line numbers of an output.
func citeLines(cpe string, o *evidence.Output, nums ...int) []Citation {
	if o == nil {
		return nil
	}
	nums = slices.Clone(nums)
	slices.Sort(nums)
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
