package probe

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/icmp"
)

// Mode is how ICMP echo requests can be sent by this process.
type Mode int

// The ICMP modes, in order of preference.
const (
	// NoICMP: neither ping sockets nor raw sockets are allowed.
	NoICMP Mode = iota
	// Unprivileged uses ICMP datagram ("ping") sockets, allowed when one of
	// the process's groups is inside net.ipv4.ping_group_range.
	Unprivileged
	// Raw uses raw ICMP sockets: root or CAP_NET_RAW.
	Raw
)

func (m Mode) String() string {
	switch m {
	case Unprivileged:
		return "unprivileged ICMP (ping socket)"
	case Raw:
		return "raw ICMP socket"
	}
	return "no ICMP"
}

// Privilege is what Detect found: the mode to use and, with NoICMP, why
// and how to fix it.
type Privilege struct {
	Mode Mode
	// Why is set with NoICMP: the reason and the two fixes, as product copy.
	Why string
}

// pingGroupRangeFile is where Linux keeps the groups allowed to open ping
// sockets ("1 0", the default on many distributions, allows none).
const pingGroupRangeFile = "/proc/sys/net/ipv4/ping_group_range"

// FixSetcap and FixSysctl are the two ways to let vcdiag send ICMP.
const (
	FixSetcap  = "sudo setcap cap_net_raw+ep $(which vcdiag)"
	FixSysctl  = "sudo sysctl -w net.ipv4.ping_group_range='0 2147483647'"
	fixMessage = "give vcdiag ICMP: " + FixSetcap + " (raw sockets), or " + FixSysctl + " (ping sockets for every group)"
)

// Detect finds how this process can send ICMP: a ping socket first (no
// privilege needed), else a raw socket. It opens and closes a socket of
// each kind rather than guessing from the uid, because capabilities,
// containers and the sysctl all change the answer.
func Detect() Privilege {
	gids, _ := os.Getgroups()
	return detect(listenClose, readFile, append(gids, os.Getegid()))
}

func listenClose(network string) error {
	c, err := icmp.ListenPacket(network, "0.0.0.0")
	if err != nil {
		return err
	}
	return c.Close()
}

func readFile(name string) (string, error) {
	b, err := os.ReadFile(name)
	return string(b), err
}

// detect is Detect with its system calls passed in, for tests.
func detect(listen func(network string) error, read func(string) (string, error), gids []int) Privilege {
	udpErr := listen("udp4")
	if udpErr == nil {
		return Privilege{Mode: Unprivileged}
	}
	rawErr := listen("ip4:icmp")
	if rawErr == nil {
		return Privilege{Mode: Raw}
	}
	why := "no ICMP privilege: "
	if rng, err := read(pingGroupRangeFile); err == nil {
		lo, hi, ok := parseGroupRange(rng)
		switch {
		case ok && lo > hi:
			why += fmt.Sprintf("ping sockets are off (net.ipv4.ping_group_range is %q)", strings.Join(strings.Fields(rng), " "))
		case ok && !inRange(lo, hi, gids):
			why += fmt.Sprintf("no group of this process (%s) is in net.ipv4.ping_group_range %q", joinInts(gids), strings.Join(strings.Fields(rng), " "))
		default:
			why += "ping socket: " + udpErr.Error()
		}
	} else {
		why += "ping socket: " + udpErr.Error()
	}
	why += "; raw socket: " + rawErr.Error() + "; " + fixMessage
	return Privilege{Mode: NoICMP, Why: why}
}

// parseGroupRange reads "lo hi" from ping_group_range.
func parseGroupRange(s string) (lo, hi int, ok bool) {
	f := strings.Fields(s)
	if len(f) != 2 {
		return 0, 0, false
	}
	lo, err1 := strconv.Atoi(f[0])
	hi, err2 := strconv.Atoi(f[1])
	return lo, hi, err1 == nil && err2 == nil
}

func inRange(lo, hi int, gids []int) bool {
	return slices.ContainsFunc(gids, func(g int) bool { return lo <= g && g <= hi })
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return "gid " + strings.Join(s, ",")
}
