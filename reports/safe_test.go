package reports

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"golang.org/x/net/html"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/reports/textsafe"
)

// This file holds the text-safety matrix (issue 10, item 4): every class of
// dangerous rune or byte, planted in every field that carries device or
// profile text, rendered in every format. No reader (a terminal, a ticket,
// a browser, a CI server, a Prometheus scrape) may receive the raw rune or
// byte; each must see the visible escape instead; and ordinary device text
// must come out unchanged.

// dangerClasses are the runes and bytes that must never reach a reader,
// with the visible escape that must stand in for them.
var dangerClasses = []struct{ name, raw, visible string }{
	{"C0-ESC-CSI", "\x1b[2J\x1b]0;pwned\x07", `\x1b[2J\x1b]0;pwned\x07`},
	{"C0-NUL", "\x00", `\x00`},
	{"C0-backspace", "FAIL\x08\x08\x08\x08PASS", `FAIL\x08\x08\x08\x08PASS`},
	{"C0-CR", "FAIL\rPASS", `FAIL\rPASS`},
	{"C0-LF", "x\n  ✔ ikev2.sa-ready  faked", `x\n  ✔ ikev2.sa-ready  faked`},
	{"C0-VT-FF", "\v\f", `\x0b\x0c`},
	{"DEL", "\x7f", `\x7f`},
	{"raw-0x9B", "\x9b31mred", `\x9b31mred`},
	{"U+009B", "\u009b31mred", `\u009b31mred`},
	{"U+0085-NEL", "\u0085", `\u0085`},
	{"U+202E-RLO", "\u202eexe.txt", `\u202eexe.txt`},
	{"U+202A-LRE", "\u202a", `\u202a`},
	{"U+202D-LRO", "\u202d", `\u202d`},
	{"U+2066-LRI", "\u2066", `\u2066`},
	{"U+2069-PDI", "\u2069", `\u2069`},
	{"U+200E-LRM", "\u200e", `\u200e`},
	{"U+200F-RLM", "\u200f", `\u200f`},
	{"U+061C-ALM", "\u061c", `\u061c`},
	{"U+200B-ZWSP", "\u200b", `\u200b`},
	{"U+FEFF-BOM", "\ufeff", `\ufeff`},
	{"U+2028-LS", "\u2028", `\u2028`},
	{"U+FFFE", "\ufffe", `\ufffe`},
	{"invalid-0xFF", "\xff\xfe", `\xff\xfe`},
	{"invalid-truncated", "Z\xc3rich", `Z\xc3rich`},
	{"invalid-surrogate", "\xed\xa0\x80", `\xed\xa0\x80`},
	{"invalid-overlong", "\xc0\xaf", `\xc0\xaf`},
}

// ordinaryText is device text that must come out as the device printed it.
var ordinaryText = []string{
	"    #pkts encaps: 18233, #pkts encrypt: 18233, #pkts digest: 18233",
	" neighbor 100.64.1.1 password <redacted>",
	"Mar 14 02:05:11.311: %BGP-5-ADJCHANGE: neighbor 100.64.1.1 Up",
	"description Zürich – Genève",
	"\tTab\tseparated",
}

// textField is one place of a report that carries device or profile text.
type textField struct {
	name string
	set  func(r *checks.Report, s string)
	// inMetrics: the Prometheus exposition shows it (as a label value).
	inMetrics bool
}

// rootResult is tunnel1's failing ikev2.sa-ready in brokenReport: every
// format details a failure with its evidence.
func rootResult(r *checks.Report) *checks.Result { return &r.Tunnels[0].Stages[0].Checks[0] }

var textFields = []textField{
	{"citation-line", func(r *checks.Report, s string) { rootResult(r).Evidence[0].Lines[1] = s }, false},
	{"summary", func(r *checks.Report, s string) { rootResult(r).Summary, r.Tunnels[0].RootCause.Summary = s, s }, false},
	{"observed", func(r *checks.Report, s string) { rootResult(r).Observed = s }, false},
	{"expected", func(r *checks.Report, s string) { rootResult(r).Expected = s }, false},
	{"hint", func(r *checks.Report, s string) { rootResult(r).Hint, r.Tunnels[0].RootCause.Hint = s, s }, false},
	{"verify", func(r *checks.Report, s string) { rootResult(r).Verify = s }, false},
	{"command", func(r *checks.Report, s string) { rootResult(r).Evidence[0].Command = s }, false},
	{"citation-source", func(r *checks.Report, s string) { rootResult(r).Evidence[0].Source = s }, false},
	{"citation-cpe", func(r *checks.Report, s string) { rootResult(r).Evidence[0].CPE = s }, false},
	{"cpe-name", func(r *checks.Report, s string) { r.Tunnels[0].CPE = s }, true},
	{"tunnel-name", func(r *checks.Report, s string) { r.Tunnels[0].Name = s }, true},
	{"dc", func(r *checks.Report, s string) { r.Tunnels[0].DC = s }, true},
	{"interface", func(r *checks.Report, s string) { r.Tunnels[0].Interface = s }, false},
	{"site-name", func(r *checks.Report, s string) { r.Profile.Name = s }, true},
	{"region", func(r *checks.Report, s string) { r.Profile.Region = s }, false},
	{"note", func(r *checks.Report, s string) { r.Notes[0] = s }, false},
	{"site-check-summary", func(r *checks.Report, s string) { r.SiteChecks[1].Summary = s }, false},
}

// variant is one way of rendering: a format name and its options.
type variant struct {
	name   string
	format string
	o      Options
}

// variants covers every format Formats lists (so a format added later is
// in the matrix by construction), plus colour and verbose text.
func variants(t *testing.T) []variant {
	t.Helper()
	var vs []variant
	for _, f := range Formats() {
		if _, ok := views[f]; !ok {
			t.Fatalf("format %q has no view in safe_test.go: add one so the text-safety matrix covers it", f)
		}
		vs = append(vs, variant{f, f, Options{}})
	}
	return append(vs, variant{"text-color", "text", Options{Color: true}}, variant{"text-verbose", "text", Options{Verbose: true}})
}

// views turn a rendered document into the text a reader of that format
// sees, decoding the format's own escaping, or fail when the document does
// not parse.
var views = map[string]func([]byte) (string, error){
	"text":       func(b []byte) (string, error) { return string(sgr.ReplaceAll(b, nil)), nil },
	"markdown":   markdownView,
	"md":         markdownView,
	"json":       jsonView,
	"html":       htmlDocView,
	"junit":      junitView,
	"prometheus": prometheusView,
}

// sgr matches the colour sequences the text renderer writes itself.
var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// mdUnescape undoes CommonMark backslash escapes of ASCII punctuation.
var mdUnescape = regexp.MustCompile("\\\\([!-/:-@\\[-`{-~])")

func markdownView(b []byte) (string, error) { return mdUnescape.ReplaceAllString(string(b), "$1"), nil }

func jsonView(b []byte) (string, error) {
	if !json.Valid(b) {
		return "", errors.New("not valid JSON")
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return "", err
	}
	var sb strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			sb.WriteString(x + "\n")
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for k, e := range x {
				sb.WriteString(k + "\n")
				walk(e)
			}
		}
	}
	walk(v)
	return sb.String(), nil
}

func htmlDocView(b []byte) (string, error) {
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		for _, a := range n.Attr {
			sb.WriteString("\n" + a.Val + "\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return sb.String(), nil
}

func junitView(b []byte) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	var sb strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return sb.String(), nil
		}
		if err != nil {
			return "", err
		}
		switch x := tok.(type) {
		case xml.CharData:
			sb.Write(x)
		case xml.StartElement:
			for _, a := range x.Attr {
				sb.WriteString("\n" + a.Value + "\n")
			}
		}
	}
}

func prometheusView(b []byte) (string, error) {
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				sb.WriteString(l.GetValue() + "\n")
			}
		}
	}
	return sb.String(), nil
}

// unsafeRune finds the first invalid byte or escaped rune in a rendered
// document, other than the newlines the formats lay out with (and the
// colour sequences the text renderer writes itself).
func unsafeRune(format string, out []byte) error {
	if format == "text" {
		out = sgr.ReplaceAll(out, nil)
	}
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRune(out[i:])
		if r == utf8.RuneError && size == 1 {
			return fmt.Errorf("invalid UTF-8 byte %#x at %d: %q", out[i], i, around(out, i))
		}
		if r != '\n' && textsafe.Escaped(r) {
			return fmt.Errorf("raw %U at %d: %q", r, i, around(out, i))
		}
		i += size
	}
	return nil
}

func around(b []byte, i int) []byte { return b[max(0, i-40):min(len(b), i+40)] }

func renderVariant(t *testing.T, v variant, r *checks.Report) []byte {
	t.Helper()
	fn, err := Lookup(v.format)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := fn(&buf, r, v.o); err != nil {
		t.Fatalf("render %s: %v", v.name, err)
	}
	return buf.Bytes()
}

// tagged joins the values, each between two copies of its own tag, so one
// rendering carries every class and each can be found on its own.
func tagged(prefix string, values []string) (string, []string) {
	var b strings.Builder
	tags := make([]string, len(values))
	for i, v := range values {
		tags[i] = fmt.Sprintf("%s%02dQ", prefix, i)
		b.WriteString(tags[i] + v + tags[i] + " ")
	}
	return b.String(), tags
}

// TestTextSafetyMatrix: every dangerous class × every text field × every
// format. The raw rune or byte reaches no reader, the reader sees its
// visible escape where the format shows the field, and the document
// still parses as its format. Each field carries every class at once,
// each between its own tags, to keep the matrix to one rendering per
// field and format.
func TestTextSafetyMatrix(t *testing.T) {
	raws := make([]string, len(dangerClasses))
	for i, d := range dangerClasses {
		raws[i] = d.raw
	}
	value, tags := tagged("QD", raws)
	for _, v := range variants(t) {
		t.Run(v.name, func(t *testing.T) {
			for _, f := range textFields {
				r := brokenReport()
				f.set(r, value)
				out := renderVariant(t, v, r)
				if err := unsafeRune(v.format, out); err != nil {
					t.Errorf("%s: %v", f.name, err)
				}
				view, err := views[v.format](out)
				if err != nil {
					t.Errorf("%s: output does not parse as %s: %v", f.name, v.format, err)
					continue
				}
				for i, d := range dangerClasses {
					if strings.Contains(view, tags[i]+d.raw+tags[i]) {
						t.Errorf("%s/%s: the reader gets the raw %q", f.name, d.name, d.raw)
					}
					if v.format == "prometheus" && !f.inMetrics {
						continue
					}
					if want := tags[i] + d.visible + tags[i]; !strings.Contains(view, want) {
						t.Errorf("%s/%s: the reader does not see %q", f.name, d.name, want)
					}
				}
			}
		})
	}
}

// TestTextSafetyKeepsOrdinaryText: router text without controls reaches
// the reader of every format as the router printed it.
func TestTextSafetyKeepsOrdinaryText(t *testing.T) {
	value, tags := tagged("QO", ordinaryText)
	for _, v := range variants(t) {
		t.Run(v.name, func(t *testing.T) {
			for _, f := range textFields {
				if v.format == "prometheus" && !f.inMetrics {
					continue
				}
				r := brokenReport()
				f.set(r, value)
				view, err := views[v.format](renderVariant(t, v, r))
				if err != nil {
					t.Fatalf("%s: %v", f.name, err)
				}
				for i, s := range ordinaryText {
					if !strings.Contains(view, tags[i]+s+tags[i]) {
						t.Errorf("%s: the reader does not see %q unchanged", f.name, s)
					}
				}
			}
		})
	}
}

// TestTextSafetyEveryStringField: a dangerous value in every string of the
// report, found by reflection, so a field added to checks.Report later is
// covered without touching this test.
func TestTextSafetyEveryStringField(t *testing.T) {
	const bad = "\x1b[2J\x9b\u009b\u202e\xff\n"
	r := brokenReport()
	r.Tunnels[0].Stages[0].Checks[0].Values = map[string]float64{checks.ValueIKESAAge: 1}
	n := plantEverywhere(reflect.ValueOf(r).Elem(), bad)
	if n < 20 {
		t.Fatalf("planted only %d strings: the walk is broken", n)
	}
	for _, v := range variants(t) {
		out := renderVariant(t, v, r)
		if err := unsafeRune(v.format, out); err != nil {
			t.Errorf("%s: %v", v.name, err)
		}
		if _, err := views[v.format](out); err != nil {
			t.Errorf("%s: output does not parse: %v", v.name, err)
		}
	}
}

// plantEverywhere appends bad to every settable string under v and returns
// how many it changed.
func plantEverywhere(v reflect.Value, bad string) int {
	n := 0
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(v.String() + bad)
			n++
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			n += plantEverywhere(v.Elem(), bad)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				n += plantEverywhere(v.Field(i), bad)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			n += plantEverywhere(v.Index(i), bad)
		}
	}
	return n
}

// TestIssue10Reproductions are the reproductions of issue 10 ("C1 controls
// (0x9B, U+009B), bidi overrides (U+202E) and invalid UTF-8 from router
// output reach the text, Markdown, JSON and HTML reports"), as a router
// line cited as evidence.
func TestIssue10Reproductions(t *testing.T) {
	repros := []struct{ name, line, visible string }{
		{"raw byte 0x9B", "  Keepalive set (10 sec)\x9b2J", `\x9b2J`},
		{"U+009B", "  Keepalive set (10 sec)\u009b2J", `\u009b2J`},
		{"U+202E", "description \u202etxt.exe", `\u202etxt.exe`},
		{"invalid UTF-8", "description Z\xfcrich \xff", `Z\xfcrich \xff`},
	}
	for _, format := range []string{"text", "markdown", "json", "html"} {
		for _, rp := range repros {
			t.Run(format+"/"+rp.name, func(t *testing.T) {
				r := brokenReport()
				rootResult(r).Evidence[0].Lines[1] = rp.line
				rootResult(r).Summary = "summary " + rp.line
				out := renderVariant(t, variant{format, format, Options{}}, r)
				if !utf8.Valid(out) {
					t.Errorf("%s report is not valid UTF-8", format)
				}
				if err := unsafeRune(format, out); err != nil {
					t.Errorf("%s report: %v", format, err)
				}
				view, err := views[format](out)
				if err != nil {
					t.Fatalf("%s report does not parse: %v", format, err)
				}
				if !strings.Contains(view, rp.visible) {
					t.Errorf("%s report does not show %q where the router line had the raw text", format, rp.visible)
				}
			})
		}
	}
}

// TestTextSafetyDoesNotMutate: the report handed to a renderer is the
// caller's and may be rendered again in another format: it is copied,
// never escaped in place.
func TestTextSafetyDoesNotMutate(t *testing.T) {
	mk := func() *checks.Report {
		r := brokenReport()
		rootResult(r).Evidence[0].Lines[1] = "\x1b[2J\u202e\xff"
		return r
	}
	r := mk()
	for _, v := range variants(t) {
		renderVariant(t, v, r)
	}
	if !reflect.DeepEqual(mk(), r) {
		t.Error("a renderer changed the report it was given")
	}
}

// BenchmarkTextSafetyCopy is the cost present adds to every rendering.
func BenchmarkTextSafetyCopy(b *testing.B) {
	r := brokenReport()
	for b.Loop() {
		textsafe.Copy(r)
	}
}
