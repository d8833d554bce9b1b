package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/registry"
	"github.com/vcdiag/vcdiag/profile"
)

// The commands a platform reads are not written down here a second time:
// they are the platform's own collection plan (what `vcdiag run` sends,
// for the example profile) plus a few documented extra forms that people
// paste from their own sessions. A test holds every extra to being
// recognised by its platform's Identify and to being no plan command, so
// the list cannot promise a command the parser does not read.

// parseExtras are forms each platform reads beyond its plan: the brief and
// filtered forms people type, other tables, the DF-bit pings. Abbreviations
// are not listed: they are recognised wherever the device accepts them.
var parseExtras = map[string][]string{
	"cisco_iosxe": {
		"show crypto ikev2 sa",
		"show crypto ipsec sa peer 198.51.100.1",
		"show crypto session",
		"show interfaces Tunnel1",
		"show ip interface brief",
		"show running-config | section crypto",
		"show ip bgp",
		"show bgp ipv4 unicast summary",
		"show ip route",
		"show ip route vrf DI 203.0.113.1",
		"show ip cef 203.0.113.1 detail",
		"ping 100.64.1.1 source Tunnel1 size 1400 df-bit repeat 2",
	},
	"linux": {
		"ip -d -s link show dev gre1",
		"vtysh -c 'show bgp summary'",
		"vtysh -c 'show ip route 203.0.113.1'",
	},
	"juniper_junos": {
		"show security ike security-associations",
		"show security ipsec security-associations",
		"show interfaces gr-0/0/0.1 extensive",
		"show log messages",
	},
	"fortinet_fortios": {
		"diagnose vpn ike gateway list name vc-dca",
		"diagnose vpn tunnel list name vc-dca",
		"diagnose netlink interface list",
		"show system gre-tunnel vc-dca-gre",
		"get router info routing-table all",
	},
	"paloalto_panos": {
		"show vpn ike-sa gateway vc-dca",
		"show vpn ipsec-sa tunnel vc-dca",
		"show vpn flow tunnel-id 1",
		"show routing route virtual-router default",
		"show interface tunnel.1",
	},
}

// platformPlan is what vcdiag runs on a CPE of the named platform: the
// platform's plan for the example profile (`vcdiag profile init`) with one
// tunnel, whose interface is left to be found by its GRE destination as a
// profile may leave it, so that no IOS interface name leaks into another
// platform's commands.
func platformPlan(name string) (platform.Platform, []platform.Planned, error) {
	plat, err := registry.Lookup(name)
	if err != nil {
		return nil, nil, err
	}
	p, err := profile.Parse([]byte(profile.Example()), "example.yaml")
	if err != nil || len(p.CPEs) == 0 || len(p.Tunnels) == 0 {
		return nil, nil, fmt.Errorf("the example profile does not load: %v", err)
	}
	p.CPEs = p.CPEs[:1]
	p.CPEs[0].Platform = plat.Name()
	p.Tunnels = p.Tunnels[:1]
	p.Tunnels[0].Interface = ""
	return plat, plat.Plan(p, p.CPEs[0].Name), nil
}

// parseListPlatforms are the platforms `parse --list` shows: one when
// --platform was given, else every one.
func parseListPlatforms(only string, given bool) ([]string, error) {
	if !given {
		return registry.Names(), nil
	}
	if only == "cisco_ios" {
		only = registry.Default // read by the IOS-XE parsers
	}
	if _, err := registry.Lookup(only); err != nil {
		return nil, err
	}
	return []string{strings.ToLower(only)}, nil
}

// listParseCommands prints, per platform, the commands whose output
// `vcdiag parse` reads: first those vcdiag runs itself, with the kind
// `parse` reports and how many samples a run takes, then the extra forms.
func listParseCommands(w io.Writer, names []string) error {
	for i, name := range names {
		plat, plan, err := platformPlan(name)
		if err != nil {
			return err
		}
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s:\n", name)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  COMMAND\tKIND\tRUN BY vcdiag")
		kind := func(cmd string) string {
			if c, ok := plat.Identify(cmd); ok {
				return c.Kind
			}
			return "-"
		}
		for _, pl := range plan {
			run := "yes"
			if pl.Samples > 1 {
				run = fmt.Sprintf("yes, %d samples", pl.Samples)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", pl.Command, kind(pl.Command), run)
		}
		for _, e := range parseExtras[name] {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", e, kind(e), "other form, read")
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, "\nAddresses and names are those of 'vcdiag profile init' (one tunnel): put your own.\n"+
		"Abbreviations and output filters (\"sh cry ikev2 sa det\", \"| include X\") are read\n"+
		"wherever the device accepts them.")
	return err
}

// planCommands are the distinct command lines of a platform's plan plus its
// extras, for completing `parse --command`.
func planCommands(name string) []string {
	if name == "cisco_ios" {
		name = registry.Default
	}
	_, plan, err := platformPlan(name)
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, pl := range plan {
		if !seen[pl.Command] {
			seen[pl.Command] = true
			out = append(out, pl.Command)
		}
	}
	return append(out, parseExtras[strings.ToLower(name)]...)
}
