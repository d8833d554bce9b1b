#!/usr/bin/env python3
"""Writes the hand-made IKE fixtures (*.hex) in this folder.

Built independently of the Go encoder (struct packing from RFC 7296 /
RFC 2408 layouts) so that decoder tests do not check the encoder against
itself. Each .hex file is annotated: '#' starts a comment, hex digits may be
spaced. Run: python3 gen_fixtures.py (from this folder).
"""
import struct

def hdr(spii, spir, np, ver, exch, flags, msgid, length):
    return ("header", struct.pack(">QQBBBBII", spii, spir, np, ver, exch, flags, msgid, length))

def gen(nxt, body, crit=False):
    return struct.pack(">BBH", nxt, 0x80 if crit else 0, 4 + len(body)) + body

def attr_tv(t, v):
    return struct.pack(">HH", 0x8000 | t, v)

def transform(last, typ, tid, keylen=None):
    attrs = attr_tv(14, keylen) if keylen else b""
    return struct.pack(">BBHBBH", 0 if last else 3, 0, 8 + len(attrs), typ, 0, tid) + attrs

def proposal(last, num, proto, spi, transforms):
    ts = b"".join(transform(i == len(transforms) - 1, *t) for i, t in enumerate(transforms))
    return struct.pack(">BBHBBBB", 0 if last else 2, 0, 8 + len(spi) + len(ts), num, proto, len(spi), len(transforms)) + spi + ts

def notify(proto, ntype, spi=b"", data=b""):
    return struct.pack(">BBH", proto, len(spi), ntype) + spi + data

def message(name, comment, spii, spir, ver, exch, flags, msgid, payloads, length=None):
    """payloads: list of (type, body, label[, critical[, next_override]])."""
    chunks = []
    for i, (typ, body, label, *rest) in enumerate(payloads):
        nxt = payloads[i + 1][0] if i + 1 < len(payloads) else 0
        if len(rest) > 1:
            nxt = rest[1]
        chunks.append((label, gen(nxt, body, crit=bool(rest and rest[0]))))
    total = 28 + sum(len(c) for _, c in chunks)
    first = payloads[0][0] if payloads else 0
    h = struct.pack(">QQBBBBII", spii, spir, first, ver, exch, flags, msgid, length or total)
    with open(name, "w") as f:
        f.write("# " + comment + "\n# header\n" + h.hex(" ") + "\n")
        for label, c in chunks:
            f.write("# " + label + "\n" + c.hex(" ") + "\n")

SPII, SPIR = 0x1122334455667788, 0x99AABBCCDDEEFF00
nat = bytes(range(20))

sa2 = proposal(False, 1, 1, b"", [(1, 20, 256), (2, 7), (4, 20)]) + \
      proposal(True, 2, 1, b"", [(1, 12, 256), (2, 5), (3, 12), (4, 14)])
message("sa_init_request.hex",
        "IKEv2 IKE_SA_INIT request (I) msgid 0: SA with 2 proposals (AES-GCM-16-256/PRF-SHA2-512/ECP-384 and AES-CBC-256/PRF-SHA2-256/AUTH-SHA2-256-128/MODP-2048), KE ECP-384, Ni, N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP), V",
        SPII, 0, 0x20, 34, 0x08, 0,
        [(33, sa2, "SA"),
         (34, struct.pack(">HH", 20, 0) + bytes(96), "KE group 20, 96 bytes"),
         (40, bytes(range(32)), "Ni 32 bytes"),
         (41, notify(0, 16388, data=nat), "N NAT_DETECTION_SOURCE_IP"),
         (41, notify(0, 16389, data=nat[::-1]), "N NAT_DETECTION_DESTINATION_IP"),
         (43, b"CISCO-DELETE-REASON", "V")])

message("invalid_ke_response.hex",
        "IKEv2 IKE_SA_INIT response (R) msgid 0: N(INVALID_KE_PAYLOAD) asking for group 19",
        SPII, 0, 0x20, 34, 0x20, 0,
        [(41, notify(0, 17, data=struct.pack(">H", 19)), "N INVALID_KE_PAYLOAD group 19")])

message("no_proposal_response.hex",
        "IKEv2 IKE_SA_INIT response (R) msgid 0: N(NO_PROPOSAL_CHOSEN)",
        SPII, SPIR, 0x20, 34, 0x20, 0,
        [(41, notify(0, 14), "N NO_PROPOSAL_CHOSEN")])

message("ike_auth_sk.hex",
        "IKEv2 IKE_AUTH request (I) msgid 1: SK whose first inner payload is IDi (35)",
        SPII, SPIR, 0x20, 35, 0x08, 1,
        [(46, bytes(range(64)), "SK, 64 bytes IV+ciphertext+ICV", False, 35)])

message("ike_auth_skf.hex",
        "IKEv2 IKE_AUTH response (R) msgid 1: SKF fragment 1 of 3, first inner payload IDr (36)",
        SPII, SPIR, 0x20, 35, 0x20, 1,
        [(53, struct.pack(">HH", 1, 3) + bytes(48), "SKF 1/3", False, 36)])

message("informational_delete.hex",
        "IKEv2 INFORMATIONAL request (I) msgid 2 in clear (as a test peer may send it): D deleting the IKE SA",
        SPII, SPIR, 0x20, 37, 0x08, 2,
        [(42, struct.pack(">BBH", 1, 0, 0), "D (IKE SA), critical bit set", True)])

# IKEv1 main mode message 1: SA (DOI IPsec, SIT_IDENTITY_ONLY) with one
# proposal, two ISAKMP transforms (AES-256/SHA2-256/group 14/PSK, 3DES/SHA/group 2), then VID.
def v1_transform(last, num, attrs):
    a = b"".join(attr_tv(t, v) for t, v in attrs)
    return struct.pack(">BBHBBH", 0 if last else 3, 0, 8 + len(a), num, 1, 0) + a
t1 = v1_transform(False, 1, [(1, 7), (14, 256), (2, 4), (4, 14), (3, 1)])
t2 = v1_transform(True, 2, [(1, 5), (2, 2), (4, 2), (3, 1)])
p1 = struct.pack(">BBHBBBB", 0, 0, 8 + len(t1) + len(t2), 1, 1, 0, 2) + t1 + t2
sa1 = struct.pack(">II", 1, 1) + p1
message("ikev1_main_mode.hex",
        "IKEv1 Identity Protection (Main Mode) message 1: SA (AES-256/SHA2-256/MODP-2048 or 3DES/SHA1/MODP-1024), VID",
        SPII, 0, 0x10, 2, 0x00, 0,
        [(1, sa1, "SA"), (13, bytes.fromhex("4048b7d56ebce88525e7de7f00d6c2d3"), "VID")])

message("ikev1_encrypted.hex",
        "IKEv1 Quick Mode with the encryption flag: only the header is readable",
        SPII, SPIR, 0x10, 32, 0x01, 0x635A2E6A,
        [(8, bytes(40), "encrypted HASH and the rest")])
