package bundle

import (
	"strings"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform/registry"
)

// RewriteTranscript renders what the transcript reader understood of a
// customer's file back as a session log that reads to the same blocks
// (commands, outputs, hosts, times, samples), with every command and
// output redacted. Bundles carry this instead of the original: the
// original may hold what the reader drops (login banners, text typed and
// erased, pager debris) and a secret split by backspaces that only the
// reader's line cleaning joins up again.
//
// Blocks with a hostname are written after a prompt ("cpe1#show ..."),
// configuration-mode lines as "cpe1(config)#...", blocks without one as
// show-tech separators. A block with a time gets a "[2006-01-02 15:04:05.123]"
// line stamp (UTC).
func RewriteTranscript(tr *collectors.Transcript) string {
	var b strings.Builder
	b.WriteString("! " + registry.Redact(tr.Name) + ": rewritten by vcdiag from what it read, secrets redacted\n")
	last := ""
	for _, blk := range tr.Blocks {
		if !blk.At.IsZero() {
			b.WriteString(blk.At.UTC().Format("[2006-01-02 15:04:05.999999999] "))
		}
		cmd := registry.RedactCommand(blk.Command)
		if blk.ConfigMode {
			cmd = registry.RedactConfigCommand(blk.Command)
		}
		switch {
		case blk.Hostname == "":
			b.WriteString("------------------ " + cmd + " ------------------\n")
		case blk.ConfigMode:
			b.WriteString(blk.Hostname + "(config)#" + cmd + "\n")
		default:
			b.WriteString(blk.Hostname + "#" + cmd + "\n")
		}
		for _, l := range redactOutputLines(blk.Command, blk.Output) {
			b.WriteString(l + "\n")
		}
		last = blk.Hostname
	}
	if last != "" {
		// A bare prompt ends the last block, as a session log does.
		b.WriteString(last + "#\n")
	}
	return b.String()
}

// redactLines is the redaction of an output whose command is not known.
func redactLines(out string) []string { return parsers.Lines(registry.Redact(out)) }

// redactOutputLines is the output redaction RewriteTranscript applies:
// the output read in the light of the command typed (show snmp community
// lists communities under labels, show crypto isakmp key lists keys in a
// column).
func redactOutputLines(cmd, out string) []string {
	return parsers.Lines(registry.RedactOutput(cmd, out))
}
