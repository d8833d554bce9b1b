package iosxe

import (
	"regexp"
	"strconv"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
)

// Name is the profile's cpes[].platform value of Cisco IOS and IOS-XE.
const Name = "cisco_iosxe"

// Platform is Cisco IOS-XE (and classic IOS, whose outputs the parsers
// also read): the first implementation of platform.Platform.
type Platform struct{}

var _ platform.Platform = Platform{}

// Name returns "cisco_iosxe".
func (Platform) Name() string { return Name }

// Dialect returns IOS's words for commands and fixes.
func (Platform) Dialect() evidence.Dialect { return Dialect{} }

// Allowed accepts only commands that read (see allowed).
func (Platform) Allowed(cmd string) error { return allowed(cmd) }

// Redact masks the secrets IOS configurations and outputs hold.
func (Platform) Redact(text string) string { return Redact(text) }

// termWidth is both the PTY width and "terminal width": the widest IOS-XE
// accepts, so long lines (BGP paths, crypto maps) are never wrapped.
const termWidth = 512

// cliPrompt finds an IOS prompt before the hostname is known.
var cliPrompt = regexp.MustCompile(`(?m)^([\w.\-@/:]{1,63})([>#])\s*$`)

// Session drives IOS: user exec ">" needs "enable", paging off with
// "terminal length 0", "--More--" answered with a space when a line
// template forces paging anyway.
func (Platform) Session() platform.Session {
	return platform.Session{
		Scrapli: "cisco_iosxe",
		Prompt:  cliPrompt,
		PromptFor: func(host string) *regexp.Regexp {
			return regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(host) + `[>#]\s*$`)
		},
		Unprivileged:   ">",
		Enable:         "enable",
		EnablePassword: regexp.MustCompile(`(?im)^\s*password:\s*$`),
		Setup:          []string{"terminal length 0", "terminal width " + strconv.Itoa(termWidth)},
		Pager:          regexp.MustCompile(`(?m)^\s*--More--\s*$`),
		PagerKey:       " ",
		// What IOS prints to erase " --More-- " after a key: backspaces,
		// blanks over the prompt, backspaces again.
		PagerDebris: regexp.MustCompile("\x08+ *\x08*"),
		Failed:      commandErrors,
		Width:       termWidth,
	}
}

// commandErrors are the messages IOS prints instead of output when it
// rejects a command line, or cannot give what was asked: without
// soft-reconfiguration inbound there is no received-routes table, which
// must read as "not available" rather than as an empty table.
var commandErrors = []string{
	"% Invalid input detected", "% Incomplete command", "% Ambiguous command",
	"% Unrecognized command", "% Unknown command",
	"% Inbound soft reconfiguration not enabled", "% No such neighbor",
}
