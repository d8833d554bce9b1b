package bundle

import (
	"archive/zip"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/collectors"
)

// tableLog holds secrets that only the structure of IOS commands finds:
// outputs that list them in columns or under labels (which vcdiag does not
// read, so only the bundle's transcript carries them), a command header's
// filter, and configuration typed abbreviated or in capitals.
const tableLog = `cpe1#show snmp community

Community name: RdxTabComm2
Community Index: cisco7
Community SecurityName: RdxTabComm2
storage-type: nonvolatile	 active
cpe1#show crypto isakmp key
Keyring      Hostname/Address                            Preshared Key

default      10.0.0.2                                    RdxTabKey3
cpe1#show key chain
Key-chain K:
    key 1 -- text "RdxTabKc4"
cpe1#show run | include snmp-server community RdxHdrComm1
snmp-server community RdxHdrComm1 RO
cpe1#conf t
cpe1(config)#snmp comm RdxTyped6 RO
cpe1(config)#crypto isa key RdxTyped7 address 0.0.0.0
cpe1(config-router)#nei 100.64.1.1 pass RdxTyped8
cpe1(config)#username u pass RdxTyped9
cpe1(config)#enable sec RdxTyped10
cpe1(config-server-tacacs)#KEY RdxTyped11
cpe1(config-ikev2-keyring-peer)#pre-sh local RdxTyped12
cpe1(config-ikev2-keyring-peer)#k RdxTyped14
cpe1(config)#end
cpe1#
`

var tableSecrets = []string{
	"RdxTabComm2", "RdxTabKey3", "RdxTabKc4", "RdxHdrComm1", "RdxTyped6", "RdxTyped7", "RdxTyped8",
	"RdxTyped9", "RdxTyped10", "RdxTyped11", "RdxTyped12", "RdxTyped14",
}

// TestRewriteTranscriptRedactsByStructure: the bundle's transcript of a
// customer's log masks every such secret and keeps the rest.
func TestRewriteTranscriptRedactsByStructure(t *testing.T) {
	tr, err := collectors.ReadTranscript("case.log", strings.NewReader(tableLog))
	if err != nil {
		t.Fatal(err)
	}
	text := RewriteTranscript(tr)
	for _, s := range tableSecrets {
		if strings.Contains(text, s) {
			t.Errorf("RewriteTranscript keeps %q:\n%s", s, text)
		}
	}
	for _, keep := range []string{
		"Community Index: cisco7", "default      10.0.0.2                                    <redacted>",
		"cpe1#show run | include snmp-server community <redacted>", "key 1 -- text <redacted>",
		"cpe1(config)#snmp comm <redacted> RO",
	} {
		if !strings.Contains(text, keep) {
			t.Errorf("RewriteTranscript lacks %q:\n%s", keep, text)
		}
	}
}

// TestAddTextRedactsSessionLog: a session log added as is (vcdiag's own)
// is redacted again, its prompts saying which output lists secrets.
func TestAddTextRedactsSessionLog(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "b.zip")
	w, err := Create(dst, Manifest{Started: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.AddText(FileEntry{Name: "transcripts/cpe1.log", Kind: KindTranscript}, tableLog); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(time.Date(2026, 11, 26, 10, 1, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		for _, s := range tableSecrets {
			if strings.Contains(string(b), s) {
				t.Errorf("%s keeps %q", f.Name, s)
			}
		}
		if f.Name == "transcripts/cpe1.log" && strings.Count(string(b), "\n") != strings.Count(tableLog, "\n") {
			t.Errorf("%s: line count changed", f.Name)
		}
	}
}
