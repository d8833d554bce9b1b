package ike

// NATTKind is what a UDP 4500 payload holds.
type NATTKind int

// The contents of a UDP 4500 datagram (RFC 3948 sections 2.2 and 2.3).
const (
	NATTESP       NATTKind = iota // ESP-in-UDP: the payload starts with the SPI
	NATTIKE                       // non-ESP marker (4 zero bytes) then IKE
	NATTKeepalive                 // a single 0xFF byte
	NATTInvalid                   // too short to be anything
)

func (k NATTKind) String() string {
	switch k {
	case NATTESP:
		return "esp"
	case NATTIKE:
		return "ike"
	case NATTKeepalive:
		return "keepalive"
	}
	return "invalid"
}

// DemuxNATT tells what a UDP 4500 payload holds and returns the bytes of
// the IKE message (marker removed) or of the ESP packet; nil for a
// keepalive or an invalid payload. ESP never has SPI 0, which is what lets
// the 4 zero bytes mark IKE; ESP needs at least its SPI and sequence
// number (8 bytes).
func DemuxNATT(payload []byte) (NATTKind, []byte) {
	switch {
	case len(payload) == 1 && payload[0] == 0xff:
		return NATTKeepalive, nil
	case len(payload) >= 4 && payload[0] == 0 && payload[1] == 0 && payload[2] == 0 && payload[3] == 0:
		if len(payload) == 4 {
			return NATTInvalid, nil
		}
		return NATTIKE, payload[4:]
	case len(payload) >= 8:
		return NATTESP, payload
	}
	return NATTInvalid, nil
}
