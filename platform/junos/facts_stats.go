package junos

import (
	"fmt"
	"strconv"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/junos/parse"
)

// ipsecStats reads show security ipsec statistics [index N]: the ESP
// packet and error counters Junos keeps per tunnel, which its SA listings
// do not print. The counters name no peer, so they are attributed through
// the latest SA listing read before them: "index N" to the tunnel whose
// ID is N, the unindexed (all-tunnel) form only when that listing holds a
// single tunnel. The result is that tunnel's child SA (its ESP SAs as the
// SA listing showed them) with the counters, in a listing of rank 3 keyed
// by the peer, so that two samples of it answer ipsec.counters-rising. An
// output that cannot be attributed adds no facts and says why.
func (r reader) ipsecStats(v *parse.IPsecStats) {
	c, ok, why := r.tunnelOf(r.cmd.Arg)
	if !ok {
		r.o.Err = fmt.Errorf("%w: %s", errNotRead, why)
		return
	}
	c.Ref = r.ref(v.Span)
	c.Encaps, c.Decaps, c.HasCounters = v.EncryptedPackets, v.DecryptedPackets, true
	c.Errors = map[string]uint64{}
	for k, n := range v.Errors {
		if n > 0 {
			c.Errors[k] = n
		}
	}
	c.Ref.MarkWhere(evidence.AttrCounters, "Encrypted packets", "Decrypted packets")
	c.Ref.MarkWhere(evidence.AttrErrors, "failures", "errors:", "Bad headers", "Invalid SPI", "Exceeds tunnel MTU", "Discarded")
	r.cpe.ChildSAs = append(r.cpe.ChildSAs, evidence.Listing[evidence.ChildSA]{Out: r.o,
		Scope: evidence.Scope{Key: c.Peer.String()}, Rank: 3, Items: []evidence.ChildSA{c}})
}

// tunnelOf finds the child SA of tunnel index (or of the only tunnel, when
// index is "") in the latest SA listing read before this output.
func (r reader) tunnelOf(index string) (evidence.ChildSA, bool, string) {
	for i := len(r.cpe.ChildSAs) - 1; i >= 0; i-- {
		l := r.cpe.ChildSAs[i]
		if l.Out == nil || l.Out.Kind != KindIPsec || l.Rank > 2 {
			continue
		}
		sas, err := parse.ParseIPsecSAs(l.Out.Text)
		if err != nil {
			continue
		}
		ids := map[uint64]bool{}
		for _, sa := range sas.SAs {
			ids[sa.ID] = true
		}
		var want uint64
		if index == "" {
			if len(ids) != 1 {
				return evidence.ChildSA{}, false, fmt.Sprintf("the statistics of all tunnels cannot be told apart: %s lists %d tunnels (use show security ipsec statistics index N)", l.Out.Command, len(ids))
			}
			for id := range ids {
				want = id
			}
		} else {
			n, err := strconv.ParseUint(index, 10, 64)
			if err != nil || !ids[n] {
				return evidence.ChildSA{}, false, "no tunnel index " + index + " in " + l.Out.Command
			}
			want = n
		}
		for _, sa := range sas.SAs {
			if sa.ID != want {
				continue
			}
			for _, c := range l.Items {
				if c.Peer == sa.Gateway && (sa.BindInterface == "" || c.Interface == sa.BindInterface) {
					c.Inbound = append([]evidence.ESPSA(nil), c.Inbound...)
					c.Outbound = append([]evidence.ESPSA(nil), c.Outbound...)
					return c, true, ""
				}
			}
		}
	}
	return evidence.ChildSA{}, false, "no IPsec SA listing was read before it to say which tunnel the counters are of"
}
