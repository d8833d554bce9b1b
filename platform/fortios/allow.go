package fortios

import (
	"fmt"
	"strings"

	"github.com/vcdiag/vcdiag/platform"
)

// refusedVerbs say why a first word that changes the device is refused.
var refusedVerbs = map[string]string{
	"config":  "config enters configuration mode: vcdiag never changes a FortiGate (page with --More-- instead of \"config system console\")",
	"set":     "set changes configuration",
	"unset":   "unset changes configuration",
	"end":     "end commits configuration",
	"next":    "next commits a configuration entry",
	"abort":   "abort belongs to configuration mode",
	"edit":    "edit belongs to configuration mode",
	"delete":  "delete changes configuration",
	"purge":   "purge deletes configuration",
	"execute": "vcdiag runs no execute command but ping and ping-options",
	"diagnose": "vcdiag runs no diagnose command but \"diagnose vpn ike gateway list\" and \"diagnose vpn tunnel list\"" +
		" (never debug, tunnel flush/up/down/reset, sys kill)",
}

// allowed accepts only the exact command shapes of shapes (abbreviated
// keywords, one "| grep" filter) and refuses everything else with an
// error wrapping platform.ErrNotAllowed. Lines with anything FortiOS
// could read as a second command, a quote or an escape are refused.
func allowed(cmd string) error {
	refuse := func(why string) error {
		return fmt.Errorf("%w: %q: %s", platform.ErrNotAllowed, cmd, why)
	}
	if strings.ContainsAny(cmd, "\r\n") {
		return refuse("a command is one line")
	}
	_, err := matchLine(strings.TrimSpace(cmd))
	if err == nil {
		return nil
	}
	ws := strings.Fields(strings.ToLower(cmd))
	if len(ws) > 0 {
		for verb, why := range refusedVerbs {
			if keywordMatches(ws[0], verb) || ws[0] == verb {
				return refuse(why + " (" + err.Error() + ")")
			}
		}
	}
	return refuse(err.Error())
}
