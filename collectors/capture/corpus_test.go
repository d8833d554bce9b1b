package capture

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
)

// corpusDir holds public captures with their expected decodes
// (tcpdump text); see its README.md. Never copied into the repo.
const corpusDir = "../../../shared/pcap-corpus"

// expectedFrames parses the first tcpdump-style section of a
// *.expected.txt into one text per frame (continuation lines joined).
func expectedFrames(t *testing.T, path string) map[int]string {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer fh.Close()
	frameLine := regexp.MustCompile(`^\s*(\d+)\s+(?:\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d\.\d+ (.*)$`)
	frames := map[int]string{}
	cur, inSection, done := 0, false, false
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() && !done {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#### BEGIN"):
			inSection, cur = true, 0
		case strings.HasPrefix(line, "#### END"):
			inSection = false
			done = len(frames) > 0
		case !inSection:
		case frameLine.MatchString(line):
			m := frameLine.FindStringSubmatch(line)
			cur, _ = strconv.Atoi(m[1])
			frames[cur] = m[2]
		case cur > 0:
			frames[cur] += " " + strings.TrimSpace(line)
		}
	}
	return frames
}

var (
	reProto  = regexp.MustCompile(`(?:proto|next-header) (\S+) \((\d+)\)`)
	reESP    = regexp.MustCompile(`ESP\(spi=0x([0-9a-f]+),seq=0x([0-9a-f]+)\)`)
	reOffset = regexp.MustCompile(`offset (\d+)`)
	reShort  = regexp.MustCompile(`^IP6? \S+ > \S+: (GREv|ESP\(|AH\()`)
)

// outerProto returns the outer IP protocol tcpdump printed for a frame.
func outerProto(text string) int {
	if m := reProto.FindStringSubmatch(text); m != nil {
		n, _ := strconv.Atoi(m[2])
		return n
	}
	if m := reShort.FindStringSubmatch(text); m != nil {
		switch m[1] {
		case "GREv":
			return 47
		case "ESP(":
			return 50
		case "AH(":
			return 51
		}
	}
	if strings.Contains(text, "UDP-encap: ESP(") || strings.Contains(text, "NONESP-encap") {
		return 17
	}
	return 0
}

type espSum struct {
	packets    uint64
	first, max uint32
}

func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*", "*.pcap*"))
	if len(files) == 0 {
		t.Skipf("no captures under %s", corpusDir)
	}
	for _, path := range files {
		name := strings.TrimPrefix(path, corpusDir+"/")
		t.Run(name, func(t *testing.T) {
			p, err := ReadFiles([]string{path}, Options{})
			if err != nil {
				t.Fatalf("ReadFiles(%s) error %v, want per-packet errors only", name, err)
			}
			if p.Frames == 0 {
				t.Fatalf("ReadFiles(%s) read no frames", name)
			}
			if strings.HasPrefix(name, "malformed/") {
				t.Logf("%d frames, errors %v", p.Frames, p.Errors)
			}
			base := strings.TrimSuffix(strings.TrimSuffix(path, ".pcapng"), ".pcap")
			frames := expectedFrames(t, base+".expected.txt")
			if frames == nil {
				return
			}
			compareESP(t, p, frames)
			compareGRE(t, p, frames, name)
		})
	}
}

// compareESP checks that every ESP header tcpdump printed (outer ESP or
// ESP-in-UDP, not inside AH) is in the evidence with the same SPI, count
// and sequence range.
func compareESP(t *testing.T, p *evidence.Packets, frames map[int]string) {
	t.Helper()
	want := map[uint32]*espSum{}
	for _, text := range frames {
		proto := outerProto(text)
		m := reESP.FindStringSubmatch(text)
		if m == nil || (proto != 50 && proto != 17) {
			continue
		}
		spi, _ := strconv.ParseUint(m[1], 16, 32)
		seq, _ := strconv.ParseUint(m[2], 16, 32)
		s := want[uint32(spi)]
		if s == nil {
			s = &espSum{first: uint32(seq)}
			want[uint32(spi)] = s
		}
		s.packets++
		s.first = min(s.first, uint32(seq))
		s.max = max(s.max, uint32(seq))
	}
	got := map[uint32]*espSum{}
	for _, e := range p.ESP {
		s := got[e.SPI]
		if s == nil {
			s = &espSum{first: e.FirstSeq}
			got[e.SPI] = s
		}
		s.packets += e.Packets
		s.first = min(s.first, e.FirstSeq)
		s.max = max(s.max, e.LastSeq)
	}
	if len(want) > 0 {
		t.Logf("%d ESP SPIs compared with the expected decode", len(want))
	}
	for spi, w := range want {
		g := got[spi]
		if g == nil || *g != *w {
			t.Errorf("ESP spi 0x%08x = %+v, want %+v (from the expected decode)", spi, g, *w)
		}
	}
}

// compareGRE checks the number of frames whose outer protocol is GRE.
func compareGRE(t *testing.T, p *evidence.Packets, frames map[int]string, name string) {
	t.Helper()
	var want uint64
	for _, text := range frames {
		// Later IP fragments are counted, not decoded (see Notes).
		if m := reOffset.FindStringSubmatch(text); m != nil && m[1] != "0" {
			continue
		}
		if outerProto(text) == 47 {
			want++
		}
	}
	c := p.Categories
	got := c.GRE + c.GREKeep + c.GREKeepRx + p.Errors["bad GRE header"] + p.Errors["truncated IPv4 inside GRE"]
	if want > 0 {
		t.Logf("%d GRE frames compared with the expected decode", want)
	}
	if want > 0 && got != want {
		t.Errorf("%s: GRE frames = %d, want %d from the expected decode (%s)", name, got, want, fmt.Sprint(p.Errors))
	}
}
