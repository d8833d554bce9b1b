package ike

import "strconv"

// Payload types. IKEv2 (RFC 7296 section 3.2, IANA "IKEv2 Payload Types")
// numbers start at 33; IKEv1 (RFC 2408 section 3.1) ones are below, so one
// namespace serves both.
const (
	PayloadNone       uint8 = 0
	PayloadSA         uint8 = 33
	PayloadKE         uint8 = 34
	PayloadIDi        uint8 = 35
	PayloadIDr        uint8 = 36
	PayloadCERT       uint8 = 37
	PayloadCERTREQ    uint8 = 38
	PayloadAUTH       uint8 = 39
	PayloadNonce      uint8 = 40
	PayloadNotify     uint8 = 41
	PayloadDelete     uint8 = 42
	PayloadVendorID   uint8 = 43
	PayloadTSi        uint8 = 44
	PayloadTSr        uint8 = 45
	PayloadSK         uint8 = 46
	PayloadCP         uint8 = 47
	PayloadEAP        uint8 = 48
	PayloadSKF        uint8 = 53
	PayloadV1SA       uint8 = 1
	PayloadV1KE       uint8 = 4
	PayloadV1Nonce    uint8 = 10
	PayloadV1Notify   uint8 = 11
	PayloadV1Delete   uint8 = 12
	PayloadV1VendorID uint8 = 13
	PayloadV1NATD     uint8 = 20
)

// IKEv1 exchange types (RFC 2408 section 3.1, RFC 2409).
const (
	ExchangeV1MainMode      uint8 = 2 // Identity Protection
	ExchangeV1Aggressive    uint8 = 4
	ExchangeV1Informational uint8 = 5
	ExchangeV1QuickMode     uint8 = 32
)

// Transform types (RFC 7296 section 3.3.2; type 4 renamed KE by RFC 9370).
const (
	TransformENCR  uint8 = 1
	TransformPRF   uint8 = 2
	TransformINTEG uint8 = 3
	TransformKE    uint8 = 4 // Diffie-Hellman group
	TransformESN   uint8 = 5
)

// Notify types the diagnosis relies on (IANA "IKEv2 Notify Message Types").
const (
	NotifyInvalidIKESPI          uint16 = 4
	NotifyInvalidMajorVersion    uint16 = 5
	NotifyInvalidSyntax          uint16 = 7
	NotifyNoProposalChosen       uint16 = 14
	NotifyInvalidKEPayload       uint16 = 17
	NotifyAuthenticationFailed   uint16 = 24
	NotifyTSUnacceptable         uint16 = 38
	NotifyChildSANotFound        uint16 = 44
	NotifyInitialContact         uint16 = 16384
	NotifyNATDetectionSourceIP   uint16 = 16388
	NotifyNATDetectionDestIP     uint16 = 16389
	NotifyCookie                 uint16 = 16390
	NotifyFragmentationSupported uint16 = 16430
)

var payloadNames = map[uint8]string{
	0: "NONE",
	// IKEv1 (RFC 2408, RFC 3947 for NAT-D/NAT-OA).
	1: "SA", 2: "P", 3: "T", 4: "KE", 5: "ID", 6: "CERT", 7: "CR", 8: "HASH", 9: "SIG",
	10: "NONCE", 11: "N", 12: "D", 13: "VID", 14: "ATTR", 15: "SAK", 16: "SAT", 17: "KD",
	18: "SEQ", 19: "POP", 20: "NAT-D", 21: "NAT-OA", 22: "GAP",
	// IKEv2 (RFC 7296 and later).
	33: "SA", 34: "KE", 35: "IDi", 36: "IDr", 37: "CERT", 38: "CERTREQ", 39: "AUTH",
	40: "Ni/Nr", 41: "N", 42: "D", 43: "V", 44: "TSi", 45: "TSr", 46: "SK", 47: "CP",
	48: "EAP", 49: "GSPM", 50: "IDg", 51: "GSA", 52: "KD", 53: "SKF", 54: "PS",
}

// PayloadName names a payload type as RFC 7296 (IKEv2, 33 and up) or
// RFC 2408 (IKEv1, below 33) abbreviate it: "SA", "KE", "N", "SK", "VID"...
// An unassigned type reads "PAYLOAD(99)".
func PayloadName(t uint8) string {
	if s, ok := payloadNames[t]; ok {
		return s
	}
	return "PAYLOAD(" + strconv.Itoa(int(t)) + ")"
}

var exchangeNamesV2 = map[uint8]string{
	34: "IKE_SA_INIT", 35: "IKE_AUTH", 36: "CREATE_CHILD_SA", 37: "INFORMATIONAL",
	38: "IKE_SESSION_RESUME", 43: "IKE_INTERMEDIATE", 44: "IKE_FOLLOWUP_KE",
}

var exchangeNamesV1 = map[uint8]string{
	0: "NONE", 1: "Base", 2: "Identity Protection (Main Mode)", 3: "Authentication Only",
	4: "Aggressive", 5: "Informational", 6: "Transaction (Config Mode)",
	32: "Quick Mode", 33: "New Group Mode",
}

// ExchangeName names an exchange type as the IANA registries do:
// "IKE_SA_INIT", "IKE_AUTH", ... for IKEv2 (version 2), "Identity
// Protection (Main Mode)", "Aggressive", "Quick Mode", ... for IKEv1
// (version 1). An unassigned type reads "EXCHANGE(40)".
func ExchangeName(version, t uint8) string {
	m := exchangeNamesV2
	if version == 1 {
		m = exchangeNamesV1
	}
	if s, ok := m[t]; ok {
		return s
	}
	return "EXCHANGE(" + strconv.Itoa(int(t)) + ")"
}

// NotifyName names an IKEv2 notify type as IANA does: error types below
// 16384 ("NO_PROPOSAL_CHOSEN" for 14), status types from 16384
// ("NAT_DETECTION_SOURCE_IP" for 16388). Unassigned, reserved and
// private-use types read "NOTIFY(12345)".
func NotifyName(t uint16) string {
	if s, ok := notifyNames[t]; ok {
		return s
	}
	return "NOTIFY(" + strconv.Itoa(int(t)) + ")"
}

// IsError reports whether a notify type is an error (below 16384).
func IsError(t uint16) bool { return t != 0 && t < 16384 }

var notifyNames = map[uint16]string{
	1: "UNSUPPORTED_CRITICAL_PAYLOAD", 4: "INVALID_IKE_SPI", 5: "INVALID_MAJOR_VERSION",
	7: "INVALID_SYNTAX", 9: "INVALID_MESSAGE_ID", 11: "INVALID_SPI", 14: "NO_PROPOSAL_CHOSEN",
	17: "INVALID_KE_PAYLOAD", 24: "AUTHENTICATION_FAILED", 34: "SINGLE_PAIR_REQUIRED",
	35: "NO_ADDITIONAL_SAS", 36: "INTERNAL_ADDRESS_FAILURE", 37: "FAILED_CP_REQUIRED",
	38: "TS_UNACCEPTABLE", 39: "INVALID_SELECTORS", 40: "UNACCEPTABLE_ADDRESSES",
	41: "UNEXPECTED_NAT_DETECTED", 42: "USE_ASSIGNED_HoA", 43: "TEMPORARY_FAILURE",
	44: "CHILD_SA_NOT_FOUND", 45: "INVALID_GROUP_ID", 46: "AUTHORIZATION_FAILED",
	47: "STATE_NOT_FOUND", 48: "TS_MAX_QUEUE",

	16384: "INITIAL_CONTACT", 16385: "SET_WINDOW_SIZE", 16386: "ADDITIONAL_TS_POSSIBLE",
	16387: "IPCOMP_SUPPORTED", 16388: "NAT_DETECTION_SOURCE_IP",
	16389: "NAT_DETECTION_DESTINATION_IP", 16390: "COOKIE", 16391: "USE_TRANSPORT_MODE",
	16392: "HTTP_CERT_LOOKUP_SUPPORTED", 16393: "REKEY_SA",
	16394: "ESP_TFC_PADDING_NOT_SUPPORTED", 16395: "NON_FIRST_FRAGMENTS_ALSO",
	16396: "MOBIKE_SUPPORTED", 16397: "ADDITIONAL_IP4_ADDRESS", 16398: "ADDITIONAL_IP6_ADDRESS",
	16399: "NO_ADDITIONAL_ADDRESSES", 16400: "UPDATE_SA_ADDRESSES", 16401: "COOKIE2",
	16402: "NO_NATS_ALLOWED", 16403: "AUTH_LIFETIME", 16404: "MULTIPLE_AUTH_SUPPORTED",
	16405: "ANOTHER_AUTH_FOLLOWS", 16406: "REDIRECT_SUPPORTED", 16407: "REDIRECT",
	16408: "REDIRECTED_FROM", 16409: "TICKET_LT_OPAQUE", 16410: "TICKET_REQUEST",
	16411: "TICKET_ACK", 16412: "TICKET_NACK", 16413: "TICKET_OPAQUE", 16414: "LINK_ID",
	16415: "USE_WESP_MODE", 16416: "ROHC_SUPPORTED", 16417: "EAP_ONLY_AUTHENTICATION",
	16418: "CHILDLESS_IKEV2_SUPPORTED", 16419: "QUICK_CRASH_DETECTION",
	16420: "IKEV2_MESSAGE_ID_SYNC_SUPPORTED", 16421: "IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED",
	16422: "IKEV2_MESSAGE_ID_SYNC", 16423: "IPSEC_REPLAY_COUNTER_SYNC",
	16424: "SECURE_PASSWORD_METHODS", 16425: "PSK_PERSIST", 16426: "PSK_CONFIRM",
	16427: "ERX_SUPPORTED", 16428: "IFOM_CAPABILITY", 16429: "SENDER_REQUEST_ID",
	16430: "IKEV2_FRAGMENTATION_SUPPORTED", 16431: "SIGNATURE_HASH_ALGORITHMS",
	16432: "CLONE_IKE_SA_SUPPORTED", 16433: "CLONE_IKE_SA", 16434: "PUZZLE", 16435: "USE_PPK",
	16436: "PPK_IDENTITY", 16437: "NO_PPK_AUTH", 16438: "INTERMEDIATE_EXCHANGE_SUPPORTED",
	16439: "IP4_ALLOWED", 16440: "IP6_ALLOWED", 16441: "ADDITIONAL_KEY_EXCHANGE",
	16442: "USE_AGGFRAG", 16443: "SUPPORTED_AUTH_METHODS", 16444: "SA_RESOURCE_INFO",
}

// TransformTypeName names a transform type: "ENCR", "PRF", "INTEG", "KE",
// "ESN", "ADDKE1".."ADDKE7" (RFC 9370), else "TRANSFORM(9)".
func TransformTypeName(typ uint8) string {
	switch {
	case typ >= 1 && typ <= 5:
		return [...]string{"ENCR", "PRF", "INTEG", "KE", "ESN"}[typ-1]
	case typ >= 6 && typ <= 12:
		return "ADDKE" + strconv.Itoa(int(typ)-5)
	}
	return "TRANSFORM(" + strconv.Itoa(int(typ)) + ")"
}

// TransformName names a transform as IANA's "Transform Type N" registries
// do ("ENCR_AES_GCM_16", "PRF_HMAC_SHA2_512", "AUTH_HMAC_SHA2_256_128"),
// with strongSwan-style names for key exchange groups ("MODP_2048",
// "ECP_384", "CURVE25519"). An unassigned ID reads "ENCR(99)".
func TransformName(typ uint8, id uint16) string {
	var m map[uint16]string
	switch {
	case typ == TransformENCR:
		m = encrNames
	case typ == TransformPRF:
		m = prfNames
	case typ == TransformINTEG:
		m = integNames
	case typ == TransformKE, typ >= 6 && typ <= 12:
		m = groupNames
	case typ == TransformESN:
		m = esnNames
	}
	if s, ok := m[id]; ok {
		return s
	}
	return TransformTypeName(typ) + "(" + strconv.Itoa(int(id)) + ")"
}

var encrNames = map[uint16]string{
	1: "ENCR_DES_IV64", 2: "ENCR_DES", 3: "ENCR_3DES", 4: "ENCR_RC5", 5: "ENCR_IDEA",
	6: "ENCR_CAST", 7: "ENCR_BLOWFISH", 8: "ENCR_3IDEA", 9: "ENCR_DES_IV32", 11: "ENCR_NULL",
	12: "ENCR_AES_CBC", 13: "ENCR_AES_CTR", 14: "ENCR_AES_CCM_8", 15: "ENCR_AES_CCM_12",
	16: "ENCR_AES_CCM_16", 18: "ENCR_AES_GCM_8", 19: "ENCR_AES_GCM_12", 20: "ENCR_AES_GCM_16",
	21: "ENCR_NULL_AUTH_AES_GMAC", 23: "ENCR_CAMELLIA_CBC", 24: "ENCR_CAMELLIA_CTR",
	25: "ENCR_CAMELLIA_CCM_8_ICV", 26: "ENCR_CAMELLIA_CCM_12_ICV", 27: "ENCR_CAMELLIA_CCM_16_ICV",
	28: "ENCR_CHACHA20_POLY1305", 29: "ENCR_AES_CCM_8_IIV", 30: "ENCR_AES_GCM_16_IIV",
	31: "ENCR_CHACHA20_POLY1305_IIV", 32: "ENCR_KUZNYECHIK_MGM_KTREE", 33: "ENCR_MAGMA_MGM_KTREE",
	34: "ENCR_KUZNYECHIK_MGM_MAC_KTREE", 35: "ENCR_MAGMA_MGM_MAC_KTREE",
}

var prfNames = map[uint16]string{
	1: "PRF_HMAC_MD5", 2: "PRF_HMAC_SHA1", 3: "PRF_HMAC_TIGER", 4: "PRF_AES128_XCBC",
	5: "PRF_HMAC_SHA2_256", 6: "PRF_HMAC_SHA2_384", 7: "PRF_HMAC_SHA2_512", 8: "PRF_AES128_CMAC",
	9: "PRF_HMAC_STREEBOG_512",
}

var integNames = map[uint16]string{
	0: "NONE", 1: "AUTH_HMAC_MD5_96", 2: "AUTH_HMAC_SHA1_96", 3: "AUTH_DES_MAC",
	4: "AUTH_KPDK_MD5", 5: "AUTH_AES_XCBC_96", 6: "AUTH_HMAC_MD5_128", 7: "AUTH_HMAC_SHA1_160",
	8: "AUTH_AES_CMAC_96", 9: "AUTH_AES_128_GMAC", 10: "AUTH_AES_192_GMAC", 11: "AUTH_AES_256_GMAC",
	12: "AUTH_HMAC_SHA2_256_128", 13: "AUTH_HMAC_SHA2_384_192", 14: "AUTH_HMAC_SHA2_512_256",
}

var groupNames = map[uint16]string{
	0: "NONE", 1: "MODP_768", 2: "MODP_1024", 5: "MODP_1536", 14: "MODP_2048", 15: "MODP_3072",
	16: "MODP_4096", 17: "MODP_6144", 18: "MODP_8192", 19: "ECP_256", 20: "ECP_384",
	21: "ECP_521", 22: "MODP_1024_160", 23: "MODP_2048_224", 24: "MODP_2048_256",
	25: "ECP_192", 26: "ECP_224", 27: "ECP_224_BP", 28: "ECP_256_BP", 29: "ECP_384_BP",
	30: "ECP_512_BP", 31: "CURVE25519", 32: "CURVE448", 33: "GOST3410_2012_256",
	34: "GOST3410_2012_512", 35: "ML_KEM_512", 36: "ML_KEM_768", 37: "ML_KEM_1024",
}

var esnNames = map[uint16]string{0: "NO_ESN", 1: "ESN"}

// ProtocolName names a proposal's or notify's protocol ID: "IKE", "AH",
// "ESP", else "PROTO(9)".
func ProtocolName(id uint8) string {
	switch id {
	case 1:
		return "IKE"
	case 2:
		return "AH"
	case 3:
		return "ESP"
	}
	return "PROTO(" + strconv.Itoa(int(id)) + ")"
}
