// Package registry maps a profile's cpes[].platform to its implementation:
// one line per platform, no init() registration, so the list of platforms
// vcdiag knows is this file.
package registry

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/fortios"
	"github.com/vcdiag/vcdiag/platform/iosxe"
	"github.com/vcdiag/vcdiag/platform/junos"
	"github.com/vcdiag/vcdiag/platform/linux"
	"github.com/vcdiag/vcdiag/platform/panos"
)

// platforms is every platform vcdiag can read, by profile name.
var platforms = map[string]platform.Platform{
	iosxe.Name:   iosxe.Platform{},
	linux.Name:   linux.Platform{},
	junos.Name:   junos.Platform{},
	fortios.Name: fortios.Platform{},
	panos.Name:   panos.Platform{},
}

// IOS-XE redacts commands and outputs by their structure.
var _ Redactor = iosxe.Platform{}

// Default is the platform of a CPE whose profile names none.
const Default = iosxe.Name

// Lookup returns the platform called name ("" is Default).
func Lookup(name string) (platform.Platform, error) {
	if name == "" {
		name = Default
	}
	if p, ok := platforms[strings.ToLower(name)]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("%q is not a supported platform (supported: %s)", name, strings.Join(Names(), ", "))
}

// Names lists the supported platforms, sorted.
func Names() []string {
	var out []string
	for n := range platforms {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Redact masks secrets by the rules of every platform: for text whose
// platform is not known (a command line typed into a bundle manifest, a
// transcript not yet mapped to a CPE), the union is the safe choice.
func Redact(text string) string {
	for _, n := range Names() {
		text = platforms[n].Redact(text)
	}
	return text
}

// Redactor is what a platform implements to redact by the structure of its
// commands, beyond platform.Platform's Redact of any text: a command line
// as it was typed, whose mode the caller knows, and an output read in the
// light of the command that printed it (a show command that lists secrets
// in columns, the lines after a bare key-string). A platform without it is
// redacted with Redact alone.
type Redactor interface {
	// RedactCommand masks the secrets of a command typed at the exec
	// prompt (an output filter's words, a URL's password).
	RedactCommand(line string) string
	// RedactConfigCommand masks the secrets of a command typed in
	// configuration mode.
	RedactConfigCommand(line string) string
	// RedactOutput masks the secrets of the output of command.
	RedactOutput(command, text string) string
}

// RedactCommand masks a command line typed at the exec prompt by the rules
// of every platform.
func RedactCommand(line string) string {
	for _, n := range Names() {
		line = CommandFor(platforms[n], line)
	}
	return line
}

// RedactConfigCommand masks a command line typed in configuration mode by
// the rules of every platform.
func RedactConfigCommand(line string) string {
	for _, n := range Names() {
		line = ConfigCommandFor(platforms[n], line)
	}
	return line
}

// RedactOutput masks the output of command by the rules of every
// platform.
func RedactOutput(command, text string) string {
	for _, n := range Names() {
		text = OutputFor(platforms[n], command, text)
	}
	return text
}

// CommandFor masks a command typed at p's exec prompt by p's rules alone.
func CommandFor(p platform.Platform, line string) string {
	if r, ok := p.(Redactor); ok {
		return r.RedactCommand(line)
	}
	return p.Redact(line)
}

// ConfigCommandFor masks a command typed in p's configuration mode by p's
// rules alone.
func ConfigCommandFor(p platform.Platform, line string) string {
	if r, ok := p.(Redactor); ok {
		return r.RedactConfigCommand(line)
	}
	return p.Redact(line)
}

// OutputFor masks the output of command by p's rules alone. The command is
// the one typed, unredacted: it only says how to read the output.
func OutputFor(p platform.Platform, command, text string) string {
	if r, ok := p.(Redactor); ok {
		return r.RedactOutput(command, text)
	}
	return p.Redact(text)
}
