package fortios

import (
	"regexp"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
)

// Name is the profile's cpes[].platform value of a FortiGate.
const Name = "fortinet_fortios"

// Platform is a FortiGate running FortiOS.
type Platform struct{}

var _ platform.Platform = Platform{}

// Name returns "fortinet_fortios".
func (Platform) Name() string { return Name }

// Dialect returns the words of FortiOS's get, show, diagnose and execute ping.
func (Platform) Dialect() evidence.Dialect { return Dialect{} }

// Allowed accepts only the read-only command shapes of shapes.
func (Platform) Allowed(cmd string) error { return allowed(cmd) }

// Redact masks the secrets FortiOS can print.
func (Platform) Redact(text string) string { return Redact(text) }

// promptRE finds the FortiOS prompt before the hostname is known:
// "FGT-1 # ", "FGT-1 (root) # " (inside a VDOM or a config context),
// "FGT-1 $ " (an admin without write rights on some releases). Submatch 1
// is the hostname, submatch 2 the level ("#" or "$"); the VDOM or context
// in parentheses is not a level.
var promptRE = regexp.MustCompile(`(?m)^` + promptBody(`[A-Za-z0-9][A-Za-z0-9_.\-]{0,62}`) + `$`)

// promptBody is the prompt of host (a pattern): host, an optional
// "(vdom)", then "#" or "$".
func promptBody(host string) string {
	return `(` + host + `) ?(?:\([A-Za-z0-9_.\-]{1,31}\) ?)?([#$]) ?`
}

// scrapliDefinition is the scrapligo platform of a FortiGate (scrapligo
// v1.4.3 ships none): one privilege level, nothing sent on open or close
// (the collector drives the session and sends no setup).
const scrapliDefinition = `---
platform-type: "vcdiag_fortinet_fortios"
default:
  driver-type: "network"
  privilege-levels:
    exec:
      name: "exec"
      pattern: '(?m)^[A-Za-z0-9][A-Za-z0-9_.\-]{0,62} ?(?:\([A-Za-z0-9_.\-]{1,31}\) ?)?[#$] ?$'
      previous-priv:
      deescalate:
      escalate:
      escalate-auth: false
      escalate-prompt:
  default-desired-privilege-level: "exec"
  failed-when-contains: ["Unknown action", "Command fail", "command parse error"]
  textfsm-platform: ""
  network-on-open: []
  network-on-close: []
`

// Session drives the FortiOS CLI: nothing to set up (turning paging off
// is "config system console / set output standard", a configuration
// change vcdiag never makes), so the pager is paged with a space.
func (Platform) Session() platform.Session {
	return platform.Session{
		ScrapliDefinition: []byte(scrapliDefinition),
		Prompt:            promptRE,
		PromptFor: func(host string) *regexp.Regexp {
			return regexp.MustCompile(`(?m)^` + promptBody(regexp.QuoteMeta(host)) + `$`)
		},
		Pager:       regexp.MustCompile(`--More--\s*$`),
		PagerKey:    " ",
		PagerDebris: regexp.MustCompile(`\r?(?:--More--)?\r {0,20}\r|\x08+ *\x08*`),
		Failed:      commandErrors,
		Width:       512,
	}
}

// commandErrors are the line prefixes with which FortiOS refuses a
// command or cannot run it.
var commandErrors = []string{"Unknown action", "Command fail", "command parse error"}
