package parsers

import (
	"net/netip"
	"time"
)

// Ping is the result of an IOS `ping` command.
type Ping struct {
	Target   netip.Addr    `json:"target"`
	Repeat   int           `json:"repeat"`
	Size     int           `json:"size"`
	Timeout  time.Duration `json:"-"`
	Source   string        `json:"source,omitempty"` // address or interface from "Packet sent with a source address of"
	DF       bool          `json:"df_bit"`
	Marks    string        `json:"marks"` // "!!!!!", ".....", "M.M.M"
	Sent     int           `json:"sent"`
	Received int           `json:"received"`
	Percent  int           `json:"success_percent"`
	RTTMin   time.Duration `json:"-"`
	RTTAvg   time.Duration `json:"-"`
	RTTMax   time.Duration `json:"-"`
	Span     Span          `json:"span"`

	// Fields below were added: the device prints seconds and milliseconds,
	// so plain integers are exposed next to the Durations (which marshal as
	// nanoseconds).
	TargetRaw  string `json:"target_raw,omitempty"` // as printed, when not an address
	TimeoutSec int    `json:"timeout_sec"`
	RTTMinMs   int    `json:"rtt_min_ms"`
	RTTAvgMs   int    `json:"rtt_avg_ms"`
	RTTMaxMs   int    `json:"rtt_max_ms"`
	HasRTT     bool   `json:"has_rtt"` // a "round-trip min/avg/max" was printed
	Lost       int    `json:"lost"`
	// Unreachable, FragNeeded ("M": DF set and a hop's MTU is smaller) and
	// Timeouts count the marks by kind.
	Unreachable int `json:"unreachable"`
	FragNeeded  int `json:"frag_needed"`
	Timeouts    int `json:"timeouts"`
}
