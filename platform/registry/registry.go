// Package registry maps a profile's cpes[].platform to its implementation:
// one line per platform, no init() registration, so the list of platforms
// vcdiag knows is this file.
package registry

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/iosxe"
)

// platforms is every platform vcdiag can read, by profile name.
var platforms = map[string]platform.Platform{
	iosxe.Name: iosxe.Platform{},
}

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
