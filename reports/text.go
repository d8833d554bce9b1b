package reports

import (
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fatih/color"

	"github.com/vcdiag/vcdiag/checks"
)

// Text writes r for the engineer on call, in kube-bench order: a header
// with the overall verdict and, first, each CPE that could not be collected
// with its cause and fix; then the root cause and remediation of every
// failing tunnel and failing site check (the thing to act on first), then
// each tunnel's ladder rung by rung, the site checks, collection notes, and
// a one-line summary. Checks left unknown by a CPE that was not collected
// point at its cause instead of repeating it.
func Text(w io.Writer, r *checks.Report, o Options) error { return present(w, r, o, writeText) }

func writeText(w io.Writer, r *checks.Report, o Options) error {
	p := &printer{w: w, o: o, pal: newPalette(o.Color)}
	p.header(r)
	p.rootCauses(r)
	p.ladders(r)
	p.siteChecks(r)
	p.notes(r)
	p.summary(r)
	return p.err
}

// printer writes lines and remembers the first write error, so the layout
// code reads top to bottom without an error check per line.
type printer struct {
	w   io.Writer
	o   Options
	pal palette
	err error
}

// line writes indent spaces and the parts, concatenated. Parts are never
// used as a format string: device text may contain '%'.
func (p *printer) line(indent int, parts ...string) {
	if p.err != nil {
		return
	}
	_, p.err = io.WriteString(p.w, strings.Repeat(" ", indent)+strings.Join(parts, "")+"\n")
}

func (p *printer) blank() { p.line(0) }

// palette holds one color object per role. Each is switched on or off
// explicitly so fatih/color's global NoColor is never read or written.
type palette struct {
	status  map[checks.Status]*color.Color
	heading *color.Color
	id      *color.Color
}

func newPalette(on bool) palette {
	mk := func(a ...color.Attribute) *color.Color {
		c := color.New(a...)
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	return palette{
		status: map[checks.Status]*color.Color{
			checks.Pass:    mk(color.FgGreen),
			checks.Warn:    mk(color.FgYellow),
			checks.Unknown: mk(color.FgMagenta),
			checks.Fail:    mk(color.FgRed, color.Bold),
			checks.Skip:    mk(color.Faint),
		},
		heading: mk(color.Bold),
		id:      mk(color.Bold),
	}
}

// paint colours s for status s; unknown status values stay plain.
func (pl palette) paint(st checks.Status, s string) string {
	if c, ok := pl.status[st]; ok {
		return c.Sprint(s)
	}
	return s
}

// symbols are the one-character markers of the ladder.
var symbols = map[checks.Status]string{
	checks.Pass:    "✔",
	checks.Fail:    "✘",
	checks.Warn:    "!",
	checks.Skip:    "-",
	checks.Unknown: "?",
}

func (pl palette) symbol(st checks.Status) string {
	s, ok := symbols[st]
	if !ok {
		s = "?"
	}
	return pl.paint(st, s)
}

func (p *printer) header(r *checks.Report) {
	site := r.Profile.Name
	if r.Profile.Region != "" {
		site += " (" + r.Profile.Region + ")"
	}
	p.line(0, p.pal.heading.Sprint("vcdiag report: "+site))
	p.line(0, "generated ", formatTime(r.GeneratedAt), " by vcdiag ", orDash(r.VcdiagVersion))
	code := r.ExitCode()
	p.line(0, "overall: ", p.pal.paint(r.Status, strings.ToUpper(r.Status.String())),
		" (exit ", strconv.Itoa(code), ": ", exitMeaning(code), ")")
	p.security(r)
	p.collectionFailures(r)
	if len(r.Tunnels) == 0 && len(r.SiteRootCauses) == 0 {
		return
	}
	p.blank()
	nameW, dcW, cpeW, ifW := 0, 0, 0, 0
	if len(r.SiteRootCauses) > 0 {
		nameW = width("site")
	}
	for _, t := range r.Tunnels {
		nameW = max(nameW, width(t.Name))
		dcW = max(dcW, width(dcLabel(t.DC)))
		cpeW = max(cpeW, width(t.CPE))
		ifW = max(ifW, width(t.Interface))
	}
	for _, t := range r.Tunnels {
		cols := pad(t.Name, nameW) + "  " + pad(dcLabel(t.DC), dcW) + "  " + pad(t.CPE, cpeW) + "  "
		if ifW > 0 {
			cols += pad(t.Interface, ifW) + "  "
		}
		rest := ""
		if t.RootCause != nil {
			rest = "  root cause: " + t.RootCause.Check
		} else if cpe, ok := notCollected(t); ok {
			rest = "  not collected from " + cpe
		}
		p.line(2, p.pal.symbol(t.Status), " ", cols, p.pal.paint(t.Status, t.Status.String()), rest)
	}
	colsW := nameW + 2 + dcW + 2 + cpeW + 2
	if ifW > 0 {
		colsW += ifW + 2
	}
	p.siteHeader(r, colsW)
}

func (p *printer) notes(r *checks.Report) {
	if len(r.Notes) == 0 {
		return
	}
	p.blank()
	p.line(0, p.pal.heading.Sprint("NOTES"))
	for _, n := range r.Notes {
		p.line(2, "- ", n)
	}
}

// summary counts the results the report carries (tunnel and site checks)
// per status; it presents the report's own verdict and exit code.
func (p *printer) summary(r *checks.Report) {
	counts := map[checks.Status]int{}
	total := 0
	add := func(rs []checks.Result) {
		for _, res := range rs {
			counts[res.Status]++
			total++
		}
	}
	for _, t := range r.Tunnels {
		for _, s := range t.Stages {
			add(s.Checks)
		}
	}
	add(r.SiteChecks)
	order := []checks.Status{checks.Pass, checks.Warn, checks.Unknown, checks.Fail, checks.Skip}
	parts := make([]string, 0, len(order))
	for _, st := range order {
		parts = append(parts, p.pal.paint(st, strconv.Itoa(counts[st])+" "+st.String()))
	}
	code := r.ExitCode()
	p.blank()
	p.line(0, p.pal.heading.Sprint("SUMMARY"), " ", strconv.Itoa(total), " checks: ", strings.Join(parts, ", "),
		"; exit ", strconv.Itoa(code), " (", exitMeaning(code), ")")
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "(time not recorded)"
	}
	return t.Format(time.RFC3339)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// dcLabel writes the profile's DC letter the way the activation form and
// Cisco's documentation name it ("A" -> "DC-A").
func dcLabel(dc string) string {
	if dc == "" || strings.HasPrefix(strings.ToUpper(dc), "DC") {
		return dc
	}
	return "DC-" + dc
}

// width approximates display width by runes; IDs and names are ASCII.
func width(s string) int { return utf8.RuneCountInString(s) }

func pad(s string, n int) string {
	if d := n - width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}
