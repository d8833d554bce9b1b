package parsers

import "strings"

// ifPrefixes maps the lower-case abbreviations people type (and IOS prints
// in short listings such as `show ip int brief` or `show crypto session`)
// to the canonical IOS interface type. Longer spellings are matched first
// by InterfaceName, so order here does not matter.
var ifPrefixes = map[string]string{
	"tu": "Tunnel", "tun": "Tunnel", "tunnel": "Tunnel",
	"gi": "GigabitEthernet", "gig": "GigabitEthernet", "ge": "GigabitEthernet",
	"gigabitethernet": "GigabitEthernet",
	"te":              "TenGigabitEthernet", "ten": "TenGigabitEthernet", "tengig": "TenGigabitEthernet",
	"tengigabitethernet": "TenGigabitEthernet",
	"twe":                "TwentyFiveGigE", "twentyfivegige": "TwentyFiveGigE",
	"fo": "FortyGigabitEthernet", "fortygigabitethernet": "FortyGigabitEthernet",
	"hu": "HundredGigE", "hundredgige": "HundredGigE",
	"fa": "FastEthernet", "fastethernet": "FastEthernet",
	"et": "Ethernet", "eth": "Ethernet", "ethernet": "Ethernet",
	"lo": "Loopback", "loop": "Loopback", "loopback": "Loopback",
	"po": "Port-channel", "port-channel": "Port-channel", "portchannel": "Port-channel",
	"vl": "Vlan", "vlan": "Vlan",
	"vi": "Virtual-Access", "virtual-access": "Virtual-Access",
	"vt": "Virtual-Template", "virtual-template": "Virtual-Template",
	"di": "Dialer", "dialer": "Dialer",
	"se": "Serial", "serial": "Serial",
	"nv": "NVI", "nvi": "NVI",
	"bdi": "BDI", "mgmt": "mgmt",
	"cellular": "Cellular", "ce": "Cellular",
}

// InterfaceName returns the canonical IOS name for an interface name as
// typed or printed in short form: "tu1" and "tunnel1" give "Tunnel1",
// "gi0/0/1" gives "GigabitEthernet0/0/1", "po10" gives "Port-channel10".
// Names whose type is not known are returned unchanged, so a name that is
// already canonical (or a platform type vcdiag has never seen) survives.
func InterfaceName(s string) string {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && !isIfDigit(s[i]) {
		i++
	}
	typ, rest := strings.TrimSpace(s[:i]), s[i:]
	if typ == "" {
		return s
	}
	canon, ok := ifPrefixes[strings.ToLower(typ)]
	if !ok {
		return s
	}
	return canon + rest
}

func isIfDigit(c byte) bool { return c >= '0' && c <= '9' }
