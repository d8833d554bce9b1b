//go:build linux

package capture

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"time"

	"github.com/gopacket/gopacket/afpacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/vcdiag/vcdiag/evidence"
)

// Live captures IKE, NAT-T, ESP and GRE on iface for d (or until ctx is
// done) through an AF_PACKET socket with the filter attached in the
// kernel, so only matching packets reach vcdiag. When write is not nil,
// the captured packets are also written to it as a pcap file
// (--write-pcap). It needs root or CAP_NET_RAW, and says so.
func Live(ctx context.Context, iface string, d time.Duration, write io.Writer) (*evidence.Packets, error) {
	ifi, err := net.InterfaceByName(iface)
	if err != nil {
		return nil, fmt.Errorf("capture on %s: %w", iface, err)
	}
	rawIP := len(ifi.HardwareAddr) == 0 // tun and other L3 interfaces
	lt := layers.LinkTypeEthernet
	if rawIP {
		lt = layers.LinkTypeRaw
	}
	tp, err := afpacket.NewTPacket(afpacket.OptInterface(iface), afpacket.OptPollTimeout(200*time.Millisecond),
		afpacket.OptBlockSize(1<<20), afpacket.OptNumBlocks(8), afpacket.OptFrameSize(1<<16))
	if err != nil {
		return nil, liveError(iface, err)
	}
	defer tp.Close()
	prog, err := FilterRaw(rawIP)
	if err != nil {
		return nil, fmt.Errorf("capture on %s: assemble filter: %w", iface, err)
	}
	if err := tp.SetBPF(prog); err != nil {
		return nil, liveError(iface, err)
	}
	var w *pcapgo.Writer
	if write != nil {
		w = pcapgo.NewWriter(write)
		if err := w.WriteFileHeader(65536, lt); err != nil {
			return nil, fmt.Errorf("capture on %s: write pcap: %w", iface, err)
		}
	}
	agg := newAggregator(Options{})
	dec := newDecoder(agg)
	f := frame{file: agg.addSource("live " + iface)}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	for ctx.Err() == nil {
		data, ci, err := tp.ZeroCopyReadPacketData()
		if errors.Is(err, afpacket.ErrTimeout) {
			continue
		}
		if err != nil {
			return agg.result(), fmt.Errorf("capture on %s: frame %d: %w", iface, f.num+1, err)
		}
		f.num++
		f.ci = ci
		if w != nil {
			if err := w.WritePacket(ci, data); err != nil {
				return agg.result(), fmt.Errorf("capture on %s: write pcap: %w", iface, err)
			}
		}
		dec.safePacket(&f, lt, data)
	}
	return agg.result(), nil
}

// liveError names the privilege a live capture needs when the kernel
// refuses the socket.
func liveError(iface string, err error) error {
	if errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EACCES) {
		return fmt.Errorf("capture on %s needs root or the CAP_NET_RAW capability (sudo setcap cap_net_raw+ep $(which vcdiag)): %w", iface, err)
	}
	return fmt.Errorf("capture on %s: %w", iface, err)
}
