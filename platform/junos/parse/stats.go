package parse

import (
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// IPsecStats is `show security ipsec statistics [index N]`.
type IPsecStats struct {
	EncryptedBytes   uint64 `json:"encrypted_bytes"`
	DecryptedBytes   uint64 `json:"decrypted_bytes"`
	EncryptedPackets uint64 `json:"encrypted_packets"`
	DecryptedPackets uint64 `json:"decrypted_packets"`
	// Errors holds every counter of the "Errors:" section by its printed
	// name ("ESP authentication failures", "Invalid SPI", "Exceeds tunnel MTU").
	Errors map[string]uint64 `json:"errors"`
	// Counters holds every other counter as "Section/Name".
	Counters map[string]uint64 `json:"counters"`
	Span     parsers.Span      `json:"span"`
}

// ErrorTotal is the sum of the error counters.
func (s *IPsecStats) ErrorTotal() uint64 {
	var n uint64
	for _, v := range s.Errors {
		n += v
	}
	return n
}

const cmdIPsecStats = "show security ipsec statistics"

// ParseIPsecStats reads `show security ipsec statistics`.
func ParseIPsecStats(out string) (*IPsecStats, error) {
	ls := prep(out)
	r := &IPsecStats{Errors: map[string]uint64{}, Counters: map[string]uint64{}}
	section, seen := "", false
	for _, l := range ls {
		t := l.trim()
		if strings.HasSuffix(t, ":") && !strings.Contains(strings.TrimSuffix(t, ":"), ":") {
			section = strings.TrimSuffix(t, " Statistics:")
			section = strings.TrimSuffix(section, ":")
			r.Span.Cover(l.n)
			continue
		}
		if strings.HasPrefix(t, "Virtual-system:") || strings.HasPrefix(t, "Index:") || strings.HasPrefix(t, "PIC:") {
			continue
		}
		if section == "" {
			return nil, perr(cmdIPsecStats, l.n, t, "want \"ESP Statistics:\"")
		}
		for _, part := range strings.Split(t, ",") {
			k, v, ok := keyValue(part)
			n, isNum := u64(v)
			if !ok || !isNum {
				return nil, perr(cmdIPsecStats, l.n, t, "want \"Name: count\"")
			}
			seen = true
			r.Span.Cover(l.n)
			if section == "Errors" {
				r.Errors[k] = n
				continue
			}
			r.Counters[section+"/"+k] = n
			if section == "ESP" {
				switch k {
				case "Encrypted bytes":
					r.EncryptedBytes = n
				case "Decrypted bytes":
					r.DecryptedBytes = n
				case "Encrypted packets":
					r.EncryptedPackets = n
				case "Decrypted packets":
					r.DecryptedPackets = n
				}
			}
		}
	}
	if len(ls) > 0 && !seen {
		return nil, perr(cmdIPsecStats, ls[0].n, ls[0].trim(), "no counter")
	}
	return r, nil
}
