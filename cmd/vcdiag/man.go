package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Man pages are written from the command tree itself (names, --help texts,
// flags, examples), the way cobra's doc generator lays them out: one page
// per command, vcdiag.1 and vcdiag-SUB.1, so they cannot say anything
// --help does not. cobra/doc itself needs github.com/cpuguy83/go-md2man,
// which is not among the dependencies this project may add; roff for
// these few sections is short enough to write here.

func newManCommand(s streams) *cobra.Command {
	return &cobra.Command{
		Use:    "man DIR",
		Short:  "Write the man pages (vcdiag.1, vcdiag-run.1, ...) into DIR",
		Hidden: true, // a build step ('make man'), not something to diagnose with
		Long: `man writes one man page per command into DIR (created if missing), from the
same texts as --help. Install them under a man1 directory of your MANPATH.`,
		Example: `  vcdiag man ./man && man ./man/vcdiag-run.1
  make man                          # the same, into bin/man`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			n, err := writeManPages(c.Root(), args[0])
			if err != nil {
				return &exitError{code: exitUnknown, err: err}
			}
			fmt.Fprintf(s.err, "%d man pages written to %s\n", n, args[0])
			return nil
		},
	}
}

// writeManPages writes a page for root and every visible command under it
// into dir, and returns how many.
func writeManPages(root *cobra.Command, dir string) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	n := 0
	var walkErr error
	walkCommands(root, func(c *cobra.Command) {
		if walkErr != nil || !manVisible(c) {
			return
		}
		path := filepath.Join(dir, manName(c)+".1")
		if err := os.WriteFile(path, manPage(c), 0o644); err != nil {
			walkErr = err
			return
		}
		n++
	})
	return n, walkErr
}

// manVisible leaves out hidden commands (this one, cobra's __complete)
// and help, as --help does.
func manVisible(c *cobra.Command) bool {
	for p := c; p != nil; p = p.Parent() {
		if p.Hidden || p.Name() == "help" {
			return false
		}
	}
	return true
}

// manName is the page name: the command path joined by dashes.
func manName(c *cobra.Command) string {
	return strings.ReplaceAll(c.CommandPath(), " ", "-")
}

// manPage renders one command's page in roff (man(7)).
func manPage(c *cobra.Command) []byte {
	var b bytes.Buffer
	p := func(f string, a ...any) { fmt.Fprintf(&b, f+"\n", a...) }
	root := c.Root()
	p(`.TH "%s" "1" "" "%s %s" "vcdiag manual"`, strings.ToUpper(manName(c)), root.Name(), roffEscape(root.Version))
	p(".SH NAME")
	p(`%s \- %s`, roffEscape(manName(c)), roffEscape(c.Short))
	p(".SH SYNOPSIS")
	p(`\fB%s\fP %s`, roffEscape(c.CommandPath()), roffEscape(strings.TrimPrefix(c.UseLine(), c.CommandPath())))
	p(".SH DESCRIPTION")
	desc := c.Long
	if desc == "" {
		desc = c.Short
	}
	roffParagraphs(&b, desc)
	if c.HasAvailableLocalFlags() {
		p(".SH OPTIONS")
		manFlags(&b, c.LocalFlags())
	}
	if c.HasAvailableInheritedFlags() {
		p(".SH OPTIONS INHERITED FROM PARENT COMMANDS")
		manFlags(&b, c.InheritedFlags())
	}
	if c.Example != "" {
		p(".SH EXAMPLES")
		p(".nf")
		p(".RS")
		for _, line := range strings.Split(strings.TrimRight(c.Example, "\n"), "\n") {
			p("%s", roffLine(line))
		}
		p(".RE")
		p(".fi")
	}
	if see := manSeeAlso(c); len(see) > 0 {
		p(".SH SEE ALSO")
		p("%s", strings.Join(see, ",\n"))
	}
	return b.Bytes()
}

// manFlags lists flags as tagged paragraphs: "-p, --profile=string",
// then the usage and default, as --help prints them.
func manFlags(b *bytes.Buffer, fs *pflag.FlagSet) {
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		name := `\fB\-\-` + roffEscape(f.Name) + `\fP`
		if f.Shorthand != "" {
			name = `\fB\-` + f.Shorthand + `\fP, ` + name
		}
		varname, usage := pflag.UnquoteUsage(f)
		if varname != "" {
			name += `=\fI` + roffEscape(varname) + `\fP`
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" && f.DefValue != "0" {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(b, ".TP\n%s\n%s\n", name, roffLine(usage))
	})
}

// manSeeAlso names the parent and the subcommands' pages.
func manSeeAlso(c *cobra.Command) []string {
	var see []string
	if c.HasParent() {
		see = append(see, fmt.Sprintf(`\fB%s\fP(1)`, roffEscape(manName(c.Parent()))))
	}
	var subs []string
	for _, sub := range c.Commands() {
		if manVisible(sub) {
			subs = append(subs, fmt.Sprintf(`\fB%s\fP(1)`, roffEscape(manName(sub))))
		}
	}
	sort.Strings(subs)
	return append(see, subs...)
}

// roffParagraphs writes text keeping its line breaks (the help texts are
// laid out by hand: lists, indented examples) and its blank lines as
// paragraph breaks.
func roffParagraphs(b *bytes.Buffer, text string) {
	b.WriteString(".nf\n")
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		if strings.TrimSpace(line) == "" {
			b.WriteString(".sp\n")
			continue
		}
		b.WriteString(roffLine(line) + "\n")
	}
	b.WriteString(".fi\n")
}

// roffLine escapes one line of text: a line starting with "." or "'"
// would be read as a request.
func roffLine(line string) string {
	line = roffEscape(line)
	if strings.HasPrefix(line, ".") || strings.HasPrefix(line, "'") {
		line = `\&` + line
	}
	return line
}

// roffEscape escapes roff's escape character and marks hyphens as minus
// signs, so that "--profile" can be searched and copied as typed.
func roffEscape(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	return strings.ReplaceAll(s, "-", `\-`)
}
