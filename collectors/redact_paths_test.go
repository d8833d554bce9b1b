package collectors

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// structuredLog is a session log with secrets where only the structure of
// IOS commands finds them: a command header's filter, outputs that list
// secrets in columns or under labels, configuration typed abbreviated or
// in capitals, and an ignored command that names a secret.
const structuredLog = `cpe1#show run | include snmp-server community RdxHdrComm1
snmp-server community RdxHdrComm1 RO
cpe1#show snmp community

Community name: RdxTabComm2
Community Index: cisco7
Community SecurityName: RdxTabComm2
storage-type: nonvolatile	 active
cpe1#show crypto isakmp key
Keyring      Hostname/Address                            Preshared Key

default      10.0.0.2                                    RdxTabKey3
cpe1#show clock | include RdxIgnored4 password RdxIgnored5
*10:21:03.123 UTC Thu Nov 26 2026
cpe1#configure terminal
cpe1(config)#snmp comm RdxTyped6 RO
cpe1(config)#crypto isa key RdxTyped7 address 0.0.0.0
cpe1(config)#router bgp 64601
cpe1(config-router)#nei 100.64.1.1 pass RdxTyped8
cpe1(config-router)#exit
cpe1(config)#username u pass RdxTyped9
cpe1(config)#enable sec RdxTyped10
cpe1(config)#tacacs server T
cpe1(config-server-tacacs)#KEY RdxTyped11
cpe1(config-server-tacacs)#crypto ikev2 keyring KR
cpe1(config-ikev2-keyring)#peer DI
cpe1(config-ikev2-keyring-peer)#pre-sh local RdxTyped12
cpe1(config-ikev2-keyring-peer)#do show run | i snmp comm RdxTyped13
cpe1(config-ikev2-keyring-peer)#end
cpe1#
`

var structuredSecrets = []string{
	"RdxHdrComm1", "RdxTabComm2", "RdxTabKey3", "RdxIgnored5", "RdxTyped6", "RdxTyped7", "RdxTyped8",
	"RdxTyped9", "RdxTyped10", "RdxTyped11", "RdxTyped12", "RdxTyped13",
}

// TestFromTranscriptsRedactsCommandHeaders: the command line of an output
// is cited in every report, and an ignored command is named in a note.
func TestFromTranscriptsRedactsCommandHeaders(t *testing.T) {
	path := filepath.Join(t.TempDir(), "structured.log")
	if err := os.WriteFile(path, []byte(structuredLog), 0o600); err != nil {
		t.Fatal(err)
	}
	site, err := FromTranscripts(profileWith("cpe1"), []TranscriptFile{{Path: path}})
	if err != nil {
		t.Fatal(err)
	}
	cpe := site.CPE("cpe1")
	if len(cpe.Outputs) == 0 || !strings.HasPrefix(cpe.Outputs[0].Command, "show running-config | include snmp-server community ") {
		t.Fatalf("outputs = %+v, want the filtered running-config first", outputs(cpe))
	}
	texts := append([]string(nil), site.Notes...)
	for _, o := range cpe.Outputs {
		texts = append(texts, o.Command, o.Text, strings.Join(o.Lines, "\n"))
	}
	for _, txt := range texts {
		for _, s := range structuredSecrets {
			if strings.Contains(txt, s) {
				t.Errorf("secret %q survived in %q", s, txt)
			}
		}
	}
	if got := cpe.Outputs[0].Command; got != "show running-config | include snmp-server community <redacted>" {
		t.Errorf("Command = %q, want the filter's community masked", got)
	}
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// TestTranscriptWriterRedactsByCommand: a live session's log masks a
// command line's filter and the outputs that list secrets.
func TestTranscriptWriterRedactsByCommand(t *testing.T) {
	var buf bytes.Buffer
	w := NewTranscriptWriter("cpe1.log", "cpe1", nopCloser{&buf})
	at := time.Date(2026, 11, 26, 10, 21, 3, 0, time.UTC)
	blocks := []Block{
		{Command: "show run | include snmp-server community RdxHdrComm1", Output: "snmp-server community RdxHdrComm1 RO\n", At: at},
		{Command: "show snmp community", Output: "Community name: RdxTabComm2\nCommunity Index: cisco7\nCommunity SecurityName: RdxTabComm2\nodd RdxTabComm2\n", At: at},
		{Command: "sh crypto isakmp key", Output: "Keyring      Hostname/Address       Preshared Key\n\ndefault      10.0.0.2               RdxTabKey3\n", At: at},
	}
	for _, b := range blocks {
		w.Write(b)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	for _, s := range structuredSecrets {
		if strings.Contains(got, s) {
			t.Errorf("secret %q survived in the transcript:\n%s", s, got)
		}
	}
	for _, keep := range []string{
		"cpe1#show run | include snmp-server community <redacted>\n", "Community Index: cisco7\n",
		"default      10.0.0.2               <redacted>\n",
	} {
		if !strings.Contains(got, keep) {
			t.Errorf("transcript lacks %q:\n%s", keep, got)
		}
	}
	if n := strings.Count(got, "\n"); n != 2+5+4+1 {
		t.Errorf("transcript has %d lines, want every line kept:\n%s", n, got)
	}
}
