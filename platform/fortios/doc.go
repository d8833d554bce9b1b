// Package fortios is the platform of a FortiGate (FortiOS) CPE that
// terminates Virtual Connect with route-based IPsec (phase1-interface,
// IKEv2), GRE (config system gre-tunnel) and eBGP.
//
// Everything FortiOS says in its own words lives here and in the parse
// package below it: the read-only allowlist of exact command shapes
// (get, show, the two "diagnose vpn ... list" tables, execute ping and
// its ping-options), command identification (abbreviated keywords, a
// "| grep" filter), the collection plan, the reading of outputs into
// platform-neutral facts, the words of commands and fixes, and redaction
// of configuration secrets and the IKE and ESP keys the VPN tables print.
//
// What vcdiag never runs here: config, set, unset, end, next (no
// configuration change, not even "config system console / set output
// standard": the pager is paged instead), any execute but ping and
// ping-options, any diagnose but the two VPN lists (never debug, tunnel
// flush/up/down/reset, sys kill). The package never judges.
package fortios
