package iosxe

import (
	"fmt"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform"
)

// forbidden are exec commands that change or disturb a router. They are
// listed only to name them in refusals: anything not allowed is refused.
var forbidden = []string{
	"configure", "copy", "write", "reload", "clear", "debug", "undebug", "delete",
	"erase", "test", "request", "send", "tclsh", "event", "format", "rename", "mkdir",
	"rmdir", "squeeze", "install", "license", "crypto", "monitor", "archive",
	"disable", "exit", "logout", "reset", "upgrade", "telnet", "ssh", "traceroute",
	"more", "dir", "verify", "setup", "no", "default", "resume", "where",
}

// pipeWriters are the output modifiers that write files or sessions.
var pipeWriters = []string{"append", "redirect", "tee", "format"}

// pipeReaders are the output modifiers that only filter.
var pipeReaders = []string{"include", "exclude", "begin", "section", "count"}

// fileSystems are IOS-XE file system prefixes: a show command naming one
// ("to-file bootflash:x") may write to it.
var fileSystems = []string{
	"flash", "bootflash", "harddisk", "nvram", "tftp", "ftp", "rcp", "scp", "sftp",
	"http", "https", "usbflash0", "usbflash1", "crashinfo", "system", "tmpsys",
	"null", "disk0", "slot0", "webui", "cns", "xmodem", "ymodem", "syslog", "stby-bootflash",
}

// allowed accepts only commands that read: "show ..." (with filtering
// pipes only), "ping TARGET ..." (never the interactive bare ping),
// "terminal length N", "terminal width N", "terminal no monitor",
// "terminal exec prompt timestamp", and a bare "enable" (needed to reach
// privileged exec for show running-config). Case, extra blanks and IOS
// abbreviations are normalised first, so "sh run" passes and "conf t",
// "wr" and "cle ip bgp *" are refused. A refusal wraps platform.ErrNotAllowed.
func allowed(cmd string) error {
	refuse := func(why string) error {
		return fmt.Errorf("%w: %q: %s", platform.ErrNotAllowed, cmd, why)
	}
	for _, r := range cmd {
		switch {
		case r == ';' || r == '\n' || r == '\r':
			return refuse("one command per line: no ';' or line breaks")
		case r < 0x20 || r == 0x7f:
			return refuse("control characters are not allowed")
		case r > 0x7e:
			return refuse("non-ASCII characters are not allowed")
		case r == '?':
			return refuse("context help '?' is interactive")
		}
	}
	words := strings.Fields(strings.ToLower(cmd))
	if len(words) == 0 {
		return refuse("empty command")
	}
	verb := words[0]
	switch {
	case verb == "s" || isAbbrev(verb, "show", 2):
		return allowShow(cmd, words[1:], refuse)
	case verb == "p" || isAbbrev(verb, "ping", 2):
		return allowPing(words[1:], refuse)
	case isAbbrev(verb, "terminal", 3):
		return allowTerminal(words[1:], refuse)
	case isAbbrev(verb, "enable", 2):
		if len(words) > 1 {
			return refuse("only a bare \"enable\" is allowed")
		}
		return nil
	}
	for _, f := range forbidden {
		if isAbbrev(verb, f, 1) {
			return refuse(fmt.Sprintf("%q (%s) is not a read-only command", verb, f))
		}
	}
	return refuse("only show, ping, terminal length|width|no monitor|exec prompt timestamp and enable are allowed")
}

// isAbbrev reports whether w abbreviates full with at least min letters.
func isAbbrev(w, full string, min int) bool {
	return len(w) >= min && len(w) <= len(full) && strings.HasPrefix(full, w)
}

func allowShow(cmd string, args []string, refuse func(string) error) error {
	if len(args) == 0 {
		return refuse("show needs what to show")
	}
	if err := checkPipes(cmd, refuse); err != nil {
		return err
	}
	// Outside the filter patterns, refuse words that name a file.
	head, _, _ := strings.Cut(strings.ToLower(cmd), "|")
	for _, w := range strings.Fields(head) {
		if w == "to-file" || strings.HasPrefix(w, "to-file") {
			return refuse("show ... to-file writes a file")
		}
		if fs, _, ok := strings.Cut(w, ":"); ok {
			for _, f := range fileSystems {
				if fs == f {
					return refuse(fmt.Sprintf("%q names a file system", w))
				}
			}
		}
		if strings.ContainsAny(w, "<>") {
			return refuse("'<' and '>' are only allowed in filter patterns")
		}
	}
	return nil
}

// checkPipes accepts only filtering output modifiers. Every '|' starts a
// segment whose first word must abbreviate a filter and no writer: a
// pattern such as "include a|redirect" is refused rather than guessed at.
func checkPipes(cmd string, refuse func(string) error) error {
	segs := strings.Split(strings.ToLower(cmd), "|")
	for _, seg := range segs[1:] {
		w := strings.Fields(seg)
		if len(w) == 0 {
			return refuse("empty pipe")
		}
		for _, bad := range pipeWriters {
			if isAbbrev(w[0], bad, 1) {
				return refuse(fmt.Sprintf("output modifier %q (%s) writes output somewhere", w[0], bad))
			}
		}
		ok := false
		for _, good := range pipeReaders {
			if isAbbrev(w[0], good, 1) {
				ok = true
			}
		}
		if !ok {
			return refuse(fmt.Sprintf("output modifier %q is not a filter (include, exclude, begin, section, count)", w[0]))
		}
	}
	return nil
}

func allowPing(args []string, refuse func(string) error) error {
	if len(args) == 0 {
		return refuse("a bare ping is interactive: give a target")
	}
	for _, a := range args {
		if strings.Contains(a, "|") {
			return refuse("no output modifiers on ping")
		}
	}
	i := 0
	if args[i] == "ip" {
		i++
	}
	if i < len(args) && args[i] == "vrf" {
		i += 2
	}
	if i >= len(args) {
		return refuse("ping without a target is interactive")
	}
	return nil
}

func allowTerminal(args []string, refuse func(string) error) error {
	match := func(want ...string) bool {
		if len(args) != len(want) {
			return false
		}
		for i, w := range want {
			switch {
			case w == "N":
				if !parsers.IsDigits(args[i]) || len(args[i]) > 3 {
					return false
				}
			case w == "no":
				if args[i] != "no" {
					return false
				}
			case !isAbbrev(args[i], w, min(3, len(w))):
				return false
			}
		}
		return true
	}
	if match("length", "N") || match("width", "N") || match("no", "monitor") ||
		match("exec", "prompt", "timestamp") {
		return nil
	}
	return refuse("only terminal length N, width N, no monitor and exec prompt timestamp are allowed")
}
