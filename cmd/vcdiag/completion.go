package main

import (
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/platform/registry"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/reports"
)

// completionHelp replaces the Long help of cobra's `completion` command:
// how to turn it on, and what it offers, which cobra's text cannot know.
const completionHelp = `completion prints a script that makes your shell complete vcdiag's
subcommands, flags and their values: report formats, platforms, the
simulator's scenarios (per --platform) and device faults, check IDs for
--skip, check IDs, rungs and platforms for 'explain', a platform's commands
for 'parse --command', YAML files for --profile, and the CPEs of that
profile for --cpe.`

const completionExample = `  source <(vcdiag completion bash)                      # this bash session
  vcdiag completion bash > /etc/bash_completion.d/vcdiag  # every bash session
  vcdiag completion zsh > "${fpath[1]}/_vcdiag"          # zsh (compinit on)
  vcdiag completion fish > ~/.config/fish/completions/vcdiag.fish`

// registerCompletions gives every enumerable flag and argument its values
// for shell completion. Flags are matched by name over the whole command
// tree, so a subcommand that adds --format or --skip gets its values
// without being listed here; the values come from the same lists the
// commands check against (reports, checks, sim, registry), never a copy.
func registerCompletions(root *cobra.Command) {
	// cobra adds its `completion` command only when the tree is executed;
	// build it now so that its help can say what is completed.
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Long, c.Example = completionHelp, completionExample
		}
	}
	walkCommands(root, func(c *cobra.Command) {
		for name, fn := range flagCompletions(c) {
			if c.Flags().Lookup(name) != nil {
				// An error means the flag already has its own function:
				// the command's own choice wins.
				_ = c.RegisterFlagCompletionFunc(name, fn)
			}
		}
		if c.Name() == "explain" && c.ValidArgsFunction == nil {
			c.ValidArgsFunction = completeExplainArg
		}
	})
	// cobra parses the command line of a completion request twice, which
	// the once-only flag guard (flagcheck.go) would refuse as a repeated
	// flag: `demo --platform linux --scenario <TAB>` would offer nothing.
	// A completion request runs nothing, so the guard is lifted for it.
	prev := root.PersistentPreRunE
	root.PersistentPreRunE = func(c *cobra.Command, args []string) error {
		if c.Name() == cobra.ShellCompRequestCmd {
			walkCommands(root, unguardFlags)
		}
		if prev != nil {
			return prev(c, args)
		}
		return nil
	}
}

// unguardFlags puts back the plain values of c's once-only flags.
func unguardFlags(c *cobra.Command) {
	unwrap := func(f *pflag.Flag) {
		if v, ok := f.Value.(*onceValue); ok {
			f.Value = v.Value
		}
	}
	c.Flags().VisitAll(unwrap)
	c.PersistentFlags().VisitAll(unwrap)
}

func walkCommands(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, sub := range c.Commands() {
		walkCommands(sub, fn)
	}
}

type completeFunc = func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective)

// flagCompletions are the value completions for c's flags, by flag name.
func flagCompletions(c *cobra.Command) map[string]completeFunc {
	platforms := func() []string {
		switch {
		case c.Flags().Lookup("scenario") != nil:
			return sim.Platforms // the simulator's dialects
		case c.Name() == "parse":
			return append(registry.Names(), "cisco_ios") // read as IOS-XE
		}
		return registry.Names()
	}
	return map[string]completeFunc{
		"format":   fixedValues(func() []string { return formatValues(c) }, false),
		"platform": fixedValues(platforms, false),
		"scenario": completeScenario,
		"fault": fixedValues(func() []string {
			return described(sim.FaultNames(), sim.FaultDescription)
		}, true),
		"skip": fixedValues(skipValues, true),
		"profile": func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return []cobra.Completion{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
		},
		"command": completeParseCommand,
		"cpe":     completeCPE,
	}
}

// completeCPE offers the CPE names of the --profile already on the command
// line (run, watch: --cpe NAME). Without a readable profile it offers
// nothing rather than guess.
func completeCPE(c *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	f := c.Flags().Lookup("cpe")
	path := flagValue(c, "profile")
	if f == nil || f.Value.Type() != "string" || path == "" {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	p, err := profile.Parse(b, path)
	if err != nil || p == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var names []string
	for _, cpe := range p.CPEs {
		names = append(names, cobra.CompletionWithDesc(cpe.Name, cpe.Host+" ("+cpe.Platform+")"))
	}
	return fixedValues(listOf(names), false)(c, nil, toComplete)
}

// formatValues are the formats c's --format accepts: the report formats,
// narrowed to those its help names (diff writes text and JSON only).
func formatValues(c *cobra.Command) []string {
	all := reports.Formats()
	f := c.Flags().Lookup("format")
	if f == nil {
		return all
	}
	var named []string
	for _, n := range all {
		for _, w := range strings.FieldsFunc(f.Usage, func(r rune) bool { return r == ',' || r == ' ' || r == ':' }) {
			if w == n {
				named = append(named, n)
				break
			}
		}
	}
	if len(named) == 0 {
		return all
	}
	return named
}

// fixedValues completes from a list ("value" or "value\tdescription"),
// made only when asked: every vcdiag run builds the command tree, few
// complete. multi is for the comma-separated list flags (--skip a,b): the
// values already typed are kept as the prefix of each candidate.
func fixedValues(list func() []string, multi bool) completeFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		values := list()
		prefix, last := "", toComplete
		if multi {
			if i := strings.LastIndex(toComplete, ","); i >= 0 {
				prefix, last = toComplete[:i+1], toComplete[i+1:]
			}
		}
		var out []cobra.Completion
		for _, v := range values {
			name, _, _ := strings.Cut(v, "\t")
			if strings.HasPrefix(name, last) && !strings.Contains(","+prefix, ","+name+",") {
				out = append(out, prefix+v)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// listOf is a list already made, for fixedValues.
func listOf(v []string) func() []string { return func() []string { return v } }

func described(names []string, desc func(string) string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = cobra.CompletionWithDesc(n, desc(n))
	}
	return out
}

// checkIDs are every check ID with its title, in ladder order.
func checkIDs() []string {
	var out []string
	for _, c := range checks.All(nil) {
		out = append(out, cobra.CompletionWithDesc(c.ID, c.Title))
	}
	return out
}

// skipValues are the check IDs and, per rung, RUNG.* (all its checks).
func skipValues() []string {
	out := checkIDs()
	for _, st := range explainStages() {
		out = append(out, cobra.CompletionWithDesc(st+".*", "every check of the "+st+" rung"))
	}
	return out
}

// flagValue is the value of c's flag name as typed so far ("" when c has
// no such flag).
func flagValue(c *cobra.Command, name string) string {
	if f := c.Flags().Lookup(name); f != nil {
		return f.Value.String()
	}
	return ""
}

// completeScenario offers the scenarios of the --platform already on the
// command line: a scenario a platform cannot show is not offered.
func completeScenario(c *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	plat := flagValue(c, "platform")
	var out []string
	for _, name := range sim.ScenarioNames(plat) {
		desc := ""
		if sc, err := sim.ScenarioFor(name, plat); err == nil {
			desc = sc.Description
		}
		out = append(out, cobra.CompletionWithDesc(name, desc))
	}
	return fixedValues(listOf(out), false)(c, nil, toComplete)
}

// completeExplainArg offers check IDs, rungs and platforms.
func completeExplainArg(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	values := checkIDs()
	for _, st := range explainStages() {
		values = append(values, cobra.CompletionWithDesc(st, "every check of the "+st+" rung"))
	}
	for _, p := range registry.Names() {
		values = append(values, cobra.CompletionWithDesc(p, "what vcdiag runs and judges on "+p))
	}
	return fixedValues(listOf(values), false)(c, args, toComplete)
}

// completeParseCommand offers the commands the --platform given reads
// (`parse --list`); on other commands --command takes any text.
func completeParseCommand(c *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if c.Name() != "parse" {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return fixedValues(func() []string { return planCommands(flagValue(c, "platform")) }, false)(c, nil, toComplete)
}
