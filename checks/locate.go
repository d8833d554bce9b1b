package checks

import (
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// tunnelIface is where the tunnel's GRE interface was found.
type tunnelIface struct {
	Name string
	How  string // "named in the profile", "found by tunnel destination ..."
	// Cfg is its configuration (nil when no configuration shows it).
	Cfg *evidence.InterfaceConfig
	// States are its state records, oldest first, from the winning rank of
	// listing (a full interface listing over a brief table).
	States []evidence.Interface
	// Why is set when the interface could not be located: Missing says
	// whether the evidence proves it absent (fail) or is merely
	// insufficient (unknown); Proof is the output that proves it.
	Why     string
	Missing bool
	Proof   *evidence.Output
}

// State returns the newest state record, or nil.
func (ti *tunnelIface) State() *evidence.Interface {
	if len(ti.States) == 0 {
		return nil
	}
	return &ti.States[len(ti.States)-1]
}

// findInterface locates the tunnel interface: the profile's name, else the
// configured interface whose tunnel destination is the GRE destination,
// else an interface whose state shows that destination. An interface is
// "missing" only when an output that would list it does not: the full
// configuration, a full interface listing, or the listing of that very
// interface. Anything less is "not collected".
func findInterface(t *profile.Tunnel, cpe *evidence.CPE) tunnelIface {
	cfg := configOf(cpe)
	ti := tunnelIface{Name: t.Interface, How: "named in the profile"}
	if ti.Name == "" {
		for _, ic := range cfg.interfaces() {
			if ic.TunnelDestination == t.GREDestination {
				ti.Name, ti.How = ic.Name, "found by tunnel destination "+t.GREDestination.String()+" in the configuration"
				break
			}
		}
	}
	if ti.Name == "" {
		for i := len(cpe.Interfaces) - 1; i >= 0 && ti.Name == ""; i-- {
			for _, it := range cpe.Interfaces[i].Items {
				if it.TunnelDestination == t.GREDestination {
					ti.Name, ti.How = it.Name, "found by tunnel destination "+t.GREDestination.String()+" in the interface state"
					break
				}
			}
		}
	}
	if ti.Name == "" {
		return ti.unlocated(t, cpe, cfg)
	}
	var provenByCfg bool
	ti.Cfg, provenByCfg = cfg.iface(ti.Name)
	ti.States = interfaceStates(cpe, ti.Name)
	if ti.Cfg != nil || len(ti.States) > 0 {
		return ti
	}
	for i := len(cpe.Interfaces) - 1; i >= 0; i-- {
		if cpe.Interfaces[i].Proves(ti.Name) {
			ti.Why, ti.Missing, ti.Proof = ti.Name+" ("+ti.How+") does not exist on "+cpe.Name, true, cpe.Interfaces[i].Out
			return ti
		}
	}
	if provenByCfg {
		ti.Why, ti.Missing = ti.Name+" ("+ti.How+") is not in the configuration of "+cpe.Name, true
		return ti
	}
	ti.Why = cpe.Why(evidence.FamilyInterface, evidence.Query{Interface: ti.Name})
	if !cfg.ok() {
		ti.Why += "; " + cfg.why
	}
	return ti
}

// unlocated says why no interface goes to the GRE destination.
func (ti tunnelIface) unlocated(t *profile.Tunnel, cpe *evidence.CPE, cfg configView) tunnelIface {
	ti.How = ""
	if cfg.full != nil {
		ti.Why, ti.Missing = "no interface has tunnel destination "+t.GREDestination.String(), true
		return ti
	}
	for i := len(cpe.Interfaces) - 1; i >= 0; i-- {
		if cpe.Interfaces[i].Proves("") && cpe.Interfaces[i].Rank >= 2 {
			ti.Why, ti.Missing, ti.Proof = "no interface has tunnel destination "+t.GREDestination.String(), true, cpe.Interfaces[i].Out
			return ti
		}
	}
	ti.Why = "the profile names no tunnel interface and nothing collected shows one with destination " +
		t.GREDestination.String() + ": " + cpe.Why(evidence.FamilyConfig, evidence.Query{})
	return ti
}

// interfaceStates returns the state records of the named interface from
// the listings of the winning rank that show it, oldest first.
func interfaceStates(cpe *evidence.CPE, name string) []evidence.Interface {
	var best int
	var out []evidence.Interface
	for _, l := range evidence.Covering(cpe.Interfaces, name) {
		for _, it := range l.Items {
			if !evidence.SameInterface(it.Name, name) {
				continue
			}
			switch {
			case l.Rank > best:
				best, out = l.Rank, []evidence.Interface{it}
			case l.Rank == best:
				out = append(out, it)
			}
		}
	}
	return out
}

// interfaceState returns the newest state of any interface, by name (the
// tunnel's source interface, say).
func interfaceState(cpe *evidence.CPE, name string) *evidence.Interface {
	s := interfaceStates(cpe, name)
	if len(s) == 0 {
		return nil
	}
	return &s[len(s)-1]
}
