package panos

import (
	"regexp"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
)

// Name is the profile's cpes[].platform value of a PAN-OS CPE.
const Name = "paloalto_panos"

// Platform is a Palo Alto Networks firewall running PAN-OS.
type Platform struct{}

var _ platform.Platform = Platform{}

// Name returns "paloalto_panos".
func (Platform) Name() string { return Name }

// Dialect returns PAN-OS's operational and set-command words.
func (Platform) Dialect() evidence.Dialect { return Dialect{} }

// Allowed accepts only the read-only command shapes of allowed.
func (Platform) Allowed(cmd string) error { return allowed(cmd) }

// Redact masks the secrets PAN-OS configuration text can hold.
func (Platform) Redact(text string) string { return Redact(text) }

// hostRE is a PAN-OS hostname in a prompt.
const hostRE = `[A-Za-z0-9][A-Za-z0-9_.-]{0,62}`

// promptTail is the optional HA or multi-vsys state ("(active)",
// "(active-primary)", "(vsys2)") and the level: ">" operational, "#"
// configuration.
const promptTail = `(?:\([A-Za-z0-9_:-]{1,40}\))?([>#]) ?$`

// prompt finds the CLI prompt ("admin@PA-VM> ", "admin@PA-VM(active)> ")
// before the hostname is known: submatch 1 is the hostname, submatch 2
// the level.
var prompt = regexp.MustCompile(`(?m)^[A-Za-z0-9_.-]{1,64}@(` + hostRE + `)` + promptTail)

// Session drives the PAN-OS CLI with scrapligo's paloalto_panos
// platform: paging off, no enable.
func (Platform) Session() platform.Session {
	return platform.Session{
		Scrapli: "paloalto_panos",
		Prompt:  prompt,
		PromptFor: func(host string) *regexp.Regexp {
			return regexp.MustCompile(`(?m)^[A-Za-z0-9_.-]{1,64}@(` + regexp.QuoteMeta(host) + `)` + promptTail)
		},
		Setup: []string{"set cli pager off"},
		// PAN-OS pages with less: a "lines 1-24 " status line, or
		// "--more--" on older releases; space shows the next page.
		Pager:    regexp.MustCompile(`(?m)^(?:--more--|lines \d+-\d+(?:/\d+)?(?: \(END\))?)\s*$`),
		PagerKey: " ",
		Failed:   commandErrors,
		Width:    512,
	}
}

// commandErrors are the line prefixes with which PAN-OS rejects a
// command.
var commandErrors = []string{"Invalid syntax.", "Unknown command", "Server error", "Validation Error"}
