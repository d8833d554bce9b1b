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
	Timeout  time.Duration `json:"timeout"`
	Source   string        `json:"source,omitempty"` // address or interface from "Packet sent with a source address of"
	DF       bool          `json:"df_bit"`
	Marks    string        `json:"marks"` // "!!!!!", ".....", "M.M.M"
	Sent     int           `json:"sent"`
	Received int           `json:"received"`
	Percent  int           `json:"success_percent"`
	RTTMin   time.Duration `json:"rtt_min"`
	RTTAvg   time.Duration `json:"rtt_avg"`
	RTTMax   time.Duration `json:"rtt_max"`
	Span     Span          `json:"span"`
}
