package ike

import (
	"encoding/binary"
	"fmt"

	"github.com/gopacket/gopacket"
)

// HeaderLen is the length of the fixed IKE header, the same in IKEv1
// (RFC 2408 section 3.1) and IKEv2 (RFC 7296 section 3.1).
const HeaderLen = 28

// IKEv1 header flags (RFC 2408 section 3.1). IKEv1 has no I/R flags: who
// initiated is known only from the cookies.
const (
	FlagV1Encryption uint8 = 0x01 // everything after the header is encrypted
	FlagV1Commit     uint8 = 0x02
	FlagV1AuthOnly   uint8 = 0x04
)

// DecodeError says what is wrong with a message and where. Index is the
// 1-based position of the payload in the chain (0 for the header), Type
// its payload type and Offset its byte offset in the message.
type DecodeError struct {
	Index  int
	Type   uint8
	Offset int
	Msg    string
}

func (e *DecodeError) Error() string {
	if e.Index == 0 {
		return "ike: header: " + e.Msg
	}
	return fmt.Sprintf("ike: payload %d (%s) at offset %d: %s", e.Index, PayloadName(e.Type), e.Offset, e.Msg)
}

// Encrypted reports whether the message content after the header cannot
// be read on the wire: an IKEv2 SK/SKF payload or an IKEv1 message with
// the encryption flag.
func (i *IKE) Encrypted() bool {
	if i.MajorVersion == 1 && i.Flags&FlagV1Encryption != 0 {
		return true
	}
	for k := range i.Payloads {
		if i.Payloads[k].Encrypted {
			return true
		}
	}
	return false
}

// DecodeFromBytes decodes an IKE message of either version. The header is
// always decoded when 28 bytes are present; on error the header and the
// payloads decoded before the fault stay in i, so a caller can still count
// the message. Slices (Body, SPI, Data, VendorID) alias data. Decoding into
// the same IKE again reuses its slices and payload structs, as
// gopacket.DecodingLayerParser does: copy what must outlive the next call.
func (i *IKE) DecodeFromBytes(data []byte, df gopacket.DecodeFeedback) error {
	i.Payloads = i.Payloads[:0]
	i.Truncated = false
	if len(data) < HeaderLen {
		setTruncated(df)
		// No header: clear the last message's, which a reused IKE still holds.
		payloads := i.Payloads
		*i = IKE{Payloads: payloads}
		i.Contents = data
		return &DecodeError{Msg: fmt.Sprintf("message of %d bytes is shorter than the %d-byte header", len(data), HeaderLen)}
	}
	i.InitiatorSPI = binary.BigEndian.Uint64(data[0:8])
	i.ResponderSPI = binary.BigEndian.Uint64(data[8:16])
	i.NextPayload = data[16]
	i.MajorVersion = data[17] >> 4
	i.MinorVersion = data[17] & 0x0f
	i.ExchangeType = data[18]
	i.Flags = data[19]
	i.MessageID = binary.BigEndian.Uint32(data[20:24])
	i.Length = binary.BigEndian.Uint32(data[24:28])

	end := len(data)
	if uint64(i.Length) <= uint64(len(data)) {
		end = int(i.Length)
	} else {
		// A snap length cut the message: decode what is there.
		i.Truncated = true
		setTruncated(df)
	}
	if i.Length < HeaderLen {
		end = HeaderLen
	}
	i.Contents, i.Payload = data[:end], data[end:]
	if i.Length < HeaderLen {
		return &DecodeError{Msg: fmt.Sprintf("length %d is shorter than the %d-byte header", i.Length, HeaderLen)}
	}
	if i.MajorVersion != 1 && i.MajorVersion != 2 {
		return &DecodeError{Msg: fmt.Sprintf("major version %d is neither IKEv1 nor IKEv2", i.MajorVersion)}
	}
	return i.walk(data[:end])
}

func setTruncated(df gopacket.DecodeFeedback) {
	if df != nil {
		df.SetTruncated()
	}
}

// spare holds the typed structs of a reused payload slot, so that decoding
// the same shape of message again allocates nothing.
type spare struct {
	sa   *SAPayload
	ke   *KEPayload
	n    *NotifyPayload
	frag *FragmentPayload
}

// slot appends a zeroed payload, reusing the backing array and keeping the
// typed structs it held for reuse.
func (i *IKE) slot() (*Payload, spare) {
	n := len(i.Payloads)
	if n < cap(i.Payloads) {
		i.Payloads = i.Payloads[:n+1]
	} else {
		i.Payloads = append(i.Payloads, Payload{})
	}
	p := &i.Payloads[n]
	s := spare{sa: p.SA, ke: p.KE, n: p.Notify, frag: p.Fragment}
	*p = Payload{}
	return p, s
}

// walk follows the generic payload chain. Every payload consumes at least
// its 4-byte header, so the walk ends within len(msg)/4 steps whatever the
// next-payload fields say: a chain that points back at itself cannot spin.
func (i *IKE) walk(msg []byte) error {
	next := i.NextPayload
	off := HeaderLen
	v1 := i.MajorVersion == 1
	if v1 && i.Flags&FlagV1Encryption != 0 {
		if next != PayloadNone && off < len(msg) {
			p, _ := i.slot()
			p.Type, p.Body, p.Encrypted = next, msg[off:], true
		}
		return nil
	}
	for n := 1; next != PayloadNone; n++ {
		left := len(msg) - off
		fail := func(format string, a ...any) error {
			return &DecodeError{Index: n, Type: next, Offset: off, Msg: fmt.Sprintf(format, a...)}
		}
		if left < 4 {
			if i.Truncated {
				return nil
			}
			if left == 0 {
				return fail("missing: the message ends after %d payloads", n-1)
			}
			return fail("header needs 4 bytes, %d left", left)
		}
		plen := int(binary.BigEndian.Uint16(msg[off+2:]))
		if plen < 4 {
			return fail("length %d shorter than its 4-byte header", plen)
		}
		if plen > left && !(i.Truncated && uint64(off+plen) <= uint64(i.Length)) {
			return fail("length %d exceeds message (%d left)", plen, left)
		}
		p, s := i.slot()
		p.Type, p.Next = next, msg[off]
		p.Critical = !v1 && msg[off+1]&0x80 != 0
		if plen > left {
			// Cut by the snap length: keep what is there, raw.
			p.Body = msg[off+4:]
			p.Encrypted = !v1 && (next == PayloadSK || next == PayloadSKF)
			return nil
		}
		p.Body = msg[off+4 : off+plen]
		var err error
		if v1 {
			err = decodeV1(p, s)
		} else {
			err = decodeV2(p, s)
		}
		if err != nil {
			i.Payloads = i.Payloads[:len(i.Payloads)-1]
			return fail("%v", err)
		}
		off += plen
		if p.Encrypted {
			// SK/SKF's next payload names the first encrypted inner payload.
			return nil
		}
		next = p.Next
	}
	return nil
}

// decodeV2 fills the typed field of an IKEv2 payload from its Body.
func decodeV2(p *Payload, s spare) error {
	switch p.Type {
	case PayloadSA:
		sa := s.sa
		if sa == nil {
			sa = &SAPayload{}
		}
		if err := decodeSA(p.Body, sa, 2); err != nil {
			return err
		}
		p.SA = sa
	case PayloadKE:
		if len(p.Body) < 4 {
			return fmt.Errorf("KE body of %d bytes is shorter than its 4-byte group header", len(p.Body))
		}
		ke := s.ke
		if ke == nil {
			ke = &KEPayload{}
		}
		ke.Group, ke.Data = binary.BigEndian.Uint16(p.Body), p.Body[4:]
		p.KE = ke
	case PayloadNotify:
		n := s.n
		if n == nil {
			n = &NotifyPayload{}
		}
		if err := decodeNotify(p.Body, n); err != nil {
			return err
		}
		p.Notify = n
	case PayloadVendorID:
		p.VendorID = p.Body
	case PayloadSK:
		p.Encrypted = true
	case PayloadSKF:
		if len(p.Body) < 4 {
			return fmt.Errorf("SKF body of %d bytes is shorter than its 4-byte fragment header", len(p.Body))
		}
		f := s.frag
		if f == nil {
			f = &FragmentPayload{}
		}
		f.Number, f.Total = binary.BigEndian.Uint16(p.Body), binary.BigEndian.Uint16(p.Body[2:])
		p.Fragment, p.Encrypted = f, true
	}
	return nil
}

// decodeNotify decodes an IKEv2 notify body (RFC 7296 section 3.10).
func decodeNotify(b []byte, n *NotifyPayload) error {
	if len(b) < 4 {
		return fmt.Errorf("notify body of %d bytes is shorter than 4", len(b))
	}
	spi := int(b[1])
	if 4+spi > len(b) {
		return fmt.Errorf("notify SPI size %d exceeds body (%d left)", spi, len(b)-4)
	}
	n.ProtocolID, n.Type = b[0], binary.BigEndian.Uint16(b[2:])
	n.SPI, n.Data = nilIfEmpty(b[4:4+spi]), nilIfEmpty(b[4+spi:])
	return nil
}

// RequestedGroup returns the DH group an INVALID_KE_PAYLOAD notify asks
// for (RFC 7296 section 1.3: two octets, the group the responder wants).
func (n *NotifyPayload) RequestedGroup() (uint16, bool) {
	if n == nil || n.Type != NotifyInvalidKEPayload || len(n.Data) < 2 {
		return 0, false
	}
	return binary.BigEndian.Uint16(n.Data), true
}

func nilIfEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}
