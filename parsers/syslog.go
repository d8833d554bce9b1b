package parsers

import (
	"net/netip"
	"time"
)

// SyslogMessage is one log message line of a router: a line of the buffer
// `show logging` prints, or a message printed asynchronously into a console
// or `terminal monitor` session. Debug lines (a timestamp and text, no
// "%FACILITY-SEVERITY-MNEMONIC:" tag) are messages too, with Severity -1.
//
// The address fields are filled for the messages the ladder reads
// (%BGP-5-ADJCHANGE, %BGP-3-NOTIFICATION, %TCP-6-BADAUTH, %LINEPROTO-5-UPDOWN,
// %LINK-*, %DIALER-6-BIND, %CRYPTO-*, %IKEV2-*, %SYS-5-CONFIG_I); Addresses
// lists every address any message names.
type SyslogMessage struct {
	// Sequence is the "000123:" number `service sequence-numbers` adds; 0
	// when not printed (IOS counts from 1).
	Sequence uint64 `json:"sequence,omitempty"`
	// Host is the origin name when printed ("R1: *Mar  1 ...", or a syslog
	// server's "Jan 18 10:17:22 CORE-RTR-01 %SEC-6-...").
	Host string `json:"host,omitempty"`
	// TimeText is the timestamp as printed, without the clock flag and the
	// colon after it: "Nov 26 10:21:03.123 UTC", "Nov 26 2026 10:21:03",
	// "1d02h", "00:01:23".
	TimeText string `json:"time_text,omitempty"`
	// Time is TimeText read as a wall-clock time (in UTC whatever Zone
	// says, since IOS prints zone names, not offsets). Year is 0 when the
	// timestamp has no year. Zero for uptime stamps and when there is none.
	Time time.Time `json:"time,omitzero"`
	// Uptime is set for `service timestamps log uptime` stamps ("1d02h",
	// "00:01:23"): time since the router booted.
	Uptime time.Duration `json:"-"`
	// UptimeSec repeats Uptime in seconds for JSON.
	UptimeSec int64  `json:"uptime_sec,omitempty"`
	Zone      string `json:"zone,omitempty"` // "UTC", "EST", "KST" as printed
	// ClockFlag is the character before the timestamp: "*" the clock is
	// not authoritative (never set), "." it was set but is not
	// synchronised; "" for an authoritative clock.
	ClockFlag string `json:"clock_flag,omitempty"`

	// Tag is the "BGP-5-ADJCHANGE" part as printed, without % and colon;
	// "" for debug lines.
	Tag         string `json:"tag,omitempty"`
	Facility    string `json:"facility,omitempty"`    // "BGP", "IOSXE", "CRYPTO"
	Subfacility string `json:"subfacility,omitempty"` // "SP" of "%PM-SP-4-ERR_DISABLE"
	// Severity is 0 (emergencies) to 7 (debugging); -1 for a debug line
	// with no tag (left out of the JSON).
	Severity int    `json:"severity"`
	Mnemonic string `json:"mnemonic,omitempty"` // "ADJCHANGE"
	// Text is the message text after the tag (the whole text after the
	// timestamp for a debug line).
	Text string `json:"text"`
	// Continuation holds the lines of the log buffer that followed the
	// message and are not messages themselves (the rest of a wrapped
	// message, a traceback, the banner %SYS-5-RESTART prints).
	Continuation []string `json:"continuation,omitempty"`
	// Truncated is set for the first line of a wrapped buffer whose start
	// was overwritten: the tag survives, the timestamp does not.
	Truncated bool `json:"truncated,omitempty"`

	// Addresses lists, in order and without repeats, every IP address the
	// text names.
	Addresses []netip.Addr `json:"addresses,omitempty"`
	// Neighbor is the BGP neighbor ("neighbor 100.64.1.1").
	Neighbor netip.Addr `json:"neighbor,omitzero"`
	// VRF is the VRF the message names ("neighbor X vpn vrf DI Up").
	VRF string `json:"vrf,omitempty"`
	// From and To are the endpoints of a packet the message is about: the
	// TCP segment of %TCP-6-BADAUTH ("from 100.64.1.1(179) to
	// 100.64.1.2(40212)"), the ESP packet of %CRYPTO-4-RECVD_PKT_INV_SPI
	// (srcaddr, destaddr; port 0).
	From netip.AddrPort `json:"from,omitzero"`
	To   netip.AddrPort `json:"to,omitzero"`
	// Peer is the IKE/IPsec peer ("Peer 198.51.100.1:500", "peer at X",
	// "IKE message from X"); its port is 0 when none is printed.
	Peer netip.AddrPort `json:"peer,omitzero"`
	// Interface is the interface the message is about ("Interface
	// Tunnel1", "input interface=GigabitEthernet1"), as printed.
	Interface string `json:"interface,omitempty"`
	// State is the new state: "up", "down", "administratively down"
	// (LINK/LINEPROTO), "Up", "Down" (BGP), "UP", "DOWN" (crypto
	// sessions), "bound", "unbound" (DIALER).
	State string `json:"state,omitempty"`
	// Reason is the explanation the message gives: "BGP Notification
	// sent" (ADJCHANGE), "Invalid MD5 digest" / "No MD5 digest" (BADAUTH),
	// "BGP Notification received" (NBR_RESET).
	Reason string `json:"reason,omitempty"`
	// Direction, NotificationCode and NotificationText read
	// %BGP-3-NOTIFICATION: "sent" or "received", "2/2", "peer in wrong AS".
	Direction        string `json:"direction,omitempty"`
	NotificationCode string `json:"notification_code,omitempty"`
	NotificationText string `json:"notification_text,omitempty"`
	// Profile is the dialer profile of %DIALER-6-BIND/UNBIND ("Di1").
	Profile string `json:"profile,omitempty"`
	// User is who configured the router (%SYS-5-CONFIG_I "by admin").
	User string `json:"user,omitempty"`

	Span Span `json:"span"`
}

// HasTag reports whether the message carries a %FACILITY-SEVERITY-MNEMONIC
// tag (it is not a debug line).
func (m SyslogMessage) HasTag() bool { return m.Tag != "" }

// Logging is `show logging`: the state of each logging destination from the
// header, and the buffered messages in the order printed.
type Logging struct {
	// Header is false for an output without the header (`show logging |
	// include ...`, or a buffer pasted alone).
	Header bool `json:"header"`
	// Syslog is the text after "Syslog logging: " ("enabled (0 messages
	// dropped, ...)"); SyslogEnabled reads its first word.
	Syslog          string `json:"syslog,omitempty"`
	SyslogEnabled   bool   `json:"syslog_enabled"`
	MessagesDropped uint64 `json:"messages_dropped"`
	RateLimited     uint64 `json:"messages_rate_limited"`
	Flushes         uint64 `json:"flushes"`
	Overruns        uint64 `json:"overruns"`

	Console LogDestination `json:"console"`
	Monitor LogDestination `json:"monitor"`
	Buffer  LogDestination `json:"buffer"`
	Trap    LogDestination `json:"trap"`
	// Hosts are the "Logging to X" syslog servers under Trap logging.
	Hosts []LogHost `json:"hosts,omitempty"`
	// BufferBytes is N of "Log Buffer (N bytes):"; 0 when not printed.
	BufferBytes int `json:"buffer_bytes,omitempty"`

	// Messages are the buffered messages, oldest first as printed.
	Messages []SyslogMessage `json:"messages"`
	// Leading holds buffer lines before the first message: the tail of a
	// message whose start the ring buffer overwrote.
	Leading []string `json:"leading,omitempty"`
	// Span covers the header, from "Syslog logging:" to "Log Buffer".
	Span Span `json:"span"`
}

// LogDestination is one "Console logging: level debugging, 734 messages
// logged, xml disabled," line.
type LogDestination struct {
	Enabled bool   `json:"enabled"`
	Level   string `json:"level,omitempty"` // "debugging", "informational"
	// Logged counts "N messages logged" ("N message lines logged" for Trap).
	Logged uint64 `json:"logged"`
	Text   string `json:"text,omitempty"` // the line after the colon, as printed
	Line   int    `json:"line,omitempty"`
}

// LogHost is one "Logging to 192.0.2.10  (Mgmt-vrf) (udp port 514, ...)"
// block of Trap logging.
type LogHost struct {
	Address   netip.Addr `json:"address,omitzero"`
	Name      string     `json:"name,omitempty"` // a host name when not an address
	VRF       string     `json:"vrf,omitempty"`
	Transport string     `json:"transport,omitempty"` // udp, tcp, tls
	Port      int        `json:"port,omitempty"`
	LinkUp    *bool      `json:"link_up,omitempty"`
	Logged    uint64     `json:"logged"`
	Span      Span       `json:"span"`
}
