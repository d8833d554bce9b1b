package capture

import (
	"strconv"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers/ike"
)

// Transform types (RFC 7296 section 3.3.2).
const (
	transformENCR  = 1
	transformPRF   = 2
	transformINTEG = 3
	transformDH    = 4
	transformESN   = 5
)

// encrNames normalise ENCR IDs the way vcdiag profiles and IOS-XE name
// them; the key length is appended ("aes-gcm-256").
var encrNames = map[uint16]string{
	3: "3des", 12: "aes-cbc", 13: "aes-ctr", 18: "aes-gcm-8", 19: "aes-gcm-12", 20: "aes-gcm",
	28: "chacha20-poly1305", 11: "null",
}

var prfNames = map[uint16]string{1: "md5", 2: "sha1", 4: "aes-xcbc", 5: "sha256", 6: "sha384", 7: "sha512"}

var integNames = map[uint16]string{1: "md5", 2: "sha1", 5: "aes-xcbc", 12: "sha256", 13: "sha384", 14: "sha512"}

var protocolNames = map[uint8]string{1: "IKE", 2: "AH", 3: "ESP"}

// summarise turns an SA payload into normalised proposals.
func summarise(sa *ike.SAPayload) []evidence.ProposalSummary {
	var out []evidence.ProposalSummary
	for _, p := range sa.Proposals {
		s := evidence.ProposalSummary{Protocol: protocolNames[p.ProtocolID]}
		if s.Protocol == "" {
			s.Protocol = "protocol-" + strconv.Itoa(int(p.ProtocolID))
		}
		for _, t := range p.Transforms {
			addTransform(&s, t)
		}
		out = append(out, s)
	}
	return out
}

func addTransform(s *evidence.ProposalSummary, t ike.Transform) {
	switch t.Type {
	case transformENCR:
		if n, ok := encrNames[t.ID]; ok {
			if t.KeyLength != 0 {
				n += "-" + strconv.Itoa(int(t.KeyLength))
			}
			s.Encryption = append(s.Encryption, n)
			return
		}
	case transformPRF:
		if n, ok := prfNames[t.ID]; ok {
			s.PRF = append(s.PRF, n)
			return
		}
	case transformINTEG:
		if n, ok := integNames[t.ID]; ok {
			s.Integrity = append(s.Integrity, n)
			return
		}
	case transformDH:
		s.DHGroups = append(s.DHGroups, int(t.ID))
		return
	case transformESN:
		return // extended sequence numbers: not part of a proposal match here
	}
	s.Raw = append(s.Raw, ike.TransformName(t.Type, t.ID))
}
