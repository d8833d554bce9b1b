// Package platform is the seam between vcdiag's platform-neutral core and
// the CPE operating systems it reads. A Platform says, for one operating
// system, what to run on a CPE (the command plan for the facts the ladder
// asks for), how to recognise and read those commands' outputs into the
// facts of package evidence, how the device says a command failed, which
// commands are read-only (its allowlist), which text is secret (its
// redaction rules), how to drive its CLI over SSH (prompt, pager, setup
// commands, scrapligo platform) and how to say commands and fixes in its
// own words (evidence.Dialect).
//
// Everything a platform says in its own words lives in its package
// (platform/iosxe, ...). The registry (platform/registry) maps a profile's
// cpes[].platform to an implementation, one line per platform; checks/
// never imports either. The simulated CPE (collectors/sim) is a fake
// device behind the same SSH path, not a Platform.
package platform
