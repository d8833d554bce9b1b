package schema

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// ReportV1ID is the $id of report.v1.json, the name the schema is compiled
// under. It is an identifier: validating never fetches it.
const ReportV1ID = "https://github.com/vcdiag/vcdiag/schema/report.v1.json"

//go:embed report.v1.json
var reportV1 []byte

// ReportV1 returns the text of report.v1.json. It is a copy, so a caller
// cannot change the schema ValidateReport uses.
func ReportV1() []byte { return bytes.Clone(reportV1) }

// compiled is built once: compiling walks the 2020-12 meta-schema, and the
// tests validate dozens of reports.
var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(reportV1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", ReportV1ID, err)
	}
	c := jsonschema.NewCompiler()
	// Without AssertFormat a 2020-12 validator treats "format" as an
	// annotation, and a generated_at that is not RFC 3339 would pass.
	c.AssertFormat()
	if err := c.AddResource(ReportV1ID, doc); err != nil {
		return nil, fmt.Errorf("add %s: %w", ReportV1ID, err)
	}
	sch, err := c.Compile(ReportV1ID)
	if err != nil {
		return nil, fmt.Errorf("compile %s: %w", ReportV1ID, err)
	}
	return sch, nil
})

// ValidateReport checks one JSON report (the output of `vcdiag ... --format
// json`) against report.v1.json. The error names every place where the
// document breaks the schema, by JSON pointer; a *jsonschema.ValidationError
// is wrapped when the document was read but does not conform.
func ValidateReport(doc []byte) error {
	sch, err := compiled()
	if err != nil {
		return err
	}
	// jsonschema.UnmarshalJSON keeps numbers as json.Number, so a large
	// counter is compared exactly rather than as a rounded float64.
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("report is not JSON: %w", err)
	}
	if err := sch.Validate(v); err != nil {
		return fmt.Errorf("report does not conform to schema/report.v1.json: %w", err)
	}
	return nil
}
