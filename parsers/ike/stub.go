package ike

import (
	"errors"

	"github.com/gopacket/gopacket"
)

// STUB: replaced by the decoder (decode.go) and names (names.go).

// DecodeFromBytes decodes an IKE message.
func (i *IKE) DecodeFromBytes(data []byte, df gopacket.DecodeFeedback) error {
	return errors.New("todo")
}

// ExchangeName names an exchange type: "IKE_SA_INIT", ...
func ExchangeName(version, t uint8) string { return "todo" }

// NotifyName names a notify type: "NO_PROPOSAL_CHOSEN" (14), ...
func NotifyName(t uint16) string { return "todo" }

// TransformName names a transform: "ENCR_AES_GCM_16", "PRF_HMAC_SHA2_512", "ECP_384" ...
func TransformName(typ uint8, id uint16) string { return "todo" }

// PayloadName names a payload type: "SA", "KE", "N", "SK", ...
func PayloadName(t uint8) string { return "todo" }

// RequestedGroup returns the DH group an INVALID_KE_PAYLOAD notify asks for.
func (n *NotifyPayload) RequestedGroup() (uint16, bool) { return 0, false }

// NATTKind is what a UDP 4500 payload holds.
type NATTKind int

// The contents of a UDP 4500 datagram (RFC 3948).
const (
	NATTESP       NATTKind = iota // ESP-in-UDP: the payload starts with the SPI
	NATTIKE                       // non-ESP marker (4 zero bytes) then IKE
	NATTKeepalive                 // a single 0xFF byte
	NATTInvalid                   // too short to be anything
)

// DemuxNATT tells what a UDP 4500 payload holds and returns the bytes of
// the IKE message or the ESP packet (marker removed).
func DemuxNATT(payload []byte) (NATTKind, []byte) { return NATTInvalid, nil }
