package capture

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
)

// Summary renders packet evidence as plain text: totals, then IKE
// conversations, ESP SAs, GRE tunnels and NAT keepalives, one line each,
// then errors and notes. It states facts; verdicts are the checks' job.
func Summary(p *evidence.Packets) string {
	if p == nil {
		return "no packet evidence\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "sources: %s\n", strings.Join(p.Sources, ", "))
	if !p.Start.IsZero() {
		fmt.Fprintf(&b, "time: %s to %s (%s)\n", p.Start.UTC().Format("2006-01-02 15:04:05.000000"),
			p.End.UTC().Format("15:04:05.000000"), p.End.Sub(p.Start).Round(1e6))
	}
	c := p.Categories
	fmt.Fprintf(&b, "frames: %d read, %d decoded, %d decode errors\n", p.Frames, p.Decoded, p.ErrorTotal())
	fmt.Fprintf(&b, "categories: IKE/500 %d, IKE/4500 %d, ESP %d, ESP-in-UDP %d, NAT keepalive %d, GRE %d, GRE keepalive sent %d, reflected %d, fragments %d, other %d\n",
		c.IKE500, c.IKE4500, c.ESP, c.ESPInUDP, c.NATKeep, c.GRE, c.GREKeep, c.GREKeepRx, c.Fragments, c.Other)
	if len(p.IKE) > 0 {
		fmt.Fprintf(&b, "\nIKE conversations (%d):\n", len(p.IKE))
	}
	for i := range p.IKE {
		writeIKE(&b, &p.IKE[i])
	}
	for _, m := range p.IKEMessages {
		dir := "request"
		if m.Response {
			dir = "response"
		}
		fmt.Fprintf(&b, "  total IKEv%d %s %s: %d\n", m.Version, m.Exchange, dir, m.Count)
	}
	for _, n := range p.IKENotifies {
		fmt.Fprintf(&b, "  total notify %s: %d\n", n.Name, n.Count)
	}
	if len(p.ESP) > 0 {
		fmt.Fprintf(&b, "\nESP SAs (%d):\n", len(p.ESP))
	}
	for _, e := range p.ESP {
		encap := ""
		if e.UDPEncap {
			encap = " udp-encap"
		}
		fmt.Fprintf(&b, "  %s > %s spi 0x%08x%s: %d packets, %d bytes, seq %d..%d, %d gaps, %d replays\n",
			e.Src, e.Dst, e.SPI, encap, e.Packets, e.Bytes, e.FirstSeq, e.LastSeq, e.Gaps, e.Replays)
	}
	if len(p.GRE) > 0 {
		fmt.Fprintf(&b, "\nGRE tunnels (%d):\n", len(p.GRE))
	}
	for _, g := range p.GRE {
		writeGRE(&b, &g)
	}
	if len(p.NATKeepalives) > 0 {
		fmt.Fprintf(&b, "\nNAT-T keepalives:\n")
	}
	for _, k := range p.NATKeepalives {
		fmt.Fprintf(&b, "  %s > %s: %d\n", k.Src, k.Dst, k.Count)
	}
	if len(p.Errors) > 0 {
		fmt.Fprintf(&b, "\ndecode errors:\n")
		for _, r := range p.ErrorReasons() {
			fmt.Fprintf(&b, "  %s: %d\n", r.Name, r.Count)
		}
		for _, e := range p.ErrorExamples {
			fmt.Fprintf(&b, "  e.g. %s\n", e)
		}
	}
	for _, n := range p.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	return b.String()
}

func writeIKE(b *strings.Builder, c *evidence.IKEConversation) {
	natt := ""
	if c.NATT {
		natt = ", NAT-T"
	}
	fmt.Fprintf(b, "  IKEv%d %s > %s ispi %016x rspi %016x%s: %d requests, %d responses\n",
		c.Version, c.Initiator, c.Responder, c.InitiatorSPI, c.ResponderSPI, natt, c.Requests, c.Responses)
	for _, e := range c.Exchanges {
		by := "initiator"
		if !e.ByInitiator {
			by = "responder"
		}
		fmt.Fprintf(b, "    %s msgid %d by %s: %d requests, %d responses", e.Type, e.MessageID, by, e.Requests, e.Responses)
		if len(e.Notifies) > 0 {
			fmt.Fprintf(b, ", notifies %s", strings.Join(e.Notifies, " "))
		}
		if e.RequestedGroup != 0 {
			fmt.Fprintf(b, ", wants DH group %d", e.RequestedGroup)
		}
		if e.KEGroup != 0 {
			fmt.Fprintf(b, ", KE group %d", e.KEGroup)
		}
		if e.Encrypted {
			b.WriteString(", encrypted")
		}
		b.WriteByte('\n')
	}
	if c.ExchangesDropped > 0 {
		fmt.Fprintf(b, "    (%d more exchanges not listed)\n", c.ExchangesDropped)
	}
	if len(c.VendorIDs) > 0 {
		fmt.Fprintf(b, "    vendor IDs: %s\n", strings.Join(c.VendorIDs, ", "))
	}
}

func writeGRE(b *strings.Builder, g *evidence.GRETunnel) {
	key := ""
	if g.HasKey {
		key = fmt.Sprintf(" key 0x%x", g.Key)
	}
	fmt.Fprintf(b, "  %s <> %s%s: %d packets (%d/%d), %d bytes, keepalives sent %d (A %d, B %d) reflected %d (to A %d, to B %d), BGP %d",
		g.A, g.B, key, g.Packets, g.PacketsAB, g.PacketsBA, g.Bytes, g.KeepalivesSent, g.SentByA, g.SentByB,
		g.KeepalivesReflected, g.ReflectedToA, g.ReflectedToB, g.BGP)
	var inner []string
	for n := range g.Inner {
		inner = append(inner, n)
	}
	sort.Strings(inner)
	for i, n := range inner {
		inner[i] = fmt.Sprintf("%s %d", n, g.Inner[n])
	}
	if len(inner) > 0 {
		fmt.Fprintf(b, ", inner %s", strings.Join(inner, ", "))
	}
	b.WriteByte('\n')
}
