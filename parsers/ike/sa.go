package ike

import (
	"encoding/binary"
	"fmt"
)

// Attribute types carried in transforms.
const (
	attrKeyLength     = 14 // IKEv2 and IKEv1 Oakley: key length in bits
	attrV1Encryption  = 1  // IKEv1 Oakley (RFC 2409 appendix A)
	attrV1Hash        = 2
	attrV1Group       = 4
	attrV1ESPGroup    = 3 // IPsec DOI (RFC 2407 section 4.5)
	attrV1ESPAuth     = 5
	attrV1ESPKeyLen   = 6
	protoISAKMP       = 1
	protoESP          = 3
	v1DOIIPsec        = 1
	v1SitIdentityOnly = 1
)

// decodeSA decodes an SA payload body. IKEv2 and IKEv1 proposals and
// transforms share one layout (last/next, reserved, length, then 4
// octets); only IKEv1 prefixes a DOI and a situation, and only the
// meaning of a transform's first 4 octets differs.
func decodeSA(b []byte, sa *SAPayload, version uint8) error {
	sa.DOI, sa.Situation = 0, 0
	props := sa.Proposals[:0]
	defer func() { sa.Proposals = props }()
	if version == 1 {
		if len(b) < 8 {
			return fmt.Errorf("SA body of %d bytes is shorter than DOI and situation (8)", len(b))
		}
		sa.DOI, sa.Situation = binary.BigEndian.Uint32(b), binary.BigEndian.Uint32(b[4:])
		if sa.DOI != v1DOIIPsec || sa.Situation&^v1SitIdentityOnly != 0 {
			// Other DOIs and labelled situations carry fields we do not
			// walk; the proposals are left out rather than misread.
			return nil
		}
		b = b[8:]
	}
	for off, n := 0, 1; off < len(b); n++ {
		left := len(b) - off
		if left < 8 {
			return fmt.Errorf("proposal %d needs 8 bytes, %d left", n, left)
		}
		plen := int(binary.BigEndian.Uint16(b[off+2:]))
		if plen < 8 || plen > left {
			return fmt.Errorf("proposal %d length %d does not fit the SA payload (%d left)", n, plen, left)
		}
		pb := b[off : off+plen]
		spi := int(pb[6])
		if 8+spi > plen {
			return fmt.Errorf("proposal %d SPI size %d exceeds its length %d", n, spi, plen)
		}
		// Reuse the transforms slice a previous decode left in this slot.
		var tr []Transform
		if len(props) < cap(props) {
			tr = props[:len(props)+1][len(props)].Transforms[:0]
		}
		pr := Proposal{Number: pb[4], ProtocolID: pb[5], SPI: nilIfEmpty(pb[8 : 8+spi])}
		tr, err := decodeTransforms(pb[8+spi:], tr, version, pr.ProtocolID)
		if err != nil {
			return fmt.Errorf("proposal %d: %w", n, err)
		}
		pr.Transforms = tr
		props = append(props, pr)
		off += plen
		if b[off-plen] == 0 {
			break // last proposal
		}
	}
	return nil
}

func decodeTransforms(b []byte, tr []Transform, version, proto uint8) ([]Transform, error) {
	for off, n := 0, 1; off < len(b); n++ {
		left := len(b) - off
		if left < 8 {
			return tr, fmt.Errorf("transform %d needs 8 bytes, %d left", n, left)
		}
		tlen := int(binary.BigEndian.Uint16(b[off+2:]))
		if tlen < 8 || tlen > left {
			return tr, fmt.Errorf("transform %d length %d does not fit the proposal (%d left)", n, tlen, left)
		}
		tb := b[off : off+tlen]
		var err error
		if version == 1 {
			tr, err = v1Transform(tb, tr, proto)
		} else {
			t := Transform{Type: tb[4], ID: binary.BigEndian.Uint16(tb[6:])}
			err = walkAttrs(tb[8:], func(typ uint16, v uint32) {
				if typ == attrKeyLength {
					t.KeyLength = uint16(v)
				}
			})
			tr = append(tr, t)
		}
		if err != nil {
			return tr, fmt.Errorf("transform %d: %w", n, err)
		}
		off += tlen
		if b[off-tlen] == 0 {
			break // last transform
		}
	}
	return tr, nil
}

// walkAttrs calls fn for every data attribute (RFC 7296 section 3.3.5:
// AF=1 is type/value with a 2-octet value, AF=0 type/length/value).
// Values longer than 4 octets are reported as 0.
func walkAttrs(b []byte, fn func(typ uint16, v uint32)) error {
	for off := 0; off < len(b); {
		if len(b)-off < 4 {
			return fmt.Errorf("attribute needs 4 bytes, %d left", len(b)-off)
		}
		h := binary.BigEndian.Uint16(b[off:])
		v := binary.BigEndian.Uint16(b[off+2:])
		if h&0x8000 != 0 {
			fn(h&0x7fff, uint32(v))
			off += 4
			continue
		}
		end := off + 4 + int(v)
		if end > len(b) {
			return fmt.Errorf("attribute %d length %d exceeds the transform (%d left)", h, v, len(b)-off-4)
		}
		var val uint32
		if v <= 4 {
			for _, c := range b[off+4 : end] {
				val = val<<8 | uint32(c)
			}
		}
		fn(h, val)
		off = end
	}
	return nil
}

// v1Transform expands one IKEv1 transform into IKEv2-style transforms
// (ENCR with key length, PRF from the Oakley hash, KE from the group, or
// INTEG from the IPsec authentication algorithm) so that proposals of both
// versions compare against one profile. They share Alternative: an IKEv1
// proposal's transforms are alternatives, not a combination.
func v1Transform(tb []byte, tr []Transform, proto uint8) ([]Transform, error) {
	num, id := tb[4], uint16(tb[5])
	start := len(tr)
	var encr Transform
	encr.Type, encr.Alternative = TransformENCR, num
	if proto == protoESP {
		encr.ID = id // IPsec DOI ESP transform IDs are IKEv2's ENCR IDs
	}
	err := walkAttrs(tb[8:], func(typ uint16, v uint32) {
		add := func(t uint8, id uint16) {
			tr = append(tr, Transform{Type: t, ID: id, Alternative: num})
		}
		switch {
		case proto == protoISAKMP && typ == attrV1Encryption:
			encr.ID = mapV1(v1Encr, v)
		case proto == protoISAKMP && typ == attrKeyLength, proto == protoESP && typ == attrV1ESPKeyLen:
			encr.KeyLength = uint16(v)
		case proto == protoISAKMP && typ == attrV1Hash:
			add(TransformPRF, mapV1(v1Hash, v))
		case proto == protoISAKMP && typ == attrV1Group, proto == protoESP && typ == attrV1ESPGroup:
			add(TransformKE, uint16(v))
		case proto == protoESP && typ == attrV1ESPAuth:
			add(TransformINTEG, mapV1(v1ESPAuth, v))
		}
	})
	if encr.ID != 0 || encr.KeyLength != 0 {
		tr = append(tr, Transform{})
		copy(tr[start+1:], tr[start:])
		tr[start] = encr
	}
	return tr, err
}

// IKEv1 algorithm numbers mapped to IKEv2 transform IDs (RFC 2409
// appendix A, RFC 4868, RFC 2407 section 4.5).
var (
	v1Encr    = map[uint32]uint16{1: 2, 2: 5, 3: 7, 4: 4, 5: 3, 6: 6, 7: 12, 8: 23}
	v1Hash    = map[uint32]uint16{1: 1, 2: 2, 3: 3, 4: 5, 5: 6, 6: 7}
	v1ESPAuth = map[uint32]uint16{1: 1, 2: 2, 3: 3, 4: 4, 5: 12, 6: 13, 7: 14}
)

func mapV1(m map[uint32]uint16, v uint32) uint16 {
	if id, ok := m[v]; ok {
		return id
	}
	return uint16(v) | 0x8000 // unmapped: keep it visible as an unknown ID
}

// decodeV1 fills the typed field of an IKEv1 payload from its Body.
func decodeV1(p *Payload, s spare) error {
	switch p.Type {
	case PayloadV1SA:
		sa := s.sa
		if sa == nil {
			sa = &SAPayload{}
		}
		if err := decodeSA(p.Body, sa, 1); err != nil {
			return err
		}
		p.SA = sa
	case PayloadV1KE:
		ke := s.ke
		if ke == nil {
			ke = &KEPayload{}
		}
		ke.Group, ke.Data = 0, p.Body // the group is in the SA, not here
		p.KE = ke
	case PayloadV1Notify:
		// RFC 2408 section 3.14: DOI (4) precedes the IKEv2 layout.
		if len(p.Body) < 8 {
			return fmt.Errorf("notify body of %d bytes is shorter than 8", len(p.Body))
		}
		n := s.n
		if n == nil {
			n = &NotifyPayload{}
		}
		if err := decodeNotify(p.Body[4:], n); err != nil {
			return err
		}
		p.Notify = n
	case PayloadV1VendorID:
		p.VendorID = p.Body
	}
	return nil
}
