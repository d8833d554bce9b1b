package linux

import (
	"regexp"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
)

// Name is the profile's cpes[].platform value of a Linux CPE.
const Name = "linux"

// Platform is a Linux CPE: strongSwan, FRR and iproute2.
type Platform struct{}

var _ platform.Platform = Platform{}

// Name returns "linux".
func (Platform) Name() string { return Name }

// Dialect returns the words of swanctl, vtysh, ip and ping.
func (Platform) Dialect() evidence.Dialect { return Dialect{} }

// Allowed accepts only the read-only argv shapes of allowed.
func (Platform) Allowed(cmd string) error { return allowed(cmd) }

// Redact masks the secrets strongSwan, FRR and the kernel can print.
func (Platform) Redact(text string) string { return Redact(text) }

// shellPrompt finds a POSIX shell prompt ("vcdiag@cpe1:~$ ",
// "root@cpe1:/etc# ", "[vcdiag@cpe1 ~]$ ") before the hostname is known:
// submatch 1 is the hostname, submatch 2 the level ("$", "#").
var shellPrompt = regexp.MustCompile(`(?m)^` + titleRemnant + `\[?[A-Za-z0-9_][\w.-]{0,31}@([A-Za-z0-9][\w.-]{0,62})[: ][^\n$#]{0,200}?\]?([$#]) ?$`)

// titleRemnant is what is left of the terminal-title sequence Debian's
// bash prints before its prompt ("ESC ]0;user@host: ~ BEL") once scrapligo
// has stripped the escape codes it knows: ";user@host: ~" and the BEL.
const titleRemnant = `(?:[^\n\x07]{0,300}\x07)?`

// scrapliDefinition is the scrapligo platform of a shell: one privilege
// level, nothing sent on open or close (the collector drives the session).
const scrapliDefinition = `---
platform-type: "vcdiag_linux"
default:
  driver-type: "network"
  privilege-levels:
    exec:
      name: "exec"
      pattern: '(?m)^(?:[^\n\x07]{0,300}\x07)?\[?[A-Za-z0-9_][\w.-]{0,31}@[A-Za-z0-9][\w.-]{0,62}[: ][^\n$#]{0,200}?\]?[$#] ?$'
      previous-priv:
      deescalate:
      escalate:
      escalate-auth: false
      escalate-prompt:
  default-desired-privilege-level: "exec"
  failed-when-contains: []
  textfsm-platform: ""
  network-on-open: []
  network-on-close: []
`

// Session drives a login shell: no enable, no paging (vtysh -c and
// journalctl --no-pager print everything), nothing to set up.
func (Platform) Session() platform.Session {
	return platform.Session{
		ScrapliDefinition: []byte(scrapliDefinition),
		Prompt:            shellPrompt,
		PromptFor: func(host string) *regexp.Regexp {
			return regexp.MustCompile(`(?m)^` + titleRemnant + `\[?[A-Za-z0-9_][\w.-]{0,31}@` + regexp.QuoteMeta(host) + `[: ][^\n$#]{0,200}?\]?[$#] ?$`)
		},
		// A pager should never appear; if one does (a login that sets
		// PAGER for vtysh), a space pages on and the limits bound it.
		Pager:       regexp.MustCompile(`(?m)^(--More--|\(END\)|:)\s*$`),
		PagerKey:    " ",
		PagerDebris: regexp.MustCompile("\x08+ *\x08*"),
		Failed:      commandErrors,
		Width:       512,
	}
}

// commandErrors are the line prefixes with which the shell, swanctl, ip,
// vtysh and ping refuse a command or cannot answer it.
var commandErrors = []string{
	"bash: ", "-bash: ", "sh: ", "zsh: ",
	"% Unknown command", "% Command incomplete", "% Ambiguous command", "% There is no matched command",
	"connecting to 'unix://", "Object \"", "Command \"",
	"ping: unknown iface", "ping: bad address", "ping: connect:",
	"No journal files were found", "No journal files were opened",
	"Exiting: failed to connect to any daemons",
}
