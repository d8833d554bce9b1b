package ike

import "testing"

func TestExchangeName(t *testing.T) {
	tests := []struct {
		version, typ uint8
		want         string
	}{
		{2, 34, "IKE_SA_INIT"}, {2, 35, "IKE_AUTH"}, {2, 36, "CREATE_CHILD_SA"}, {2, 37, "INFORMATIONAL"},
		{2, 43, "IKE_INTERMEDIATE"}, {2, 99, "EXCHANGE(99)"},
		{1, 2, "Identity Protection (Main Mode)"}, {1, 4, "Aggressive"}, {1, 5, "Informational"},
		{1, 32, "Quick Mode"}, {1, 34, "EXCHANGE(34)"},
	}
	for _, tt := range tests {
		if got := ExchangeName(tt.version, tt.typ); got != tt.want {
			t.Errorf("ExchangeName(%d, %d) = %q, want %q", tt.version, tt.typ, got, tt.want)
		}
	}
}

func TestNotifyName(t *testing.T) {
	tests := []struct {
		typ  uint16
		want string
	}{
		{1, "UNSUPPORTED_CRITICAL_PAYLOAD"}, {4, "INVALID_IKE_SPI"}, {5, "INVALID_MAJOR_VERSION"},
		{7, "INVALID_SYNTAX"}, {9, "INVALID_MESSAGE_ID"}, {11, "INVALID_SPI"}, {14, "NO_PROPOSAL_CHOSEN"},
		{17, "INVALID_KE_PAYLOAD"}, {24, "AUTHENTICATION_FAILED"}, {34, "SINGLE_PAIR_REQUIRED"},
		{35, "NO_ADDITIONAL_SAS"}, {36, "INTERNAL_ADDRESS_FAILURE"}, {37, "FAILED_CP_REQUIRED"},
		{38, "TS_UNACCEPTABLE"}, {39, "INVALID_SELECTORS"}, {43, "TEMPORARY_FAILURE"},
		{44, "CHILD_SA_NOT_FOUND"}, {47, "STATE_NOT_FOUND"},
		{16384, "INITIAL_CONTACT"}, {16385, "SET_WINDOW_SIZE"}, {16386, "ADDITIONAL_TS_POSSIBLE"},
		{16387, "IPCOMP_SUPPORTED"}, {16388, "NAT_DETECTION_SOURCE_IP"}, {16389, "NAT_DETECTION_DESTINATION_IP"},
		{16390, "COOKIE"}, {16391, "USE_TRANSPORT_MODE"}, {16392, "HTTP_CERT_LOOKUP_SUPPORTED"},
		{16393, "REKEY_SA"}, {16394, "ESP_TFC_PADDING_NOT_SUPPORTED"}, {16395, "NON_FIRST_FRAGMENTS_ALSO"},
		{16396, "MOBIKE_SUPPORTED"}, {16404, "MULTIPLE_AUTH_SUPPORTED"}, {16406, "REDIRECT_SUPPORTED"},
		{16430, "IKEV2_FRAGMENTATION_SUPPORTED"}, {16431, "SIGNATURE_HASH_ALGORITHMS"},
		{0, "NOTIFY(0)"}, {2, "NOTIFY(2)"}, {12345, "NOTIFY(12345)"}, {40000, "NOTIFY(40000)"},
	}
	for _, tt := range tests {
		if got := NotifyName(tt.typ); got != tt.want {
			t.Errorf("NotifyName(%d) = %q, want %q", tt.typ, got, tt.want)
		}
	}
	if !IsError(14) || IsError(16388) || IsError(0) {
		t.Errorf("IsError(14, 16388, 0) = %v, %v, %v, want true, false, false", IsError(14), IsError(16388), IsError(0))
	}
}

func TestTransformName(t *testing.T) {
	tests := []struct {
		typ  uint8
		id   uint16
		want string
	}{
		{1, 3, "ENCR_3DES"}, {1, 12, "ENCR_AES_CBC"}, {1, 13, "ENCR_AES_CTR"}, {1, 18, "ENCR_AES_GCM_8"},
		{1, 19, "ENCR_AES_GCM_12"}, {1, 20, "ENCR_AES_GCM_16"}, {1, 28, "ENCR_CHACHA20_POLY1305"},
		{2, 2, "PRF_HMAC_SHA1"}, {2, 5, "PRF_HMAC_SHA2_256"}, {2, 6, "PRF_HMAC_SHA2_384"}, {2, 7, "PRF_HMAC_SHA2_512"},
		{3, 0, "NONE"}, {3, 2, "AUTH_HMAC_SHA1_96"}, {3, 12, "AUTH_HMAC_SHA2_256_128"},
		{3, 13, "AUTH_HMAC_SHA2_384_192"}, {3, 14, "AUTH_HMAC_SHA2_512_256"},
		{4, 2, "MODP_1024"}, {4, 14, "MODP_2048"}, {4, 15, "MODP_3072"}, {4, 16, "MODP_4096"},
		{4, 19, "ECP_256"}, {4, 20, "ECP_384"}, {4, 21, "ECP_521"}, {4, 31, "CURVE25519"},
		{5, 0, "NO_ESN"}, {5, 1, "ESN"}, {6, 36, "ML_KEM_768"},
		{1, 99, "ENCR(99)"}, {4, 1000, "KE(1000)"}, {40, 1, "TRANSFORM(40)(1)"},
	}
	for _, tt := range tests {
		if got := TransformName(tt.typ, tt.id); got != tt.want {
			t.Errorf("TransformName(%d, %d) = %q, want %q", tt.typ, tt.id, got, tt.want)
		}
	}
}

func TestPayloadName(t *testing.T) {
	tests := []struct {
		typ  uint8
		want string
	}{
		{33, "SA"}, {34, "KE"}, {40, "Ni/Nr"}, {41, "N"}, {43, "V"}, {46, "SK"}, {53, "SKF"},
		{1, "SA"}, {11, "N"}, {13, "VID"}, {20, "NAT-D"}, {0, "NONE"}, {200, "PAYLOAD(200)"},
	}
	for _, tt := range tests {
		if got := PayloadName(tt.typ); got != tt.want {
			t.Errorf("PayloadName(%d) = %q, want %q", tt.typ, got, tt.want)
		}
	}
}

func TestNormalized(t *testing.T) {
	tests := []struct {
		t        Transform
		ike, esp string
	}{
		{Transform{Type: 1, ID: 20, KeyLength: 256}, "aes-gcm-256", "esp-gcm-256"},
		{Transform{Type: 1, ID: 12, KeyLength: 256}, "aes-cbc-256", "esp-aes-256"},
		{Transform{Type: 1, ID: 12, KeyLength: 128}, "aes-cbc-128", "esp-aes-128"},
		{Transform{Type: 1, ID: 12}, "aes-cbc", "esp-aes"},
		{Transform{Type: 1, ID: 3}, "3des", "esp-3des"},
		{Transform{Type: 1, ID: 18, KeyLength: 256}, "aes-gcm8-256", "esp-aes-gcm8-256"},
		{Transform{Type: 1, ID: 28}, "chacha20-poly1305", "esp-chacha20-poly1305"},
		{Transform{Type: 2, ID: 7}, "sha512", "sha512"},
		{Transform{Type: 2, ID: 5}, "sha256", "sha256"},
		{Transform{Type: 2, ID: 2}, "sha1", "sha1"},
		{Transform{Type: 3, ID: 12}, "sha256", "esp-sha256-hmac"},
		{Transform{Type: 3, ID: 2}, "sha1", "esp-sha1-hmac"},
		{Transform{Type: 3, ID: 14}, "sha512", "esp-sha512-hmac"},
		{Transform{Type: 3, ID: 0}, "none", ""},
		{Transform{Type: 4, ID: 19}, "19", "19"},
		{Transform{Type: 5, ID: 1}, "esn", "esn"},
	}
	for _, tt := range tests {
		if got := tt.t.Normalized(); got != tt.ike {
			t.Errorf("%+v.Normalized() = %q, want %q", tt.t, got, tt.ike)
		}
		if got := tt.t.NormalizedESP(); got != tt.esp {
			t.Errorf("%+v.NormalizedESP() = %q, want %q", tt.t, got, tt.esp)
		}
	}
	p := Proposal{Transforms: []Transform{{Type: 1, ID: 20, KeyLength: 256}, {Type: 2, ID: 7}, {Type: 4, ID: 20}, {Type: 4, ID: 19}}}
	got := p.Algorithms()
	if len(got.Encryption) != 1 || got.Encryption[0] != "aes-gcm-256" || got.PRF[0] != "sha512" || len(got.DHGroups) != 2 || got.DHGroups[1] != 19 {
		t.Errorf("Algorithms() = %+v, want aes-gcm-256 / sha512 / [20 19]", got)
	}
}

func TestDemuxNATT(t *testing.T) {
	ike := append([]byte{0, 0, 0, 0}, make([]byte, 28)...)
	esp := []byte{0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1, 0xaa}
	tests := []struct {
		name string
		in   []byte
		want NATTKind
		rest []byte
	}{
		{"ike", ike, NATTIKE, ike[4:]},
		{"keepalive", []byte{0xff}, NATTKeepalive, nil},
		{"esp", esp, NATTESP, esp},
		{"esp spi with zero bytes", []byte{0, 0, 0, 1, 0, 0, 0, 1}, NATTESP, []byte{0, 0, 0, 1, 0, 0, 0, 1}},
		{"empty", nil, NATTInvalid, nil},
		{"one zero byte", []byte{0}, NATTInvalid, nil},
		{"marker only", []byte{0, 0, 0, 0}, NATTInvalid, nil},
		{"short esp", []byte{1, 2, 3, 4, 5, 6, 7}, NATTInvalid, nil},
		{"two 0xff", []byte{0xff, 0xff}, NATTInvalid, nil},
	}
	for _, tt := range tests {
		got, rest := DemuxNATT(tt.in)
		if got != tt.want || string(rest) != string(tt.rest) {
			t.Errorf("DemuxNATT(%x) = %v, %x, want %v, %x", tt.in, got, rest, tt.want, tt.rest)
		}
	}
}
