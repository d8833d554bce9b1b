package main

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/profile"
)

// Crafted files given to the CLI: each exits 3 quickly with an error that
// names the file, the limit and the flag that raises it. The packages'
// own tests (collectors/bundle, collectors/capture, profile, collectors)
// measure time and memory at the smallest size that shows each problem.

// writeZip writes a zip of name/content pairs, stored (a large manifest
// compresses slowly under -race; the zip's size is not what is tested
// here). A content of "\x00bomb" declares declared bytes it does not hold:
// a bomb's header, never decompressed.
func writeZip(t *testing.T, path string, declared uint64, entries ...[2]string) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		if e[1] == "\x00bomb" {
			fw, err := zw.CreateRaw(&zip.FileHeader{Name: e[0], Method: zip.Deflate, CompressedSize64: 2, UncompressedSize64: declared})
			if err != nil {
				t.Fatal(err)
			}
			fw.Write([]byte{3, 0})
			continue
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: e[0], Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(e[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

func wantExit3(t *testing.T, errOut string, code int, d time.Duration, want ...string) {
	t.Helper()
	if code != exitUnknown {
		t.Errorf("exit %d, want 3 (stderr %.300q)", code, errOut)
	}
	if d > 5*time.Second {
		t.Errorf("took %v, want under 5 s", d)
	}
	for _, w := range want {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr %.400q does not contain %q", errOut, w)
		}
	}
}

func TestAnalyzeHostileBundles(t *testing.T) {
	tmp := t.TempDir()
	entry := `{"name":"transcripts/cpe1.log","kind":"transcript","size":18,"sha256":"x"}`
	repeated := filepath.Join(tmp, "repeated.zip")
	writeZip(t, repeated, 0, [2]string{"transcripts/cpe1.log", "cpe1#show version\n"},
		[2]string{"manifest.json", `{"schema":"vcdiag.bundle/v1","files":[` + strings.TrimSuffix(strings.Repeat(entry+",", 200000), ",") + "]}"})
	twice := filepath.Join(tmp, "twice.zip")
	writeZip(t, twice, 0, [2]string{"transcripts/cpe1.log", "cpe1#show version\n"},
		[2]string{"manifest.json", `{"schema":"vcdiag.bundle/v1","files":[` + entry + "," + entry + "]}"})
	bomb := filepath.Join(tmp, "bomb.zip")
	writeZip(t, bomb, 600<<20, [2]string{"captures/x.pcap", "\x00bomb"},
		[2]string{"manifest.json", fmt.Sprintf(`{"schema":"vcdiag.bundle/v1","files":[{"name":"captures/x.pcap","kind":"capture","size":%d,"sha256":"x"}]}`, 600<<20)})
	clash := filepath.Join(tmp, "clash.zip")
	writeZip(t, clash, 0, [2]string{"transcripts/a", "x"}, [2]string{"transcripts/a/b", "y"}, [2]string{"manifest.json", `{"schema":"vcdiag.bundle/v1","files":[]}`})
	for _, tt := range []struct {
		name string
		args []string
		want []string
	}{
		{"manifest lists one file 200,000 times", []string{"analyze", repeated}, []string{repeated, "manifest.json", "4 MiB"}},
		{"manifest lists a file twice", []string{"analyze", twice}, []string{twice, "files[0] and files[1] both list transcripts/cpe1.log"}},
		{"zip bomb", []string{"analyze", bomb}, []string{bomb, "captures/x.pcap is larger than 536870912 bytes (512 MiB)", "--max-bundle-size"}},
		{"zip bomb, limit raised but not enough", []string{"analyze", bomb, "--max-bundle-size", "64MiB"}, []string{bomb, "captures/x.pcap is larger than 67108864 bytes (64 MiB)"}},
		{"names clash", []string{"analyze", clash}, []string{clash, "transcripts/a/b is inside transcripts/a"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, errOut, code := runCLI(t, "", tt.args...)
			wantExit3(t, errOut, code, time.Since(start), tt.want...)
		})
	}
}

// A 100 MB profile was accepted, and `profile check` printed its region.
func TestProfileCheckHostile(t *testing.T) {
	tmp := t.TempDir()
	huge := filepath.Join(tmp, "huge.yaml")
	os.WriteFile(huge, []byte(strings.Replace(profile.Example(), "region: US-East", "region: "+strings.Repeat("x", 8<<20), 1)), 0o600)
	long := filepath.Join(tmp, "long.yaml")
	os.WriteFile(long, []byte(strings.Replace(profile.Example(), "region: US-East", "region: "+strings.Repeat("x", 100000), 1)), 0o600)
	healthy := filepath.Join(repoRoot, "testdata", "transcripts", "healthy.log")
	for _, tt := range []struct {
		name string
		args []string
		want []string
	}{
		{"profile check, huge file", []string{"profile", "check", huge}, []string{huge, "more than 256 KiB", "not read"}},
		{"profile check, long value", []string{"profile", "check", long}, []string{long + ":", "region: a value of 100000 bytes, longer than the 256"}},
		{"analyze, huge profile", []string{"analyze", "-p", huge, healthy}, []string{huge, "more than 256 KiB"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			out, errOut, code := runCLI(t, "", tt.args...)
			wantExit3(t, errOut, code, time.Since(start), tt.want...)
			if strings.Contains(out+errOut, "xxxxxxxx") {
				t.Errorf("the oversized value was printed")
			}
		})
	}
}

// pcapngInterfaces returns a pcapng file: a section header, then n
// interface description blocks (little-endian).
func pcapngInterfaces(n int) []byte {
	var b bytes.Buffer
	block := func(typ uint32, body []byte) {
		l := uint32(12 + len(body))
		b.Write(binary.LittleEndian.AppendUint32(nil, typ))
		b.Write(binary.LittleEndian.AppendUint32(nil, l))
		b.Write(body)
		b.Write(binary.LittleEndian.AppendUint32(nil, l))
	}
	block(0x0a0d0d0a, []byte{0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	for i := 0; i < n; i++ {
		block(1, []byte{1, 0, 0, 0, 0, 0, 4, 0})
	}
	return b.Bytes()
}

// A pcapng of millions of interface blocks took GBs; the limit stops it
// and --max-pcap-interfaces raises it.
func TestPcapHostileInterfaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ifaces.pcapng")
	os.WriteFile(path, pcapngInterfaces(2000), 0o600)
	start := time.Now()
	_, errOut, code := runCLI(t, "", "pcap", path)
	wantExit3(t, errOut, code, time.Since(start), path, "block 1026 at offset", "more than 1024 interface description blocks", "--max-pcap-interfaces")
	if _, errOut, code = runCLI(t, "", "pcap", "--max-pcap-interfaces", "4096", path); code != exitOK {
		t.Errorf("pcap --max-pcap-interfaces 4096: exit %d, stderr %q; want the file read", code, errOut)
	}
	bogus := filepath.Join(t.TempDir(), "bogus.pcapng")
	os.WriteFile(bogus, append(pcapngInterfaces(1), 6, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0), 0o600)
	_, errOut, code = runCLI(t, "", "pcap", bogus)
	wantExit3(t, errOut, code, 0, bogus, "block 3 at offset 48", "bad block length 7")
}
