package platform

import (
	"fmt"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

// refusalLines is how many meaningful lines of an output Refusal looks
// at: a device refuses a command in its first lines (the caret, then the
// message); a log line quoting a refusal later in the output is not one.
const refusalLines = 3

// Refusal returns the line with which a device refused a command or could
// not answer it: the first of the output's first meaningful lines that
// starts with one of prefixes (after trimming blanks). skip, when set,
// names other lines that are not meaningful (a caret, a command echo).
func Refusal(lines, prefixes []string, skip func(trimmed string) bool) string {
	seen := 0
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || skip != nil && skip(t) {
			continue
		}
		for _, f := range prefixes {
			if strings.HasPrefix(t, f) {
				return t
			}
		}
		if seen++; seen >= refusalLines {
			break
		}
	}
	return ""
}

// Recover runs a parser, turning its panic into an error naming the
// command, so that one bad output cannot abort the analysis of a site.
func Recover(command string, parse func() (any, error)) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("parse %q: parser panic: %v", command, r)
		}
	}()
	return parse()
}

// MaxQuote bounds the output line a parse error quotes: the error is
// copied into every note and unknown verdict, and the line may be as long
// as the output.
const MaxQuote = 120

// Prepare does what every platform's Read does before it reads facts: it
// identifies o's command (an unknown one is a failed command), leaves a
// collection failure as it is, turns the device's refusal (refusal's
// answer) into evidence.ErrCommandFailed, and parses, a parse error with
// its quoted line cut to MaxQuote. ok is false when there is nothing to
// read, o.Err saying why; otherwise o.Parsed holds the records.
func Prepare(o *evidence.Output, platformName string, identify func(string) (Command, bool),
	refusal func(lines []string) string, parse func(Command, string) (any, error)) (c Command, ok bool) {
	c, ok = identify(o.Command)
	if !ok {
		o.Err = fmt.Errorf("%w: %q is not a command vcdiag reads on %s", evidence.ErrCommandFailed, o.Command, platformName)
		return c, false
	}
	if o.Err != nil {
		return c, false // a collection failure (session lost, not sent)
	}
	if msg := refusal(o.Lines); msg != "" {
		o.Err = fmt.Errorf("%w: %s", evidence.ErrCommandFailed, msg)
		return c, false
	}
	v, err := parse(c, o.Text)
	if err != nil {
		o.Err = parsers.ShortenQuote(err, MaxQuote)
		return c, false
	}
	o.Parsed = v
	return c, true
}
