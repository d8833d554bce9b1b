// Package capture reads packet captures (pcap and pcapng files, or a live
// capture on Linux) into evidence.Packets: IKE conversations, ESP SAs, GRE
// tunnels and NAT-T keepalives, aggregated in bounded memory.
//
// Everything is pure Go (gopacket's layers, pcapgo and afpacket; no
// libpcap), so vcdiag builds with CGO_ENABLED=0. The live capture filter
// (udp port 500 or udp port 4500 or ip proto 50 or ip proto 47) is
// assembled by hand with golang.org/x/net/bpf, as there is no libpcap to
// compile it.
//
// What a capture can show is limited (see docs/packets.md): IKE_SA_INIT is
// cleartext, IKE_AUTH and later exchanges are not; ESP shows only SPI and
// sequence number; GRE is visible only where the capture point sees it
// before encryption. This package collects, it does not judge: the checks
// read the evidence and decide.
//
// A capture file is untrusted input. Packets are streamed; what the file's
// structure could make the reader hold is bounded by Limits: pcapgo reads
// through a guard (guard.go) that checks every pcapng block length before
// pcapgo sees it, caps interface blocks per section and the size of one
// block or record, and hands on only the blocks vcdiag reads. An error
// names the file, the block or record and its offset.
package capture
