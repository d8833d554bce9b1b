package profile

import _ "embed"

//go:embed example.yaml
var example string

// Example returns the commented example profile that "vcdiag profile init"
// prints: a one-CPE site with every field explained in activation-form
// terms, using documentation addresses. It loads without errors (a test
// holds it to that) and is kept identical to testdata/profiles/example.yaml.
func Example() string { return example }
