// Package textsafe makes untrusted text safe to show to a person: router
// output, session logs, bundles and profiles may carry terminal escape
// sequences, C1 controls, bidirectional overrides and bytes that are not
// UTF-8, and none of them may reach a terminal, a ticket, a web page or a
// CI report as they are.
//
// String replaces every such rune or byte with a visible escape, in one
// convention for every format:
//
//	invalid UTF-8 byte, C0 control, DEL   \xHH        ("\x1b", "\x9b", "\x00")
//	line feed, carriage return            \n, \r
//	C1 control, format character (bidi    \uHHHH      ("\u009b", "\u202e", "\u200b")
//	controls, zero-width characters),     \UHHHHHHHH  (above U+FFFF: tag characters)
//	line and paragraph separators,
//	U+FFFE, U+FFFF
//
// Everything else is kept as it is, tab included (a device prints tabs,
// they cannot hide or rewrite text, and XML 1.0 allows them): printable
// ASCII, '%', '#', '<', '\' and every letter of every script. A backslash the
// device printed is not doubled, so "\x1b" in a report may also be those
// four characters as typed; the raw bytes are kept only in a bundle's
// transcript, which is evidence.
//
// Copy applies String to every string of a value, at any depth, through
// reflection: a field added to a report later is covered without a line
// of code here. The package never changes its input: it returns a copy.
//
// What it does not do: it does not judge confusable letters (a Cyrillic
// 'а' for a Latin 'a'), combining marks, or escaping for a format's own
// syntax (HTML, Markdown, XML): renderers still escape for where text lands.
package textsafe
