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

// FleetV1ID is the $id of fleet.v1.json (vcdiag.fleet/v1), which refers
// to report.v1.json for each site's report.
const FleetV1ID = "https://github.com/vcdiag/vcdiag/schema/fleet.v1.json"

//go:embed fleet.v1.json
var fleetV1 []byte

// FleetV1 returns the text of fleet.v1.json (a copy).
func FleetV1() []byte { return bytes.Clone(fleetV1) }

// ReportV1 returns the text of report.v1.json. It is a copy, so a caller
// cannot change the schema ValidateReport uses.
func ReportV1() []byte { return bytes.Clone(reportV1) }

// compiled is built once: compiling walks the 2020-12 meta-schema, and the
// tests validate dozens of reports.
var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) { return compile(ReportV1ID) })

// compiledFleet is fleet.v1.json, compiled once.
var compiledFleet = sync.OnceValues(func() (*jsonschema.Schema, error) { return compile(FleetV1ID) })

// compile compiles the schema id with both schemas as resources (the
// fleet's refers to the report's by its $id: nothing is fetched).
func compile(id string) (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	// Without AssertFormat a 2020-12 validator treats "format" as an
	// annotation, and a generated_at that is not RFC 3339 would pass.
	c.AssertFormat()
	for _, r := range []struct {
		id  string
		doc []byte
	}{{ReportV1ID, reportV1}, {FleetV1ID, fleetV1}} {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(r.doc))
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", r.id, err)
		}
		if err := c.AddResource(r.id, doc); err != nil {
			return nil, fmt.Errorf("add %s: %w", r.id, err)
		}
	}
	sch, err := c.Compile(id)
	if err != nil {
		return nil, fmt.Errorf("compile %s: %w", id, err)
	}
	return sch, nil
}

// ValidateFleet checks a fleet rollup (fleet.json, vcdiag.fleet/v1)
// against fleet.v1.json, each site's report against report.v1.json.
func ValidateFleet(doc []byte) error {
	sch, err := compiledFleet()
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("fleet rollup is not JSON: %w", err)
	}
	if err := sch.Validate(v); err != nil {
		return fmt.Errorf("fleet rollup does not conform to schema/fleet.v1.json: %w", err)
	}
	return nil
}

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
