package ike

import (
	"encoding/binary"
	"fmt"

	"github.com/gopacket/gopacket"
)

// SerializeTo writes the message, so tests and the lab can build packets
// with gopacket.SerializeLayers(eth, ip, udp, ike). Payload bodies come
// from the typed fields where set (SA, KE, Notify, VendorID, Fragment
// header) and from Body otherwise; SK keeps Body as its encrypted data and
// SKF its data after the 4-byte fragment header. The next-payload fields
// are rebuilt from the chain (the last SK/SKF keeps its Next). With
// opts.FixLengths, Length and NextPayload are set in i too. IKEv1
// payloads are written from Body only (their SA is not re-encodable).
func (i *IKE) SerializeTo(b gopacket.SerializeBuffer, opts gopacket.SerializeOptions) error {
	size := HeaderLen
	bodies := make([][]byte, len(i.Payloads))
	v1Enc := i.MajorVersion == 1 && i.Flags&FlagV1Encryption != 0
	for k := range i.Payloads {
		body, err := i.payloadBody(&i.Payloads[k])
		if err != nil {
			return fmt.Errorf("ike: serialize payload %d (%s): %w", k+1, PayloadName(i.Payloads[k].Type), err)
		}
		if !v1Enc {
			if len(body)+4 > 0xffff {
				return fmt.Errorf("ike: serialize payload %d (%s): body of %d bytes too long", k+1, PayloadName(i.Payloads[k].Type), len(body))
			}
			size += 4
		}
		bodies[k] = body
		size += len(body)
	}
	if opts.FixLengths {
		i.Length = uint32(size)
		if len(i.Payloads) > 0 {
			i.NextPayload = i.Payloads[0].Type
		} else {
			i.NextPayload = PayloadNone
		}
	}
	out, err := b.PrependBytes(size)
	if err != nil {
		return err
	}
	binary.BigEndian.PutUint64(out[0:], i.InitiatorSPI)
	binary.BigEndian.PutUint64(out[8:], i.ResponderSPI)
	out[16] = i.NextPayload
	out[17] = i.MajorVersion<<4 | i.MinorVersion&0x0f
	out[18], out[19] = i.ExchangeType, i.Flags
	binary.BigEndian.PutUint32(out[20:], i.MessageID)
	binary.BigEndian.PutUint32(out[24:], i.Length)
	off := HeaderLen
	for k := range i.Payloads {
		p := &i.Payloads[k]
		if !v1Enc {
			next := PayloadNone
			switch {
			case k+1 < len(i.Payloads):
				next = i.Payloads[k+1].Type
			case p.Type == PayloadSK || p.Type == PayloadSKF:
				next = p.Next
			}
			out[off] = next
			out[off+1] = 0
			if p.Critical {
				out[off+1] = 0x80
			}
			binary.BigEndian.PutUint16(out[off+2:], uint16(len(bodies[k])+4))
			off += 4
		}
		off += copy(out[off:], bodies[k])
	}
	return nil
}

func (i *IKE) payloadBody(p *Payload) ([]byte, error) {
	if i.MajorVersion == 1 {
		return p.Body, nil
	}
	switch {
	case p.SA != nil:
		return encodeSA(p.SA)
	case p.KE != nil:
		b := make([]byte, 4, 4+len(p.KE.Data))
		binary.BigEndian.PutUint16(b, p.KE.Group)
		return append(b, p.KE.Data...), nil
	case p.Notify != nil:
		n := p.Notify
		if len(n.SPI) > 0xff {
			return nil, fmt.Errorf("notify SPI of %d bytes too long", len(n.SPI))
		}
		b := []byte{n.ProtocolID, byte(len(n.SPI)), byte(n.Type >> 8), byte(n.Type)}
		b = append(b, n.SPI...)
		return append(b, n.Data...), nil
	case p.VendorID != nil:
		return p.VendorID, nil
	case p.Fragment != nil:
		b := []byte{byte(p.Fragment.Number >> 8), byte(p.Fragment.Number), byte(p.Fragment.Total >> 8), byte(p.Fragment.Total)}
		if len(p.Body) >= 4 {
			b = append(b, p.Body[4:]...)
		}
		return b, nil
	}
	return p.Body, nil
}

func encodeSA(sa *SAPayload) ([]byte, error) {
	var b []byte
	for k, pr := range sa.Proposals {
		if len(pr.SPI) > 0xff || len(pr.Transforms) > 0xff {
			return nil, fmt.Errorf("proposal %d: SPI of %d bytes or %d transforms too many", k+1, len(pr.SPI), len(pr.Transforms))
		}
		start := len(b)
		more := byte(2)
		if k == len(sa.Proposals)-1 {
			more = 0
		}
		b = append(b, more, 0, 0, 0, pr.Number, pr.ProtocolID, byte(len(pr.SPI)), byte(len(pr.Transforms)))
		b = append(b, pr.SPI...)
		for j, t := range pr.Transforms {
			more := byte(3)
			if j == len(pr.Transforms)-1 {
				more = 0
			}
			tlen := 8
			if t.KeyLength != 0 {
				tlen = 12
			}
			b = append(b, more, 0, 0, byte(tlen), t.Type, 0, byte(t.ID>>8), byte(t.ID))
			if t.KeyLength != 0 {
				b = append(b, 0x80, attrKeyLength, byte(t.KeyLength>>8), byte(t.KeyLength))
			}
		}
		plen := len(b) - start
		if plen > 0xffff {
			return nil, fmt.Errorf("proposal %d of %d bytes too long", k+1, plen)
		}
		binary.BigEndian.PutUint16(b[start+2:], uint16(plen))
	}
	return b, nil
}
