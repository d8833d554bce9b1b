// Package profile loads and validates a Virtual Connect site profile: the
// values of the activation form for one region (DI networks, ASNs, tunnel
// and transport addresses, expected crypto parameters) and the CPEs to
// reach. It is the expectation every check compares evidence against.
//
// A profile never holds secrets; loading errors name the file, the line and
// the field.
package profile
