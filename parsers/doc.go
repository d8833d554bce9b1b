// Package parsers holds the vendor-neutral, typed records that platform
// parsers (see parsers/iosxe) produce from device show output, plus the
// shared pieces every parser uses: ParseError, Span and algorithm-name
// normalisation.
//
// Parsers never do I/O and never judge: they turn text into typed values and
// say exactly which line they could not read. Secrets (pre-shared keys,
// passwords, key strings) are never kept in a parsed record: a record says a
// secret is present, never what it is.
package parsers
