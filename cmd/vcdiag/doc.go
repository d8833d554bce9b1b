// Command vcdiag diagnoses Webex Calling Dedicated Instance Virtual Connect
// links: two GRE-over-IPsec (IKEv2) tunnels with eBGP from a customer router
// to two Cisco data centers. See README.md.
//
// This package is only the command line: one file per subcommand, each
// parsing its flags into an options struct and calling collectors, checks
// and reports. It holds no diagnosis logic, and only main calls os.Exit.
package main
