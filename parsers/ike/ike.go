package ike

import (
	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// LayerTypeIKE is the gopacket layer type of an IKE message (either
// version). It is registered by this package.
var LayerTypeIKE = gopacket.RegisterLayerType(4500, gopacket.LayerTypeMetadata{Name: "IKE", Decoder: gopacket.DecodeFunc(decodeIKE)})

// Exchange types (RFC 7296 section 3.1; IKEv1 values for version 1).
const (
	ExchangeIKESAInit     uint8 = 34
	ExchangeIKEAuth       uint8 = 35
	ExchangeCreateChildSA uint8 = 36
	ExchangeInformational uint8 = 37
)

// Header flags (IKEv2).
const (
	FlagInitiator uint8 = 0x08
	FlagVersion   uint8 = 0x10
	FlagResponse  uint8 = 0x20
)

// IKE is one IKE message. For IKEv1 (MajorVersion 1) the header and the
// cleartext payload chain are decoded (SA, KE, N, VID typed; the rest raw).
type IKE struct {
	layers.BaseLayer
	InitiatorSPI uint64
	ResponderSPI uint64
	NextPayload  uint8
	MajorVersion uint8
	MinorVersion uint8
	ExchangeType uint8
	Flags        uint8
	MessageID    uint32
	Length       uint32
	Payloads     []Payload
	// Truncated is set when the message is shorter than its Length says
	// (a capture's snap length): what was there is decoded.
	Truncated bool
}

// Payload is one payload of the chain. Exactly one of the typed fields is
// set for the payload types this package decodes; Body holds the raw body
// in every case.
type Payload struct {
	Type     uint8
	Critical bool
	// Next is the next-payload field as sent. For SK and SKF it names the
	// first payload inside the encrypted data.
	Next uint8
	Body []byte

	SA        *SAPayload
	KE        *KEPayload
	Notify    *NotifyPayload
	VendorID  []byte
	Fragment  *FragmentPayload // SKF (RFC 7383)
	Encrypted bool             // SK or SKF: content not readable on the wire
}

// SAPayload holds the proposals of an SA payload.
type SAPayload struct {
	Proposals []Proposal
	// DOI and Situation are IKEv1's (RFC 2408 section 3.4); 0 in IKEv2.
	DOI, Situation uint32
}

// Proposal is one proposal with its transforms.
type Proposal struct {
	Number     uint8
	ProtocolID uint8 // 1 IKE, 2 AH, 3 ESP
	SPI        []byte
	Transforms []Transform
}

// Transform is one transform; KeyLength is 0 when no key length attribute
// is present.
type Transform struct {
	Type      uint8 // 1 ENCR, 2 PRF, 3 INTEG, 4 DH (KE), 5 ESN
	ID        uint16
	KeyLength uint16
	// Alternative is, in IKEv1, the number of the ISAKMP transform these
	// IKEv2-style transforms were expanded from: an IKEv1 proposal lists
	// alternatives, each a full set. Always 0 in IKEv2.
	Alternative uint8
}

// KEPayload is a key exchange payload.
type KEPayload struct {
	Group uint16
	Data  []byte
}

// NotifyPayload is a notify payload.
type NotifyPayload struct {
	ProtocolID uint8
	SPI        []byte
	Type       uint16
	Data       []byte
}

// FragmentPayload is an encrypted fragment (SKF) header.
type FragmentPayload struct {
	Number, Total uint16
}

// LayerType returns LayerTypeIKE.
func (i *IKE) LayerType() gopacket.LayerType { return LayerTypeIKE }

// CanDecode returns LayerTypeIKE.
func (i *IKE) CanDecode() gopacket.LayerClass { return LayerTypeIKE }

// NextLayerType returns gopacket.LayerTypeZero: IKE carries no layer.
func (i *IKE) NextLayerType() gopacket.LayerType { return gopacket.LayerTypeZero }

// IsResponse reports whether the message is a response (IKEv2 R flag).
func (i *IKE) IsResponse() bool { return i.Flags&FlagResponse != 0 }

// FromInitiator reports whether the original initiator sent it (IKEv2 I flag).
func (i *IKE) FromInitiator() bool { return i.Flags&FlagInitiator != 0 }

func decodeIKE(data []byte, p gopacket.PacketBuilder) error {
	i := &IKE{}
	if err := i.DecodeFromBytes(data, p); err != nil {
		return err
	}
	p.AddLayer(i)
	return nil
}
