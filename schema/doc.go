// Package schema publishes the machine-readable contract of vcdiag's JSON
// report: report.v1.json, a JSON Schema (draft 2020-12) for the
// "vcdiag.report/v1" document that reports.JSON writes. docs/report-schema.md
// is its prose; both describe checks.Report's encoding.
//
// The schema is closed (additionalProperties false on every object) so that
// tests fail the day the report grows a field the schema does not describe:
// the schema, the docs and the renderer change together.
//
// The package embeds the file so that tests and programs built on vcdiag use
// the very bytes that are published, and offers ValidateReport. It never
// builds or changes a report, and vcdiag itself does not validate what it
// writes at run time: the tests prove that it always conforms.
package schema
