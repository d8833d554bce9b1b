package capture

import (
	"golang.org/x/net/bpf"
)

// FilterExpr is the capture filter in tcpdump syntax, for messages and
// docs. Filter assembles the same program without libpcap, extended to
// IPv6 (next header 50 and 47 too) and to one 802.1Q / 802.1ad tag.
const FilterExpr = "udp port 500 or udp port 4500 or ip proto 50 or ip proto 47"

// snapAccept is what an accepting filter returns: the whole packet.
const snapAccept = 262144

// asm is a tiny assembler with labels for conditional jumps, which in
// classic BPF are forward skip counts.
type asm struct {
	ins    []bpf.Instruction
	labels map[string]int
	jumps  []jump
}

type jump struct {
	at          int
	cond        bpf.JumpTest
	val         uint32
	yes, no     string // "" = next instruction
	always      bool
	alwaysLabel string
}

func (a *asm) emit(i bpf.Instruction) { a.ins = append(a.ins, i) }
func (a *asm) label(l string)         { a.labels[l] = len(a.ins) }

func (a *asm) jif(cond bpf.JumpTest, val uint32, yes, no string) {
	a.jumps = append(a.jumps, jump{at: len(a.ins), cond: cond, val: val, yes: yes, no: no})
	a.ins = append(a.ins, nil)
}

func (a *asm) ja(l string) {
	a.jumps = append(a.jumps, jump{at: len(a.ins), always: true, alwaysLabel: l})
	a.ins = append(a.ins, nil)
}

func (a *asm) resolve() []bpf.Instruction {
	skip := func(from int, l string) uint8 {
		if l == "" {
			return 0
		}
		return uint8(a.labels[l] - from - 1)
	}
	for _, j := range a.jumps {
		if j.always {
			a.ins[j.at] = bpf.Jump{Skip: uint32(a.labels[j.alwaysLabel] - j.at - 1)}
			continue
		}
		a.ins[j.at] = bpf.JumpIf{Cond: j.cond, Val: j.val, SkipTrue: skip(j.at, j.yes), SkipFalse: skip(j.at, j.no)}
	}
	return a.ins
}

// l3 emits the test of an IPv4 or IPv6 header at a fixed offset, with the
// EtherType (or version) already in A. prefix keeps labels unique.
func (a *asm) l3(off uint32, p string) {
	a.jif(bpf.JumpEqual, 0x0800, p+"v4", "")
	a.jif(bpf.JumpEqual, 0x86dd, p+"v6", "reject")
	// IPv4: protocol 50 or 47 accepted; UDP only if not a later fragment.
	a.label(p + "v4")
	a.emit(bpf.LoadAbsolute{Off: off + 9, Size: 1})
	a.jif(bpf.JumpEqual, 50, "accept", "")
	a.jif(bpf.JumpEqual, 47, "accept", "")
	a.jif(bpf.JumpEqual, 17, "", "reject")
	a.emit(bpf.LoadAbsolute{Off: off + 6, Size: 2})
	a.jif(bpf.JumpBitsSet, 0x1fff, "reject", "")
	a.emit(bpf.LoadMemShift{Off: off}) // X = IPv4 header length
	a.emit(bpf.LoadIndirect{Off: off, Size: 2})
	a.jif(bpf.JumpEqual, 500, "accept", "")
	a.jif(bpf.JumpEqual, 4500, "accept", "")
	a.emit(bpf.LoadIndirect{Off: off + 2, Size: 2})
	a.jif(bpf.JumpEqual, 500, "accept", "")
	a.jif(bpf.JumpEqual, 4500, "accept", "reject")
	// IPv6: the next header of the fixed header only, as libpcap does.
	a.label(p + "v6")
	a.emit(bpf.LoadAbsolute{Off: off + 6, Size: 1})
	a.jif(bpf.JumpEqual, 50, "accept", "")
	a.jif(bpf.JumpEqual, 47, "accept", "")
	a.jif(bpf.JumpEqual, 17, "", "reject")
	a.emit(bpf.LoadAbsolute{Off: off + 40, Size: 2})
	a.jif(bpf.JumpEqual, 500, "accept", "")
	a.jif(bpf.JumpEqual, 4500, "accept", "")
	a.emit(bpf.LoadAbsolute{Off: off + 42, Size: 2})
	a.jif(bpf.JumpEqual, 500, "accept", "")
	a.jif(bpf.JumpEqual, 4500, "accept", "reject")
}

// Filter returns the BPF program for FilterExpr on Ethernet frames
// (untagged or with one VLAN tag), or on raw IP packets when rawIP is set
// (tun interfaces, which have no link-layer header).
func Filter(rawIP bool) []bpf.Instruction {
	a := &asm{labels: map[string]int{}}
	if rawIP {
		// Turn the version nibble into the EtherType the l3 block tests.
		a.emit(bpf.LoadAbsolute{Off: 0, Size: 1})
		a.emit(bpf.ALUOpConstant{Op: bpf.ALUOpShiftRight, Val: 4})
		a.jif(bpf.JumpEqual, 4, "v4", "")
		a.jif(bpf.JumpEqual, 6, "v6", "reject")
		a.label("v4")
		a.emit(bpf.LoadConstant{Dst: bpf.RegA, Val: 0x0800})
		a.ja("raw")
		a.label("v6")
		a.emit(bpf.LoadConstant{Dst: bpf.RegA, Val: 0x86dd})
		a.label("raw")
		a.l3(0, "r")
	} else {
		a.emit(bpf.LoadAbsolute{Off: 12, Size: 2})
		a.jif(bpf.JumpEqual, 0x8100, "vlan", "")
		a.jif(bpf.JumpEqual, 0x88a8, "vlan", "")
		a.l3(14, "e")
		a.label("vlan")
		a.emit(bpf.LoadAbsolute{Off: 16, Size: 2})
		a.l3(18, "q")
	}
	a.label("accept")
	a.emit(bpf.RetConstant{Val: snapAccept})
	a.label("reject")
	a.emit(bpf.RetConstant{Val: 0})
	return a.resolve()
}

// FilterRaw assembles Filter for the kernel.
func FilterRaw(rawIP bool) ([]bpf.RawInstruction, error) {
	return bpf.Assemble(Filter(rawIP))
}
