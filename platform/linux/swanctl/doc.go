// Package swanctl parses the text output of strongSwan's swanctl on a Linux
// CPE (strongSwan 5.9.x as Debian 12 ships it, 5.9.8 seen in the lab
// captures) into typed records:
//
//   - `swanctl --list-sas`   ParseListSAs: IKE_SAs with their CHILD_SAs
//   - `swanctl --list-conns` ParseListConns: loaded connections (config view)
//   - `swanctl --version`    ParseVersion
//
// Every record carries the parsers.Span of the lines it was read from, and
// an output none of whose lines has the command's structure is a
// *parsers.ParseError naming the line it stopped at. An empty answer
// (swanctl prints nothing when there is no SA or no connection) is a valid,
// empty result.
//
// Parsers are pure: no I/O, no verdicts. Deliberately ignored: the --raw and
// --pretty vici dumps, unknown indented lines a later release may add
// (skipped, so that a new field never breaks a diagnosis), and secrets,
// which swanctl never prints in these commands and which no record has a
// field for. --list-conns prints no proposals, so Conn has none.
package swanctl
