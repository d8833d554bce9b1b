package schema_test

import (
	"fmt"
	"os"

	"github.com/vcdiag/vcdiag/schema"
)

// A program that reads vcdiag reports checks each one before trusting it.
func ExampleValidateReport() {
	doc, err := os.ReadFile("../testdata/reports/healthy.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("healthy.json:", schema.ValidateReport(doc))

	err = schema.ValidateReport([]byte(`{"schema": "vcdiag.report/v1", "status": "ok"}`))
	fmt.Println(err != nil)
	// Output:
	// healthy.json: <nil>
	// true
}
