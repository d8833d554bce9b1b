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
// before indexing, and never panics on any input.
package ike
