// Package profile loads and validates a Virtual Connect site profile: the
// values of the activation form for one region (DI networks, ASNs, tunnel
// and transport addresses, expected crypto parameters) and the CPEs to
// reach. It is the expectation every check compares evidence against.
//
// Load and Parse walk the YAML node tree so that every error names the
// file, the line and the field path ("acme.yaml:31: tunnels[1].di_asn: 70000
// is not a private ASN (64512-65534)"); unknown fields are errors, and all
// problems of a file are reported together as an ErrorList. Loading applies
// the defaults (250 Mbps, MSS 1350, SSH port 22, platform cisco_iosxe),
// normalises algorithm names with package parsers (so "esp-gcm 256" and
// "esp-gcm-256" compare equal) and tunnel interface names ("tu1" ->
// "Tunnel1"), and links each Tunnel to its Profile. The field reference is
// docs/profile.md; Example returns the commented example profile.
//
// A profile file is bounded (limits.go): at most 256 KiB, values of at
// most 256 bytes of plain text, lists of at most 256 items, anchors and
// merge keys expanding to at most 100,000 fields, the first 100 problems
// reported; each refusal names the file, and the line and field where
// there is one.
//
// A profile never holds secrets: there is no field for a password, a
// pre-shared key or a BGP password, and a file that tries to set one is
// rejected. The package does no I/O besides reading the file given to Load,
// and never contacts a device.
package profile
