// Package linux is the platform of a Linux CPE that terminates Virtual
// Connect with strongSwan (IKEv2 and ESP, driven with swanctl over vici),
// FRR (eBGP, read with vtysh) and iproute2 (the GRE interfaces). VyOS and
// many cloud appliances run the same stack underneath.
//
// Everything Linux says in its own words lives here and in the parser
// packages below it (swanctl, iproute, frr): the read-only allowlist of
// exact argv shapes, command identification (vtysh commands typed as
// `vtysh -c '...'` or pasted from a vtysh session), the collection plan,
// the reading of outputs into platform-neutral facts, the words of
// commands and fixes, and redaction of strongSwan and FRR secrets.
//
// What vcdiag never runs here: `ip xfrm state` and `ip xfrm policy` (they
// print keys), anything that reads swanctl.conf, ipsec.secrets or frr.conf
// (secrets), sudo, and anything with shell syntax (pipes, redirections,
// substitutions, globs, several commands).
package linux
