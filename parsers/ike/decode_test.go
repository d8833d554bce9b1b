package ike

import (
	"bytes"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// readHex reads an annotated hex fixture: '#' starts a comment.
func readHex(t testing.TB, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var digits strings.Builder
	for _, line := range strings.Split(string(raw), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		digits.WriteString(strings.Join(strings.Fields(line), ""))
	}
	b, err := hex.DecodeString(digits.String())
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b
}

func fixtures(t testing.TB) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob("testdata/*.hex")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures in testdata: %v", err)
	}
	m := make(map[string][]byte)
	for _, p := range paths {
		m[filepath.Base(p)] = readHex(t, p)
	}
	return m
}

func decode(t testing.TB, b []byte) (*IKE, error) {
	t.Helper()
	var i IKE
	err := i.DecodeFromBytes(b, gopacket.NilDecodeFeedback)
	return &i, err
}

// cmpIKE compares decoded messages on their meaning: BaseLayer and raw
// bodies are byte views of the input, checked by the round-trip tests.
var cmpIKE = []cmp.Option{
	cmpopts.IgnoreFields(IKE{}, "BaseLayer"),
	cmpopts.IgnoreFields(Payload{}, "Body"),
	cmpopts.EquateEmpty(),
}

const spiI, spiR = 0x1122334455667788, 0x99AABBCCDDEEFF00

func TestDecodeFixtures(t *testing.T) {
	fx := fixtures(t)
	nat := []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}
	rev := bytes.Clone(nat)
	for a, b := 0, len(rev)-1; a < b; a, b = a+1, b-1 {
		rev[a], rev[b] = rev[b], rev[a]
	}
	tests := []struct {
		file string
		want IKE
	}{
		{"sa_init_request.hex", IKE{
			InitiatorSPI: spiI, NextPayload: PayloadSA, MajorVersion: 2, ExchangeType: ExchangeIKESAInit,
			Flags: FlagInitiator, Length: 331,
			Payloads: []Payload{
				{Type: PayloadSA, Next: PayloadKE, SA: &SAPayload{Proposals: []Proposal{
					{Number: 1, ProtocolID: 1, Transforms: []Transform{{Type: 1, ID: 20, KeyLength: 256}, {Type: 2, ID: 7}, {Type: 4, ID: 20}}},
					{Number: 2, ProtocolID: 1, Transforms: []Transform{{Type: 1, ID: 12, KeyLength: 256}, {Type: 2, ID: 5}, {Type: 3, ID: 12}, {Type: 4, ID: 14}}},
				}}},
				{Type: PayloadKE, Next: PayloadNonce, KE: &KEPayload{Group: 20, Data: make([]byte, 96)}},
				{Type: PayloadNonce, Next: PayloadNotify},
				{Type: PayloadNotify, Next: PayloadNotify, Notify: &NotifyPayload{Type: NotifyNATDetectionSourceIP, Data: nat}},
				{Type: PayloadNotify, Next: PayloadVendorID, Notify: &NotifyPayload{Type: NotifyNATDetectionDestIP, Data: rev}},
				{Type: PayloadVendorID, VendorID: []byte("CISCO-DELETE-REASON")},
			}}},
		{"invalid_ke_response.hex", IKE{
			InitiatorSPI: spiI, NextPayload: PayloadNotify, MajorVersion: 2, ExchangeType: ExchangeIKESAInit,
			Flags: FlagResponse, Length: 38,
			Payloads: []Payload{{Type: PayloadNotify, Notify: &NotifyPayload{Type: NotifyInvalidKEPayload, Data: []byte{0, 19}}}}}},
		{"ike_auth_sk.hex", IKE{
			InitiatorSPI: spiI, ResponderSPI: spiR, NextPayload: PayloadSK, MajorVersion: 2, ExchangeType: ExchangeIKEAuth,
			Flags: FlagInitiator, MessageID: 1, Length: 96,
			Payloads: []Payload{{Type: PayloadSK, Next: PayloadIDi, Encrypted: true}}}},
		{"ike_auth_skf.hex", IKE{
			InitiatorSPI: spiI, ResponderSPI: spiR, NextPayload: PayloadSKF, MajorVersion: 2, ExchangeType: ExchangeIKEAuth,
			Flags: FlagResponse, MessageID: 1, Length: 84,
			Payloads: []Payload{{Type: PayloadSKF, Next: PayloadIDr, Encrypted: true, Fragment: &FragmentPayload{Number: 1, Total: 3}}}}},
		{"informational_delete.hex", IKE{
			InitiatorSPI: spiI, ResponderSPI: spiR, NextPayload: PayloadDelete, MajorVersion: 2, ExchangeType: ExchangeInformational,
			Flags: FlagInitiator, MessageID: 2, Length: 36,
			Payloads: []Payload{{Type: PayloadDelete, Critical: true}}}},
		{"ikev1_main_mode.hex", IKE{
			InitiatorSPI: spiI, NextPayload: PayloadV1SA, MajorVersion: 1, ExchangeType: ExchangeV1MainMode, Length: 120,
			Payloads: []Payload{
				{Type: PayloadV1SA, Next: PayloadV1VendorID, SA: &SAPayload{DOI: 1, Situation: 1, Proposals: []Proposal{
					{Number: 1, ProtocolID: 1, Transforms: []Transform{
						{Type: 1, ID: 12, KeyLength: 256, Alternative: 1}, {Type: 2, ID: 5, Alternative: 1}, {Type: 4, ID: 14, Alternative: 1},
						{Type: 1, ID: 3, Alternative: 2}, {Type: 2, ID: 2, Alternative: 2}, {Type: 4, ID: 2, Alternative: 2},
					}}}}},
				{Type: PayloadV1VendorID, VendorID: []byte{0x40, 0x48, 0xb7, 0xd5, 0x6e, 0xbc, 0xe8, 0x85, 0x25, 0xe7, 0xde, 0x7f, 0x00, 0xd6, 0xc2, 0xd3}},
			}}},
		{"ikev1_encrypted.hex", IKE{
			InitiatorSPI: spiI, ResponderSPI: spiR, NextPayload: 8, MajorVersion: 1, ExchangeType: ExchangeV1QuickMode,
			Flags: FlagV1Encryption, MessageID: 0x635a2e6a, Length: 72,
			Payloads: []Payload{{Type: 8, Encrypted: true}}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, ok := fx[tt.file]
			if !ok {
				t.Fatalf("fixture %s missing", tt.file)
			}
			got, err := decode(t, b)
			if err != nil {
				t.Fatalf("DecodeFromBytes(%s) error %v", tt.file, err)
			}
			if diff := cmp.Diff(&tt.want, got, cmpIKE...); diff != "" {
				t.Errorf("DecodeFromBytes(%s) mismatch (-want +got):\n%s", tt.file, diff)
			}
			if !bytes.Equal(got.Contents, b) || len(got.Payload) != 0 {
				t.Errorf("DecodeFromBytes(%s): Contents %d bytes, Payload %d bytes, want %d and 0", tt.file, len(got.Contents), len(got.Payload), len(b))
			}
		})
	}
}

// TestFixturesAllDecode is the walk-all test: every fixture decodes.
func TestFixturesAllDecode(t *testing.T) {
	for name, b := range fixtures(t) {
		if i, err := decode(t, b); err != nil || i.Truncated {
			t.Errorf("DecodeFromBytes(%s) = truncated %v, error %v; want a clean decode", name, i.Truncated, err)
		}
	}
}

func TestRequestedGroup(t *testing.T) {
	tests := []struct {
		n    *NotifyPayload
		want uint16
		ok   bool
	}{
		{&NotifyPayload{Type: NotifyInvalidKEPayload, Data: []byte{0, 19}}, 19, true},
		{&NotifyPayload{Type: NotifyInvalidKEPayload, Data: []byte{0, 14, 9}}, 14, true},
		{&NotifyPayload{Type: NotifyInvalidKEPayload, Data: []byte{19}}, 0, false},
		{&NotifyPayload{Type: NotifyNoProposalChosen, Data: []byte{0, 19}}, 0, false},
		{nil, 0, false},
	}
	for _, tt := range tests {
		got, ok := tt.n.RequestedGroup()
		if got != tt.want || ok != tt.ok {
			t.Errorf("RequestedGroup(%+v) = %d, %v, want %d, %v", tt.n, got, ok, tt.want, tt.ok)
		}
	}
}

// message builds header + raw payload bytes with the given Length field
// (0: the real length).
func message(np uint8, length uint32, payloads ...[]byte) []byte {
	b := []byte{0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0, 0, 0, 0, 0, 0, 0, 0, np, 0x20, 34, 0x08, 0, 0, 0, 0, 0, 0, 0, 0}
	for _, p := range payloads {
		b = append(b, p...)
	}
	if length == 0 {
		length = uint32(len(b))
	}
	b[24], b[25], b[26], b[27] = byte(length>>24), byte(length>>16), byte(length>>8), byte(length)
	return b
}

func TestDecodeMalformed(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		wantErr string
	}{
		{"empty", nil, "message of 0 bytes is shorter than the 28-byte header"},
		{"short header", make([]byte, 27), "message of 27 bytes"},
		{"length below header", message(0, 20), "length 20 is shorter than the 28-byte header"},
		{"bad version", func() []byte { b := message(0, 0); b[17] = 0x30; return b }(), "major version 3"},
		{"payload overruns", message(41, 0, []byte{0, 0, 0, 40, 0, 0, 0, 14}), "payload 1 (N) at offset 28: length 40 exceeds message (8 left)"},
		{"zero length loop", message(41, 0, []byte{41, 0, 0, 0, 0, 0, 0, 14}), "length 0 shorter than its 4-byte header"},
		{"chain without terminator", message(41, 0, []byte{41, 0, 0, 8, 0, 0, 0, 14}, []byte{41, 0, 0, 8, 0, 0, 0, 14}), "payload 3 (N) at offset 44: missing: the message ends after 2 payloads"},
		{"payload header cut", message(41, 0, []byte{41, 0, 0, 8, 0, 0, 0, 14}, []byte{0, 0}), "payload 2 (N) at offset 36: header needs 4 bytes, 2 left"},
		{"notify SPI overrun", message(41, 0, []byte{0, 0, 0, 8, 3, 9, 0, 14}), "notify SPI size 9 exceeds body (0 left)"},
		{"KE too short", message(34, 0, []byte{0, 0, 0, 6, 0, 19}), "KE body of 2 bytes"},
		{"SKF too short", message(53, 0, []byte{0, 0, 0, 6, 0, 1}), "SKF body of 2 bytes"},
		{"proposal overrun", message(33, 0, []byte{0, 0, 0, 12, 0, 0, 0, 200, 1, 1, 0, 0}), "proposal 1 length 200 does not fit the SA payload (8 left)"},
		{"transform overrun", message(33, 0, []byte{0, 0, 0, 20, 0, 0, 0, 16, 1, 1, 0, 1, 0, 0, 0, 99, 1, 0, 0, 12}), "proposal 1: transform 1 length 99"},
		{"attribute overrun", message(33, 0, []byte{0, 0, 0, 24, 0, 0, 0, 20, 1, 1, 0, 1, 0, 0, 0, 12, 1, 0, 0, 12, 0, 14, 0, 9}), "attribute 14 length 9 exceeds the transform (0 left)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decode(t, tt.in)
			var de *DecodeError
			if err == nil || !errors.As(err, &de) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("DecodeFromBytes(%x) error = %v, want a *DecodeError containing %q", tt.in, err, tt.wantErr)
			}
			if len(tt.in) >= HeaderLen && got.InitiatorSPI != spiI {
				t.Errorf("DecodeFromBytes(%x): header not kept after the error: SPIi %x", tt.in, got.InitiatorSPI)
			}
		})
	}
}

// TestDecodePartialChainKept checks that payloads before a fault survive
// the error, so a caller can still read the notify of a mangled message.
func TestDecodePartialChainKept(t *testing.T) {
	in := message(41, 0, []byte{41, 0, 0, 10, 0, 0, 0, 17, 0, 19}, []byte{0, 0, 0, 99})
	got, err := decode(t, in)
	if err == nil || len(got.Payloads) != 1 {
		t.Fatalf("DecodeFromBytes(%x) = %d payloads, error %v; want 1 payload and an error", in, len(got.Payloads), err)
	}
	if g, ok := got.Payloads[0].Notify.RequestedGroup(); !ok || g != 19 {
		t.Errorf("first payload's RequestedGroup() = %d, %v, want 19, true", g, ok)
	}
}

func TestDecodeTruncatedEveryLength(t *testing.T) {
	for name, b := range fixtures(t) {
		for n := 0; n < len(b); n++ {
			got, err := decode(t, b[:n])
			if err == nil && !got.Truncated {
				t.Errorf("DecodeFromBytes(%s[:%d]) = no error and not Truncated", name, n)
			}
			if n >= HeaderLen && err == nil && got.Length != uint32(len(b)) {
				t.Errorf("DecodeFromBytes(%s[:%d]).Length = %d, want %d", name, n, got.Length, len(b))
			}
		}
	}
}

// TestTruncatedSK checks that a snap length cutting an SK payload still
// says the message is encrypted.
func TestTruncatedSK(t *testing.T) {
	b := fixtures(t)["ike_auth_sk.hex"]
	got, err := decode(t, b[:40])
	if err != nil || !got.Truncated || !got.Encrypted() || len(got.Payloads) != 1 || len(got.Payloads[0].Body) != 8 {
		t.Errorf("DecodeFromBytes(ike_auth_sk[:40]) = %+v, %v; want Truncated, one encrypted SK of 8 bytes", got, err)
	}
}

func TestDecodeTrailingBytes(t *testing.T) {
	b := append(bytes.Clone(fixtures(t)["no_proposal_response.hex"]), 0xde, 0xad)
	got, err := decode(t, b)
	if err != nil || !bytes.Equal(got.Payload, []byte{0xde, 0xad}) || len(got.Contents) != len(b)-2 {
		t.Errorf("DecodeFromBytes(message+2) = Contents %d, Payload %x, error %v; want the 2 extra bytes as Payload", len(got.Contents), got.Payload, err)
	}
}

// TestDecodingLayerParserReuse decodes different messages into one IKE
// (as DecodingLayerParser does) and checks each equals a fresh decode.
func TestDecodingLayerParserReuse(t *testing.T) {
	fx := fixtures(t)
	var reused IKE
	parser := gopacket.NewDecodingLayerParser(LayerTypeIKE, &reused)
	var decoded []gopacket.LayerType
	order := []string{"sa_init_request.hex", "ikev1_main_mode.hex", "invalid_ke_response.hex", "sa_init_request.hex", "ike_auth_skf.hex", "ikev1_main_mode.hex", "ike_auth_sk.hex"}
	for _, name := range order {
		if err := parser.DecodeLayers(fx[name], &decoded); err != nil {
			t.Fatalf("DecodeLayers(%s): %v", name, err)
		}
		if len(decoded) != 1 || decoded[0] != LayerTypeIKE {
			t.Fatalf("DecodeLayers(%s) decoded %v, want [IKE]", name, decoded)
		}
		fresh, _ := decode(t, fx[name])
		if diff := cmp.Diff(fresh, &reused, cmpIKE...); diff != "" {
			t.Errorf("reused decode of %s differs from a fresh one (-fresh +reused):\n%s", name, diff)
		}
	}
}

func TestNewPacketLayer(t *testing.T) {
	b := fixtures(t)["invalid_ke_response.hex"]
	pkt := gopacket.NewPacket(b, LayerTypeIKE, gopacket.Default)
	l, ok := pkt.Layer(LayerTypeIKE).(*IKE)
	if !ok || pkt.ErrorLayer() != nil {
		t.Fatalf("NewPacket(IKE) layers %v, error %v; want an IKE layer", pkt.Layers(), pkt.ErrorLayer())
	}
	if g, ok := l.Payloads[0].Notify.RequestedGroup(); !ok || g != 19 {
		t.Errorf("RequestedGroup() = %d, %v, want 19, true", g, ok)
	}
	bad := gopacket.NewPacket(b[:10], LayerTypeIKE, gopacket.Default)
	if bad.ErrorLayer() == nil {
		t.Errorf("NewPacket(10 bytes) has no error layer")
	}
	_ = layers.LayerTypeUDP
}

func BenchmarkDecodeIKE(b *testing.B) {
	msg := readHex(b, "testdata/sa_init_request.hex")
	var i IKE
	b.ReportAllocs()
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		if err := i.DecodeFromBytes(msg, gopacket.NilDecodeFeedback); err != nil {
			b.Fatal(err)
		}
	}
}
