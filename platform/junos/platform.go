package junos

import (
	"regexp"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
)

// Name is the profile's cpes[].platform value of a Junos CPE.
const Name = "juniper_junos"

// Platform is a Junos CPE (SRX, vSRX): IKEv2 gateways, gr- tunnels, BGP.
type Platform struct{}

var _ platform.Platform = Platform{}

// Name returns "juniper_junos".
func (Platform) Name() string { return Name }

// Dialect returns the words of the Junos CLI.
func (Platform) Dialect() evidence.Dialect { return Dialect{} }

// Allowed accepts only the read-only command shapes of allowed.
func (Platform) Allowed(cmd string) error { return allowed(cmd) }

// Redact masks the secrets Junos configurations and outputs can print.
func (Platform) Redact(text string) string { return Redact(text) }

// promptBody is a Junos prompt: "user@host> " in operational mode,
// "user@host# " in configuration mode, after an optional "{master:0}"
// line on a chassis cluster or a routing-engine pair.
const promptBody = `[A-Za-z0-9_][\w.-]{0,63}@(%s)([>#]) ?$`

// prompt finds the prompt before the hostname is known: submatch 1 is the
// hostname, submatch 2 the level.
var prompt = regexp.MustCompile(`(?m)^` + regexpf(promptBody, `[A-Za-z0-9][\w.-]{0,62}`))

func regexpf(body, host string) string { return strings.Replace(body, "%s", host, 1) }

// Session drives the Junos CLI over SSH with scrapligo's juniper_junos
// platform: no enable (a login class gives the rights), paging and width
// off per session.
func (Platform) Session() platform.Session {
	return platform.Session{
		Scrapli: "juniper_junos",
		Prompt:  prompt,
		PromptFor: func(host string) *regexp.Regexp {
			return regexp.MustCompile(`(?m)^` + regexpf(promptBody, regexp.QuoteMeta(host)))
		},
		Setup:       []string{"set cli screen-length 0", "set cli screen-width 0"},
		Pager:       regexp.MustCompile(`(?m)^---\(more( \d+%)?\)---\s*$`),
		PagerKey:    " ",
		PagerDebris: regexp.MustCompile(`\r? {0,80}\r`),
		Failed:      commandErrors,
		Width:       0,
	}
}

// commandErrors are the line prefixes with which the Junos CLI refuses a
// command or cannot answer it.
var commandErrors = []string{
	"error: ", "syntax error", "unknown command", "invalid value", "missing argument",
	"error: command is not valid", "error: permission denied", "error: the ", "error: could not",
}
