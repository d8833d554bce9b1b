package panos

import "github.com/vcdiag/vcdiag/platform/panos/parse"

// Redact masks every secret PAN-OS text can carry: configuration in XML
// or set form (pre-shared keys, BGP authentication secrets, password
// hashes, "-AQ==" encrypted strings), by parse.RedactConfig. Its mask,
// "(redacted)", is kept rather than platform.Mask so that redacted XML
// stays well formed. The operational outputs vcdiag reads print no
// secret (a BGP peer's password is only "password set: yes"). Lines and
// structure are kept.
func Redact(text string) string { return parse.RedactConfig(text) }
