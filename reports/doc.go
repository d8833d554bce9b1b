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
// exactly as the report carries them (collectors already redacted secrets).
//
// Colour is decided by the caller (Options.Color, usually from ColorEnabled)
// and applied to per-renderer color objects, never to fatih/color's global
// NoColor, so concurrent renders cannot race on it.
package reports
