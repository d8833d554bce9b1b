// Package reports turns a checks.Report into something a person or a program
// reads: a coloured text ladder for the engineer on call, the versioned JSON
// document described in docs/report-schema.md, a self-contained HTML page for
// a support case, Markdown to paste into a ticket, JUnit XML for CI
// pipelines and the Prometheus text format (docs/reports.md).
//
// A renderer is a plain function writing to an io.Writer; formats are looked
// up by name (Lookup, Formats) so the CLI's --format flag and tests share one
// list. Renderers only present: they never compute a verdict, never change a
// status and never reword device text. Evidence lines are printed verbatim,
// exactly as the report carries them (collectors already redacted secrets),
// with one exception made for every format in one place: every exported
// renderer goes through present (safe.go), which hands the layout a copy
// of the report in which every string has passed through reports/textsafe.
// Control characters (an ESC or CSI a router prints would otherwise drive
// the reader's terminal), C1 controls, bidi overrides, other invisible
// format characters and bytes that are not UTF-8 are shown as visible
// escapes ("\x1b", "\x9b", "\u202e"); a cited line stays one line. The raw
// bytes are kept only in a bundle's transcript, which is evidence. The
// metrics package escapes its label values the same way.
//
// Colour is decided by the caller (Options.Color, usually from ColorEnabled)
// and applied to per-renderer color objects, never to fatih/color's global
// NoColor, so concurrent renders cannot race on it.
package reports
