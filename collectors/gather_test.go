package collectors

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/profile"
)

func profileWith(cpes ...string) *profile.Profile {
	p := &profile.Profile{Name: "acme-east"}
	for _, c := range cpes {
		p.CPEs = append(p.CPEs, profile.CPE{Name: c, Platform: "cisco_iosxe"})
	}
	return p
}

func fixture(name string) string { return filepath.Join("testdata", name) }

type outSummary struct {
	Command string
	Kind    parsers.Kind
	Arg     string
	Sample  int
	Failed  bool
}

func outputs(c *evidence.CPE) []outSummary {
	var s []outSummary
	for _, o := range c.Outputs {
		s = append(s, outSummary{o.Command, o.Kind, o.Arg, o.Sample, errors.Is(o.Err, evidence.ErrCommandFailed)})
	}
	return s
}

func TestFromTranscriptsPuTTY(t *testing.T) {
	site, err := FromTranscripts(profileWith("cpe1"), []TranscriptFile{{Path: fixture("putty-cpe1.log")}})
	if err != nil {
		t.Fatal(err)
	}
	cpe := site.CPE("cpe1")
	want := []outSummary{
		{"show crypto ikev2 sa", parsers.KindIKEv2SA, "", 1, false},
		{"show interfaces Tunnel1", parsers.KindInterfaces, "Tunnel1", 1, false},
		{"show ip bgp summary", parsers.KindBGPSummary, "", 1, false},
		{"show crypto ikev2 sa detial", parsers.KindIKEv2SA, "", 1, true},
		{"ping 100.64.1.1 source Tunnel1", parsers.KindPing, "100.64.1.1", 1, false},
		{"show running-config | section ikev2 keyring|router bgp", parsers.KindRunningConfig, "", 1, false},
		{"show ip route 203.0.113.0", parsers.KindRouteLookup, "203.0.113.0", 1, false},
	}
	if diff := cmp.Diff(want, outputs(cpe)); diff != "" {
		t.Fatalf("FromTranscripts(putty-cpe1.log) outputs (-want +got):\n%s", diff)
	}
	if cpe.Host != fixture("putty-cpe1.log") {
		t.Errorf("Host = %q, want the file", cpe.Host)
	}
	bad := cpe.Outputs[3]
	if bad.Err == nil || !strings.Contains(bad.Err.Error(), "% Invalid input detected at '^' marker.") {
		t.Errorf("Err of %q = %v, want the IOS message", bad.Command, bad.Err)
	}
	ike := cpe.Outputs[0]
	if ike.Err != nil || ike.Parsed == nil {
		t.Errorf("show crypto ikev2 sa: Parsed = %v, Err = %v, want a parse", ike.Parsed, ike.Err)
	}
	if ike.At.IsZero() || len(ike.Lines) == 0 || ike.Lines[0] != " IPv4 Crypto IKEv2  SA" {
		t.Errorf("show crypto ikev2 sa: At = %v, Lines = %q", ike.At, ike.Lines)
	}
	assertNoSecrets(t, site)
	if !hasNote(site, "ignored 1 command(s) vcdiag does not read: show clock") {
		t.Errorf("Notes = %q, want the ignored show clock", site.Notes)
	}
}

// assertNoSecrets proves the planted secrets of the fixtures reach no
// output text and no note.
func assertNoSecrets(t *testing.T, site *evidence.Site) {
	t.Helper()
	secrets := []string{"S3cr3tPSK", "0822455D0A16544541", "Hunter22", "Publ1cRO", "$9$nhEmQVczB7dqsO"}
	texts := append([]string(nil), site.Notes...)
	for _, c := range site.CPEs {
		for _, o := range c.Outputs {
			texts = append(texts, o.Command, o.Text, strings.Join(o.Lines, "\n"))
		}
		texts = append(texts, c.Problems...)
	}
	for _, txt := range texts {
		for _, s := range secrets {
			if strings.Contains(txt, s) {
				t.Errorf("secret %q survived in %q", s, txt)
			}
		}
	}
}

func hasNote(site *evidence.Site, sub string) bool {
	for _, n := range site.Notes {
		if strings.Contains(n, sub) {
			return true
		}
	}
	return false
}

func TestFromTranscriptsShowTech(t *testing.T) {
	site, err := FromTranscripts(profileWith("cpe1"), []TranscriptFile{{Path: fixture("showtech-cpe1.txt")}})
	if err != nil {
		t.Fatal(err)
	}
	got := outputs(site.CPE("cpe1"))
	want := []outSummary{
		{"show version", parsers.KindVersion, "", 1, false},
		{"show running-config", parsers.KindRunningConfig, "", 1, false},
		{"show crypto ikev2 sa", parsers.KindIKEv2SA, "", 1, false},
		{"show ip bgp summary", parsers.KindBGPSummary, "", 1, false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("outputs (-want +got):\n%s", diff)
	}
	assertNoSecrets(t, site)
	run := site.CPE("cpe1").Outputs[1].Text
	for _, keep := range []string{"pre-shared-key local 0 <redacted>", "neighbor 100.64.1.1 password 7 <redacted>", "snmp-server community <redacted> RO"} {
		if !strings.Contains(run, keep) {
			t.Errorf("running-config text lacks %q:\n%s", keep, run)
		}
	}
}

func TestFromTranscriptsSamples(t *testing.T) {
	site, err := FromTranscripts(profileWith("cpe1"), []TranscriptFile{{Path: fixture("samples-cpe1.log")}})
	if err != nil {
		t.Fatal(err)
	}
	cpe := site.CPE("cpe1")
	ipsec := cpe.Find(parsers.KindIPsecSA, "")
	if len(ipsec) != 2 || ipsec[0].Sample != 1 || ipsec[1].Sample != 2 {
		t.Fatalf("ipsec samples = %+v, want two in order", outputs(cpe))
	}
	if !ipsec[1].At.After(ipsec[0].At) {
		t.Errorf("sample times %v, %v are not increasing", ipsec[0].At, ipsec[1].At)
	}
	if tun := cpe.Find(parsers.KindInterfaces, "tunnel1"); len(tun) != 1 {
		t.Errorf("Find(interfaces, tunnel1) = %d outputs, want 1", len(tun))
	}
}

func TestFromTranscriptsPair(t *testing.T) {
	p := profileWith("vc-cpe-a", "vc-cpe-b")
	site, err := FromTranscripts(p, []TranscriptFile{{Path: fixture("pair-cpe-a.log")}, {Path: fixture("pair-cpe-b.log")}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(site.CPE("vc-cpe-a").Outputs); n != 2 {
		t.Errorf("vc-cpe-a (prompt VC-CPE-A) has %d outputs, want 2", n)
	}
	b := site.CPE("vc-cpe-b")
	if sums := b.Find(parsers.KindBGPSummary, ""); len(sums) != 2 || sums[1].Sample != 2 {
		t.Errorf("vc-cpe-b bgp summaries = %+v, want two samples", outputs(b))
	}
	if len(site.Notes) != 0 {
		t.Errorf("Notes = %q, want none", site.Notes)
	}

	// An explicit mapping wins over the hostname.
	site, err = FromTranscripts(p, []TranscriptFile{{Path: fixture("pair-cpe-a.log"), CPE: "VC-CPE-B"}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(site.CPE("vc-cpe-b").Outputs); n != 2 || len(site.CPE("vc-cpe-a").Outputs) != 0 {
		t.Errorf("--cpe vc-cpe-b=pair-cpe-a.log mapped %d outputs to vc-cpe-b, want 2 (and none to vc-cpe-a)", n)
	}
	if _, err := FromTranscripts(p, []TranscriptFile{{Path: fixture("pair-cpe-a.log"), CPE: "nope"}}); err == nil || !strings.Contains(err.Error(), "vc-cpe-a, vc-cpe-b") {
		t.Errorf("unknown --cpe = %v, want an error listing the CPEs", err)
	}
}

func TestFromTranscriptsUnmapped(t *testing.T) {
	p := profileWith("vc-cpe-a", "vc-cpe-b")
	site, err := FromTranscripts(p, []TranscriptFile{{Path: fixture("putty-cpe1.log")}, {Path: fixture("showtech-cpe1.txt")}})
	if err != nil {
		t.Fatal(err)
	}
	if !hasNote(site, `output from "cpe1" matches no profile CPE (CPEs: vc-cpe-a, vc-cpe-b)`) ||
		!hasNote(site, "(no prompt hostname)") {
		t.Errorf("Notes = %q, want the unmapped hostnames named", site.Notes)
	}
	for _, name := range []string{"vc-cpe-a", "vc-cpe-b"} {
		if c := site.CPE(name); c == nil || len(c.Outputs) != 0 || len(c.Problems) != 1 {
			t.Errorf("CPE %s = %+v, want empty with a problem", name, c)
		}
	}
}

func TestFromTranscriptsFiles(t *testing.T) {
	p := profileWith("cpe1")
	missing := filepath.Join(t.TempDir(), "missing.log")
	if _, err := FromTranscripts(p, []TranscriptFile{{Path: missing}}); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("FromTranscripts(missing) = %v, want an error naming the file", err)
	}
	empty := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(empty, []byte("customer says: tunnel down since Monday\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	site, err := FromTranscripts(p, []TranscriptFile{{Path: empty}})
	if err != nil || !hasNote(site, "no command vcdiag reads was found") {
		t.Errorf("FromTranscripts(no commands) = %v, notes %q, want a note", err, site.Notes)
	}
}

// TestFixturesParse walks every fixture: each recognised output either
// parses or is a command the router rejected.
func TestFixturesParse(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.*"))
	for _, f := range files {
		site, err := FromTranscripts(profileWith("cpe1"), []TranscriptFile{{Path: f, CPE: "cpe1"}})
		if err != nil {
			t.Fatalf("FromTranscripts(%s) = %v", f, err)
		}
		for _, o := range site.CPE("cpe1").Outputs {
			if o.Err != nil && !errors.Is(o.Err, evidence.ErrCommandFailed) {
				t.Errorf("%s: %q: %v", f, o.Command, o.Err)
			}
		}
	}
}
