package ike

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// corpusDir holds public captures with their expected decodes (see its
// README.md); tests skip when it is absent and never copy from it.
const corpusDir = "../../../shared/pcap-corpus"

// udpDatagram is one UDP payload of a capture, numbered as tcpdump -# does.
type udpDatagram struct {
	num              int
	srcPort, dstPort uint16
	payload          []byte
}

// readUDP returns every UDP datagram of a pcap or pcapng file; packets
// gopacket cannot decode down to UDP are skipped, never fatal.
func readUDP(t testing.TB, path string) []udpDatagram {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	type reader interface {
		ReadPacketData() ([]byte, gopacket.CaptureInfo, error)
	}
	var r reader
	var link layers.LinkType
	if len(raw) >= 4 && binary.BigEndian.Uint32(raw) == 0x0a0d0d0a {
		ng, err := pcapgo.NewNgReader(bytes.NewReader(raw), pcapgo.DefaultNgReaderOptions)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		r, link = ng, ng.LinkType()
	} else {
		pr, err := pcapgo.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		r, link = pr, pr.LinkType()
	}
	var out []udpDatagram
	for num := 1; ; num++ {
		data, _, err := r.ReadPacketData()
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			t.Logf("%s: packet %d: %v", filepath.Base(path), num, err)
			break
		}
		pkt := gopacket.NewPacket(data, link, gopacket.Default)
		if u := udpOf(pkt); u != nil {
			out = append(out, udpDatagram{num, uint16(u.SrcPort), uint16(u.DstPort), u.Payload})
		}
	}
	return out
}

// udpOf returns the packet's UDP layer. gopacket stops at an IPv4 first
// fragment (offset 0, more-fragments set), where tcpdump goes on and
// prints the UDP and IKE headers, as in the malformed captures; the UDP
// header is decoded from the fragment then.
func udpOf(pkt gopacket.Packet) *layers.UDP {
	if u, ok := pkt.Layer(layers.LayerTypeUDP).(*layers.UDP); ok {
		return u
	}
	ip, ok := pkt.Layer(layers.LayerTypeIPv4).(*layers.IPv4)
	if !ok || ip.Protocol != layers.IPProtocolUDP || ip.FragOffset != 0 {
		return nil
	}
	var u layers.UDP
	if u.DecodeFromBytes(ip.Payload, gopacket.NilDecodeFeedback) != nil {
		return nil
	}
	return &u
}

// ikeOf returns the IKE bytes of a datagram: UDP 500 as is, UDP 4500
// after the non-ESP marker.
func ikeOf(d udpDatagram) ([]byte, bool) {
	switch {
	case d.srcPort == 4500 || d.dstPort == 4500:
		kind, b := DemuxNATT(d.payload)
		return b, kind == NATTIKE
	case d.srcPort == 500 || d.dstPort == 500:
		return d.payload, true
	}
	return nil, false
}

func corpusFiles(t *testing.T) []string {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("pcap corpus absent: %v", err)
	}
	var files []string
	for _, dir := range []string{"ikev2", "isakmp", "natt", "malformed", "esp", "gre"} {
		for _, ext := range []string{"*.pcap", "*.pcapng"} {
			m, _ := filepath.Glob(filepath.Join(corpusDir, dir, ext))
			files = append(files, m...)
		}
	}
	if len(files) == 0 {
		t.Skip("pcap corpus has no captures")
	}
	return files
}

// TestCorpusNoPanic reads every capture and decodes every UDP 500/4500
// payload: none may panic, and the malformed IKE ones must be counted as
// errors, not stop the walk.
func TestCorpusNoPanic(t *testing.T) {
	for _, f := range corpusFiles(t) {
		var ok, failed, truncated int
		var i IKE
		for _, d := range readUDP(t, f) {
			b, isIKE := ikeOf(d)
			if !isIKE {
				continue
			}
			err := i.DecodeFromBytes(b, gopacket.NilDecodeFeedback)
			fresh, err2 := decode(t, b)
			if (err == nil) != (err2 == nil) || fresh.Truncated != i.Truncated || len(fresh.Payloads) != len(i.Payloads) {
				t.Errorf("%s packet %d: reused decode (%v) differs from a fresh one (%v)", filepath.Base(f), d.num, err, err2)
			}
			switch {
			case err != nil:
				failed++
			case i.Truncated:
				truncated++
			default:
				ok++
			}
		}
		t.Logf("%-60s IKE ok %d, truncated %d, errors %d", filepath.Base(f), ok, truncated, failed)
	}
}

// expected is what tcpdump printed for one IKE packet.
type expected struct {
	major, minor      uint8
	msgid             uint32
	spiI, spiR        string // empty when tcpdump printed no cookies (-v)
	exchange          uint8
	flags             string // letters in brackets: I, V, R (v2); E, C (v1)
	notifies          []uint16
	proposals         []expProposal
	espSPI            string
	line              int
	hasIKE, sawHeader bool
}

type expProposal struct {
	num        uint8
	protoID    string
	transforms int
	ts         []expTransform
}

type expTransform struct {
	typ    uint8
	id     string // tcpdump's name or "#N"
	keylen uint16
}

var (
	reSection  = regexp.MustCompile(`^#### BEGIN (test=|local-tcpdump)`)
	rePacket   = regexp.MustCompile(`^\s{0,4}(\d+)  \S`)
	reISAKMP   = regexp.MustCompile(`isakmp (\d+)\.(\d+) msgid ([0-9a-f]{8})(?: cookie ([0-9a-f]{16})->([0-9a-f]{16}))?: (.*)$`)
	reExchange = regexp.MustCompile(`^(?:parent_sa|child_sa) +([#\w]+)(?:\[(\w*)\])?:|^phase (?:1|2/others) [IR?] ([#\w-]+)(?:\[(\w*)\])?:`)
	reNotify   = regexp.MustCompile(`^    \(n: prot_id=\S+ type=(\d+)\(`)
	reProposal = regexp.MustCompile(`^        \(p: #(\d+) protoid=(\S+) transform=(\d+)`)
	reTrans    = regexp.MustCompile(`^            \(t: #\d+ type=(\w+) id=(\S+) (?:\(type=keylen value=([0-9a-f]{4})\))?`)
	reESP      = regexp.MustCompile(`UDP-encap: ESP\(spi=0x([0-9a-f]+),`)
)

// tcpdump's exchange names (print-isakmp.c) and their numbers.
var tcpdumpExchanges = map[string]uint8{
	"base": 1, "ident": 2, "auth": 3, "agg": 4, "inf": 5, "oakley-quick": 32, "oakley-newgroup": 33,
	"ikev2_init": 34, "ikev2_auth": 35, "child_sa": 36, "inf2": 37,
}

var tcpdumpTransformTypes = map[string]uint8{"encr": 1, "prf": 2, "integ": 3, "dh": 4, "esn": 5}

// tcpdump's transform ID names, by type, for the IDs the corpus uses.
var tcpdumpTransformIDs = map[uint8]map[string]uint16{
	1: {"3des": 3, "aes": 12, "des": 2, "null": 11, "aes-ctr": 13},
	2: {"hmac-md5": 1, "hmac-sha": 2, "aes128_xcbc": 4},
	3: {"hmac-md5": 1, "hmac-sha": 2, "aes-xcbc": 5, "none": 0},
	4: {"modp768": 1, "modp1024": 2, "modp1536": 5, "modp2048": 14},
}

var tcpdumpProtocols = map[string]uint8{"isakmp": 1, "ah": 2, "esp": 3}

// parseExpected reads the tcpdump sections of an *.expected.txt into
// records by packet number. Sections repeat the same packets at other
// verbosities; each is returned separately.
func parseExpected(t *testing.T, path string) []map[int]*expected {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var sections []map[int]*expected
	var cur map[int]*expected
	var pkt *expected
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for ln := 1; sc.Scan(); ln++ {
		line := sc.Text()
		switch {
		case reSection.MatchString(line):
			cur, pkt = map[int]*expected{}, nil
			sections = append(sections, cur)
			continue
		case strings.HasPrefix(line, "#### END"):
			cur, pkt = nil, nil
			continue
		case cur == nil:
			continue
		}
		if m := rePacket.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[1])
			pkt = &expected{line: ln}
			cur[n] = pkt
		}
		if pkt == nil {
			continue
		}
		parseExpectedLine(line, pkt)
	}
	return sections
}

func parseExpectedLine(line string, pkt *expected) {
	if m := reESP.FindStringSubmatch(line); m != nil {
		pkt.espSPI = m[1]
	}
	if m := reISAKMP.FindStringSubmatch(line); m != nil && !pkt.sawHeader {
		pkt.sawHeader = true
		maj, _ := strconv.Atoi(m[1])
		minor, _ := strconv.Atoi(m[2])
		id, _ := strconv.ParseUint(m[3], 16, 32)
		pkt.major, pkt.minor, pkt.msgid, pkt.spiI, pkt.spiR = uint8(maj), uint8(minor), uint32(id), m[4], m[5]
		if x := reExchange.FindStringSubmatch(m[6]); x != nil {
			name, flags := x[1]+x[3], x[2]+x[4]
			if n, err := strconv.Atoi(strings.TrimPrefix(name, "#")); err == nil && strings.HasPrefix(name, "#") {
				pkt.exchange, pkt.hasIKE = uint8(n), true
			} else if n, ok := tcpdumpExchanges[name]; ok {
				pkt.exchange, pkt.hasIKE = n, true
			}
			pkt.flags = flags
		}
		return
	}
	if m := reNotify.FindStringSubmatch(line); m != nil {
		n, _ := strconv.Atoi(m[1])
		pkt.notifies = append(pkt.notifies, uint16(n))
	}
	if m := reProposal.FindStringSubmatch(line); m != nil {
		num, _ := strconv.Atoi(m[1])
		nt, _ := strconv.Atoi(m[3])
		pkt.proposals = append(pkt.proposals, expProposal{num: uint8(num), protoID: m[2], transforms: nt})
	}
	if m := reTrans.FindStringSubmatch(line); m != nil && len(pkt.proposals) > 0 {
		p := &pkt.proposals[len(pkt.proposals)-1]
		kl, _ := strconv.ParseUint(m[3], 16, 16)
		p.ts = append(p.ts, expTransform{typ: tcpdumpTransformTypes[m[1]], id: m[2], keylen: uint16(kl)})
	}
}
