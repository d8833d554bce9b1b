// Package iosxe parses Cisco IOS and IOS-XE show output into the typed,
// vendor-neutral records of package parsers.
//
// One file per command family. Every parser is pure (no I/O), tolerant of
// what devices vary in (column widths, CRLF, a missing final newline, the
// "Load for five secs" banner, IPv6 layouts, wrapped lines) and strict where
// the ladder depends on a value: a line it cannot read in a position where a
// value is required is a *parsers.ParseError naming that line. Secrets in
// configuration (keys, passwords) are never copied into a record.
package iosxe
