// Package ike decodes IKE messages (IKEv2, RFC 7296, and IKEv1/ISAKMP,
// RFC 2408, recognised and labelled) as a gopacket layer usable with
// gopacket.DecodingLayerParser, and demultiplexes UDP 4500 (RFC 3948):
// a 4-byte zero non-ESP marker precedes IKE, a single 0xFF byte is a NAT
// keepalive, anything else is ESP-in-UDP.
//
// What is cleartext is decoded: the header, SA proposals with their
// transforms named as IANA does, KE group, Notify (error and status types
// by name; INVALID_KE_PAYLOAD's requested group), NAT detection, vendor
// IDs, fragments. An Encrypted (SK) payload is recognised as such and its
// content is never guessed at. Decoding is pure, checks every length
// before indexing, and never panics on any input: a payload whose length
// overruns the message, or a chain that never ends, stops the walk with a
// *DecodeError naming the payload and offset, while the header and the
// payloads before it stay readable. A message cut by the snap length is
// decoded as far as it goes and marked Truncated.
//
// IKEv1 messages are labelled by MajorVersion 1; their SA proposals are
// expanded into IKEv2-style transforms (ENCR, PRF, KE, INTEG) so one
// profile compares against both versions, and an encrypted IKEv1 message
// is one Encrypted payload. Transform.Normalized spells algorithms as
// package parsers does for profiles ("aes-gcm-256", "sha512", "19").
//
// The package does no I/O and registers no UDP ports with gopacket: the
// caller hands it UDP 500 payloads, and UDP 4500 ones after DemuxNATT.
package ike
