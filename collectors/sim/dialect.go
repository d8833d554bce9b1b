package sim

import (
	"fmt"
	"strings"
	"time"
)

// dialect is how one simulated platform speaks: its SSH banner, prompt and
// line handling, its command outputs, and which of the IOS scenario
// catalogue it can show. IOS-XE is the zero dialect (the exec in cli.go and
// the renderers in render*.go); every other platform is a dialect value
// in its own files (linux_*.go, junos_*.go, fortios_*.go, panos_*.go).
type dialect struct {
	// title is the platform's name in messages ("Linux").
	title string
	// serverVersion is the SSH identification string the CPE announces.
	serverVersion string
	// prompt is the CLI prompt of the session.
	prompt func(c *cli) string
	// handle runs one non-blank line typed at the prompt.
	handle func(c *cli, line string) error
	// render is the output of one command line (ErrInvalidInput for a
	// command the platform does not have).
	render func(r *renderer, line string) (string, error)
	// convert turns a site built for IOS-XE into the same site on this
	// platform (interface names, settings the platform lacks).
	convert func(*Site) *Site
	// noForm says why an IOS scenario has no form on this platform.
	noForm map[string]string
	// only are scenarios only this platform can show.
	only []Scenario
	// expect overrides a scenario's expected root causes where this
	// platform's evidence points at another rung than IOS's.
	expect map[string]map[string]string
}

// The CPE dialects the simulator speaks, by their profile names.
const (
	PlatformIOSXE = "cisco_iosxe"
	// PlatformLinux is strongSwan + FRR + iproute2 (linux_*.go).
	PlatformLinux = "linux"
	// PlatformJunos is an SRX (junos_*.go).
	PlatformJunos = "juniper_junos"
	// PlatformFortiOS is a FortiGate (fortios_*.go).
	PlatformFortiOS = "fortinet_fortios"
	// PlatformPANOS is a Palo Alto firewall (panos_*.go).
	PlatformPANOS = "paloalto_panos"
)

// Platforms lists the dialects, the default first.
var Platforms = []string{PlatformIOSXE, PlatformLinux, PlatformJunos, PlatformFortiOS, PlatformPANOS}

// dialectOf returns the dialect of a platform, nil for IOS-XE. It is a
// switch, not a map: a package-level map of dialects would make an
// initialization cycle (a dialect's render reaches Render, which looks the
// dialect up).
func dialectOf(platform string) *dialect {
	switch platform {
	case PlatformLinux:
		return linuxDialect()
	case PlatformJunos:
		return junosDialect()
	case PlatformFortiOS:
		return fortiosDialect()
	case PlatformPANOS:
		return panosDialect()
	}
	return nil
}

// dialect is the session's platform dialect, nil on IOS-XE.
func (c *cli) dialect() *dialect { return dialectOf(c.srv.site.Platform) }

// ScenarioNames lists the scenarios the platform can show, in catalogue
// order, the platform's own last.
func ScenarioNames(platform string) []string {
	d := dialectOf(platform)
	var out []string
	for _, sc := range Scenarios {
		if d != nil {
			if _, no := d.noForm[sc.Name]; no {
				continue
			}
		}
		out = append(out, sc.Name)
	}
	if d != nil {
		for _, sc := range d.only {
			out = append(out, sc.Name)
		}
	}
	return out
}

// OnlyScenarios are the scenarios only the platform has, for listings.
func OnlyScenarios(platform string) []Scenario {
	if d := dialectOf(platform); d != nil {
		return append([]Scenario(nil), d.only...)
	}
	return nil
}

// ScenarioFor returns the named scenario in platform's dialect ("" is
// IOS-XE). A scenario that makes no sense on the platform is an error
// saying why.
func ScenarioFor(name, platform string) (Scenario, error) {
	if platform == "" || platform == PlatformIOSXE {
		if sc, ok := ScenarioByName(name); ok {
			return sc, nil
		}
		return Scenario{}, fmt.Errorf("no scenario %q", name)
	}
	d := dialectOf(platform)
	if d == nil {
		return Scenario{}, fmt.Errorf("no simulated platform %q (known: %s)", platform, strings.Join(Platforms, ", "))
	}
	if why, no := d.noForm[name]; no {
		return Scenario{}, fmt.Errorf("scenario %s has no %s form: %s", name, d.title, why)
	}
	sc, ok := ScenarioByName(name)
	if !ok {
		for _, own := range d.only {
			if own.Name == name {
				sc, ok = own, true
			}
		}
	}
	if !ok {
		return Scenario{}, fmt.Errorf("no scenario %q", name)
	}
	if e, ok := d.expect[name]; ok {
		sc.Expect = e
	}
	build, convert := sc.Build, d.convert
	sc.Build = func(start time.Time) *Site { return convert(build(start)) }
	return sc, nil
}
