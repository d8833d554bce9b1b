package junos

import "github.com/vcdiag/vcdiag/platform/junos/parse"

// Redact masks the secrets a Junos CPE can print: every secret of a
// configuration, curly-brace or set form (pre-shared keys, BGP
// authentication keys, user passwords, SNMP communities; parse.RedactConfig
// knows them), keeping every line. Operational outputs vcdiag reads print
// no secret.
func Redact(text string) string { return parse.RedactConfig(text) }
