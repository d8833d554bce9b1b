package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform/registry"
	"github.com/vcdiag/vcdiag/reports"
)

type parseOptions struct {
	platform string
	command  string
	indent   string // "auto", "yes" or "no"
	list     bool
}

func newParseCommand(s streams) *cobra.Command {
	o := parseOptions{}
	cmd := &cobra.Command{
		Use:   "parse (--command CMD [FILE|-] | --list [--platform P])",
		Short: "Parse one command's output and print the typed result as JSON",
		Long: `parse reads the output of one show command (from FILE, or standard input
when FILE is "-" or absent) and prints what vcdiag understood, as JSON.
Use it to check a customer's output before a diagnosis, or to feed other tools.

An output with none of its command's structure (random bytes, a binary file,
the output of another command) is an error that names the file, the line and
what was expected, with exit code 3. What a router prints when there is
nothing to show (an empty BGP table, a "| section" that matched nothing, no
SAs, "% Network not in table", "% No such neighbor") is an empty answer.
In the JSON a value the output did not print is left out, never -1.

Which commands: 'vcdiag parse --list' lists, per platform, the commands
vcdiag runs there (with the kind parse reports) and the other forms it reads;
'--list --platform P' only P's. Abbreviations ("sh cry ikev2 sa det") and
output filters ("| include X") are read wherever the device accepts them.
Shell completion ('vcdiag completion --help') offers them for --command.`,
		Example: `  vcdiag parse --list                                      # every platform's commands
  vcdiag parse --list --platform juniper_junos
  vcdiag parse --command "show crypto ikev2 sa detail" ikev2.txt
  ssh cpe1 "show ip bgp summary" | vcdiag parse --command "show ip bgp summary"
  vcdiag parse --command "sh cry ipsec sa det" ipsec.txt   # abbreviations are fine
  vcdiag parse --platform linux --command "swanctl --list-sas" sas.txt
  vcdiag parse --platform linux --command "vtysh -c 'show bgp summary json'" summary.json
  vcdiag parse --platform juniper_junos --command "show security ike security-associations" ike.txt
  vcdiag parse --platform fortinet_fortios --command "diagnose vpn tunnel list" tunnels.txt
  vcdiag parse --platform paloalto_panos --command "show vpn flow" flow.txt`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if o.list {
				names, err := parseListPlatforms(o.platform, c.Flags().Changed("platform"))
				if err != nil {
					return err
				}
				return listParseCommands(s.out, names)
			}
			if o.command == "" {
				// Checked here rather than by cobra: --list needs no command.
				return fmt.Errorf(`required flag "command" not set; 'vcdiag parse --list' lists the commands`)
			}
			name := "-"
			if len(args) == 1 {
				name = args[0]
			}
			return runParse(s, o, name)
		},
	}
	cmd.Flags().StringVar(&o.platform, "platform", "cisco_iosxe", "device platform: cisco_iosxe (cisco_ios is read the same way), linux (swanctl, ip, vtysh, ping, journalctl outputs), juniper_junos, fortinet_fortios or paloalto_panos")
	cmd.Flags().StringVar(&o.command, "command", "", "the command whose output this is, e.g. \"show crypto ikev2 sa\" (required unless --list; --list shows them)")
	cmd.Flags().StringVar(&o.indent, "indent", "auto", "indent the JSON: auto (when writing to a terminal), yes, no")
	cmd.Flags().BoolVar(&o.list, "list", false, "list the commands each platform reads (with --platform: that platform's), then exit")
	return cmd
}

func runParse(s streams, o parseOptions, file string) error {
	name := o.platform
	if name == "cisco_ios" {
		name = "cisco_iosxe" // classic IOS output is read by the IOS-XE parsers
	}
	plat, err := registry.Lookup(name)
	if err != nil {
		return err
	}
	c, ok := plat.Identify(o.command)
	if !ok {
		return fmt.Errorf("no parser for command %q on %s; 'vcdiag parse --list --platform %s' lists the commands it reads", o.command, plat.Name(), plat.Name())
	}
	var r io.Reader = s.in
	display := "<stdin>"
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		r, display = f, file
	}
	text, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("read %s: %w", display, err)
	}
	v, err := plat.Parse(c, string(text))
	if err != nil {
		return parseError(display, c.Text, err)
	}
	// Indenting costs three times the encoding itself on a 100k-route
	// table, so only a person reading a terminal gets it by default.
	indent := o.indent == "yes" || o.indent == "auto" && reports.IsTerminal(s.out)
	w := bufio.NewWriterSize(s.out, 256<<10)
	if a, ok := v.(jsonAppender); ok {
		// Large BGP tables: the type's own encoder, byte for byte what
		// encoding/json writes, without reflection.
		out := a.AppendJSON(make([]byte, 0, len(text)*2))
		if indent {
			var b bytes.Buffer
			if err := json.Indent(&b, out, "", "  "); err != nil {
				return err
			}
			out = b.Bytes()
		}
		if _, err := w.Write(append(out, '\n')); err != nil {
			return err
		}
		return w.Flush()
	}
	enc := json.NewEncoder(w)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return err
	}
	return w.Flush()
}

// parseError names the input, the line where the parser gave up, the
// command and why: "case.txt:1: no line of it looks like show ip bgp
// output: expected ...: "<the line>"". The line is quoted and cut short: it
// may be binary, and as long as the whole input.
func parseError(display, cmd string, err error) error {
	var pe *parsers.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("%s: %s: %w", display, cmd, err)
	}
	msg := pe.Msg
	if name, _, _ := strings.Cut(cmd, " |"); !strings.Contains(msg, name) {
		msg = cmd + ": " + msg
	}
	if pe.Line == 0 {
		return fmt.Errorf("%s: %s", display, msg)
	}
	text := pe.Text
	if len(text) > 80 {
		text = text[:80] + "..."
	}
	return fmt.Errorf("%s:%d: %s: %q", display, pe.Line, msg, text)
}

// jsonAppender is a parse result with its own JSON encoder.
type jsonAppender interface{ AppendJSON([]byte) []byte }
