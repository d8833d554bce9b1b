package platform

import (
	"errors"
	"regexp"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// Platform is one CPE operating system. Implementations are stateless
// values, safe for concurrent use.
type Platform interface {
	// Name is the profile's cpes[].platform value ("cisco_iosxe").
	Name() string
	// Dialect renders commands and fixes in the platform's words.
	Dialect() evidence.Dialect
	// Plan returns the commands to run on one CPE of the profile, in
	// collection order, with how many samples each needs.
	Plan(p *profile.Profile, cpe string) []Planned
	// Identify recognises a command line as a user or vcdiag typed it
	// (abbreviated, mixed case, with output filters). ok is false for a
	// command the platform does not read.
	Identify(line string) (cmd Command, ok bool)
	// Read reads one recognised output into facts of cpe: it sets aside
	// log noise (o.SetAside, with the syslog messages it holds added as
	// log facts), recognises the device's own rejection (o.Err wraps
	// evidence.ErrCommandFailed), parses, and appends one Listing per
	// family it fills. An output it cannot read gets o.Err and adds no
	// facts. Read never panics on any input.
	Read(o *evidence.Output, cpe *evidence.CPE)
	// Parse returns the platform parser's typed records for one output of
	// a recognised command, as `vcdiag parse` prints them.
	Parse(cmd Command, text string) (any, error)
	// Allowed returns nil for a command that only reads, and an error
	// wrapping ErrNotAllowed for anything else. Nothing else reaches a
	// device.
	Allowed(cmd string) error
	// Redact masks every secret in text, keeping its lines and structure.
	Redact(text string) string
	// Session says how to drive the CLI over SSH.
	Session() Session
}

// Planned is one command of a collection plan.
type Planned struct {
	Command string
	// Samples is how many times to run it, --sample-interval apart
	// (counter commands: 2).
	Samples int
	// Family is the fact family it is mainly for, for progress lines.
	Family evidence.Family
}

// Command is a recognised command line.
type Command struct {
	// Text is the canonical, unabbreviated command.
	Text string
	// Kind is the platform's name for the command family (shown by
	// `vcdiag parse`); Arg the thing it is about (a peer, neighbor,
	// interface or target), Variant a sub-form (BGP route listings).
	Kind, Arg, Variant string
	// Families are the fact families its output fills.
	Families []evidence.Family
}

// Session is how the SSH collector drives a platform's CLI.
type Session struct {
	// Scrapli is the scrapligo platform definition ("cisco_iosxe");
	// ScrapliDefinition, when set, is a definition of its own (YAML), for
	// a platform scrapligo does not ship.
	Scrapli           string
	ScrapliDefinition []byte
	// Prompt finds the CLI prompt before the hostname is known:
	// submatch 1 is the hostname, submatch 2 the level ("#", ">").
	Prompt *regexp.Regexp
	// PromptFor is the prompt pattern once the hostname is known: only the
	// device's own prompt ends an output.
	PromptFor func(host string) *regexp.Regexp
	// Unprivileged is the level of a login that must run Enable first;
	// EnablePassword the prompt Enable may show.
	Unprivileged   string
	Enable         string
	EnablePassword *regexp.Regexp
	// Setup are the commands sent after login (paging off, width), each
	// allowed by the platform. A rejected one is tolerated.
	Setup []string
	// Pager matches a pager prompt (seen when paging could not be turned
	// off); PagerKey is the keystroke that shows the next page.
	Pager    *regexp.Regexp
	PagerKey string
	// PagerDebris is what the device prints to erase the pager prompt.
	PagerDebris *regexp.Regexp
	// Failed are the line prefixes with which the device rejects a
	// command.
	Failed []string
	// Width is the terminal width to ask for.
	Width int
}

// ErrNotAllowed is the cause of every refusal by a Platform's Allowed: the
// command is not known to be read-only, so vcdiag will not send it.
var ErrNotAllowed = errors.New("command not allowed")

// Mask replaces every secret value a platform redacts.
const Mask = "<redacted>"
