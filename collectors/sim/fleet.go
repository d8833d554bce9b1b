package sim

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"strconv"
	"time"
)

// FleetRegions are the regions a fleet's sites cycle through, named after
// Webex Calling's Virtual Connect data-centre regions.
var FleetRegions = []string{"us-east", "eu-frankfurt", "apac-singapore", "us-west", "eu-amsterdam", "apac-sydney", "ca-toronto", "uk-london"}

// MaxFleetSites bounds a fleet: each CPE holds a listening socket and a
// goroutine, and a site more than this is a typo rather than a test.
const MaxFleetSites = 5000

// FleetOptions say what fleet StartFleet serves.
type FleetOptions struct {
	// Sites is how many sites (1 to MaxFleetSites).
	Sites int
	// Mix divides the sites among scenarios (nil: DefaultMix).
	Mix Mix
	// Seed orders the sites: the same seed, sites and mix give the same
	// fleet.
	Seed int64
	// Platform is every CPE's dialect ("": PlatformIOSXE).
	Platform string
	// Server are every CPE's server options. Listen may name a host, but
	// its port must be 0: each CPE takes a free port.
	Server ServerOptions
}

// FleetSite is one site of a fleet.
type FleetSite struct {
	// Name is "site-007-ike-no-response": the site's index, zero-padded,
	// and its scenario, so a report reader sees what was injected.
	Name, Region string
	Scenario     Scenario
	Servers      *SiteServers
}

// Fleet is many simulated sites served in one process, each CPE on its own
// loopback port.
type Fleet struct {
	Sites []*FleetSite
	// Options are the options the fleet was started with, defaults
	// filled in.
	Options FleetOptions
}

// ScenarioCount is how many sites and CPEs of a fleet play a scenario.
type ScenarioCount struct {
	Scenario    string
	Sites, CPEs int
}

// StartFleet builds o.Sites sites from o.Mix (counts by Mix.Counts, order
// shuffled by o.Seed), all starting at start, names and regions them,
// and starts one server per CPE. It returns once every server listens; on
// error the servers already started are closed. ctx done closes them all.
func StartFleet(ctx context.Context, start time.Time, o FleetOptions) (*Fleet, error) {
	if o.Sites < 1 || o.Sites > MaxFleetSites {
		return nil, fmt.Errorf("start simulated fleet: %d sites: give 1 to %d", o.Sites, MaxFleetSites)
	}
	if o.Platform == "" {
		o.Platform = PlatformIOSXE
	}
	if err := checkPlatform(o.Platform); err != nil {
		return nil, fmt.Errorf("start simulated fleet: %w", err)
	}
	if o.Mix == nil {
		m, err := ParseMix(DefaultMix, o.Platform)
		if err != nil {
			return nil, fmt.Errorf("start simulated fleet: scenario mix %w", err)
		}
		o.Mix = m
	}
	listen, err := fleetListen(o.Server.Listen)
	if err != nil {
		return nil, err
	}
	o.Server.Listen = listen
	names, err := fleetScenarios(o)
	if err != nil {
		return nil, err
	}
	f := &Fleet{Options: o}
	width := max(3, len(strconv.Itoa(o.Sites)))
	for i, sc := range names {
		site := sc.Build(start)
		site.Name = fmt.Sprintf("site-%0*d-%s", width, i+1, sc.Name)
		site.Region = FleetRegions[i%len(FleetRegions)]
		ss, err := StartSite(ctx, site, o.Server)
		if err != nil {
			return nil, errors.Join(fmt.Errorf("start simulated fleet: %s: %w", site.Name, err), f.Close())
		}
		f.Sites = append(f.Sites, &FleetSite{Name: site.Name, Region: site.Region, Scenario: sc, Servers: ss})
	}
	return f, nil
}

// fleetListen checks a fleet's listen address: any host, port 0.
func fleetListen(listen string) (string, error) {
	if listen == "" {
		return DefaultListen, nil
	}
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "", fmt.Errorf("start simulated fleet: listen address %q: %w", listen, err)
	}
	if port != "0" {
		return "", fmt.Errorf("start simulated fleet: listen address %q: the port must be 0 (each CPE takes a free port)", listen)
	}
	return net.JoinHostPort(host, "0"), nil
}

// fleetScenarios is the scenario of each site, in site order: the mix's
// counts, shuffled by the seed.
func fleetScenarios(o FleetOptions) ([]Scenario, error) {
	byName := map[string]Scenario{}
	var names []string
	for i, n := range o.Mix.Counts(o.Sites) {
		name := o.Mix[i].Scenario
		sc, err := ScenarioFor(name, o.Platform)
		if err != nil {
			return nil, fmt.Errorf("start simulated fleet: %w", err)
		}
		byName[name] = sc
		for range n {
			names = append(names, name)
		}
	}
	if len(names) != o.Sites {
		return nil, fmt.Errorf("start simulated fleet: the mix %q has no positive weight", o.Mix)
	}
	seed := uint64(o.Seed)
	rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)).Shuffle(len(names), func(i, j int) {
		names[i], names[j] = names[j], names[i]
	})
	out := make([]Scenario, len(names))
	for i, n := range names {
		out[i] = byName[n]
	}
	return out, nil
}

// CPEs is how many CPEs (servers) the fleet has.
func (f *Fleet) CPEs() int {
	n := 0
	for _, s := range f.Sites {
		n += len(s.Servers.Servers)
	}
	return n
}

// Servers lists every CPE's server, site by site.
func (f *Fleet) Servers() []*Server {
	var out []*Server
	for _, s := range f.Sites {
		out = append(out, s.Servers.Servers...)
	}
	return out
}

// Counts is how many sites and CPEs play each scenario of the mix, in the
// mix's order (scenarios no site got are left out).
func (f *Fleet) Counts() []ScenarioCount {
	var out []ScenarioCount
	for _, e := range f.Options.Mix {
		c := ScenarioCount{Scenario: e.Scenario}
		for _, s := range f.Sites {
			if s.Scenario.Name == e.Scenario {
				c.Sites++
				c.CPEs += len(s.Servers.Servers)
			}
		}
		if c.Sites > 0 {
			out = append(out, c)
		}
	}
	return out
}

// Close closes every server of every site and waits for their goroutines.
// It may be called more than once.
func (f *Fleet) Close() error {
	var errs []error
	for _, s := range f.Sites {
		errs = append(errs, s.Servers.Close())
	}
	return errors.Join(errs...)
}
