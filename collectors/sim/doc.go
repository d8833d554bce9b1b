// Package sim models a Virtual Connect site (one or two Cisco IOS-XE 17
// CPEs, two GRE-over-IPsec tunnels to DC-A and DC-B, eBGP over each) and
// renders, for every command the diagnosis reads, the text a real router
// would print in that state.
//
// The model is a plain value (Site): the CPE configuration as the customer
// typed it, the behaviour of the far end and the path (Faults), and the
// traffic. What the router shows is derived from those, rung by rung, the
// way the protocols would make it: no IKE SA means no IPsec SA, no GRE
// round trip means keepalives take the line protocol down, and so on. So a
// failing scenario also shows the realistic picture above the failure.
//
// Counters, SA ages and BGP up times advance with the time passed to
// Render, deterministically (no randomness, no clock reads): everything is
// derived from Site.Start.
//
// Rendering is separate from any transport: Render returns the command's
// output text (no prompt, no echo) or ErrInvalidInput, which a CLI layer
// turns into "% Invalid input detected at '^' marker.". WriteTranscript
// wraps renderings in a terminal session log.
//
// Server is that CLI layer over SSH (golang.org/x/crypto/ssh): one server
// per CPE, an IOS-XE-like vty session (prompts, enable, terminal settings,
// --More--, caret errors) around Render, DeviceFaults for the router's own
// misbehaviour (refused logins, slowness, drops, paging, an old release, a
// silent port), and a log of every command received, which the e2e tests
// check against the collector's allowlist. StartSite serves every CPE of a
// site; WriteProfile writes the profile to reach them. StartFleet serves
// many sites at once, divided among scenarios by a Mix, and
// Fleet.WriteFiles writes their profiles and an inventory. A server's
// Latency delays every answer like a real router's. docs/simulator.md
// describes what is emulated and what is not.
//
// Scenarios lists the failure modes with the root cause the ladder must
// find; the generated transcripts in testdata/transcripts come from it.
// The package never reads files at run time; Fleet.WriteFiles is the one
// place it writes them.
package sim
