package reports

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/reports/textsafe"
)

// FleetRenderer writes a fleet rollup in one format.
type FleetRenderer func(w io.Writer, f *checks.Fleet, o Options) error

// fleetRenderers are the rollup's formats: the same names as a report's,
// less those that make no sense for many sites at once.
var fleetRenderers = map[string]FleetRenderer{
	"html":  FleetHTML,
	"json":  FleetJSON,
	"junit": FleetJUnit,
	"text":  FleetText,
}

// LookupFleet returns the rollup renderer for a format name.
func LookupFleet(format string) (FleetRenderer, error) {
	if r, ok := fleetRenderers[format]; ok {
		return r, nil
	}
	return nil, fmt.Errorf("unknown fleet format %q (valid: html, json, junit, text)", format)
}

// presentFleet hands a renderer a copy of f whose device-sourced text has
// been made safe, as present does for one report.
func presentFleet(w io.Writer, f *checks.Fleet, o Options, layout FleetRenderer) error {
	if f == nil {
		return errNilReport
	}
	return layout(w, textsafe.Copy(f), o)
}

// FleetText writes the rollup a NOC reads first: one line of counts, then
// one line per site, worst first, each with its root cause in a line.
func FleetText(w io.Writer, f *checks.Fleet, o Options) error {
	return presentFleet(w, f, o, writeFleetText)
}

func writeFleetText(w io.Writer, f *checks.Fleet, o Options) error {
	pl := newPalette(o.Color)
	var b strings.Builder
	shard := ""
	if f.Shard != "" {
		shard = " (shard " + f.Shard + ")"
	}
	fmt.Fprintf(&b, "Virtual Connect fleet%s: %d sites, %d CPEs: %s\n", shard, f.Counts.Sites, f.Counts.CPEs, fleetCounts(f.Counts))
	if !f.GeneratedAt.IsZero() {
		fmt.Fprintf(&b, "Generated %s by vcdiag %s\n", formatTime(f.GeneratedAt), f.VcdiagVersion)
	}
	b.WriteString("\n")
	nameW, regionW := len("SITE"), len("REGION")
	for _, s := range f.Sites {
		nameW, regionW = max(nameW, width(s.Name)), max(regionW, width(s.Region))
	}
	fmt.Fprintf(&b, "%-7s  %s  %s  %s\n", "STATUS", pad("SITE", nameW), pad("REGION", regionW), "ROOT CAUSE")
	for _, s := range f.Sites {
		word := strings.ToUpper(statusWord(s.Status))
		cause := s.Headline()
		if cause == "" {
			cause = "-"
		}
		fmt.Fprintf(&b, "%s  %s  %s  %s\n", pl.paint(s.Status, pad(word, 7)), pad(s.Name, nameW), pad(orDash(s.Region), regionW), cause)
	}
	if worst := f.ExitCode(); worst != 0 {
		fmt.Fprintf(&b, "\nExit %d: %s. Each site's report names the fix; 'vcdiag explain CHECK' says more.\n", worst, exitMeaning(worst))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// fleetCounts is "2 fail, 1 unknown, 0 warn, 47 pass".
func fleetCounts(c checks.FleetCounts) string {
	return fmt.Sprintf("%d fail, %d unknown, %d warn, %d pass", c.Fail, c.Unknown, c.Warn, c.Pass)
}

// FleetJSON writes the vcdiag.fleet/v1 envelope: the counts, then every
// site with its status, root causes and whole vcdiag.report/v1 report.
func FleetJSON(w io.Writer, f *checks.Fleet, o Options) error {
	return presentFleet(w, f, o, func(w io.Writer, f *checks.Fleet, _ Options) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(f); err != nil {
			return fmt.Errorf("write fleet JSON: %w", err)
		}
		return nil
	})
}

var fleetTemplate = template.Must(template.New("fleet.html.tmpl").Funcs(template.FuncMap{
	"sclass": func(s checks.Status) string { return "s-" + statusWord(s) },
	"ssym":   statusSymbol,
	"sword":  statusWord,
	"supper": func(s checks.Status) string { return strings.ToUpper(statusWord(s)) },
}).ParseFS(htmlFiles, "html/fleet.html.tmpl"))

type fleetView struct {
	*checks.Fleet
	CSS       template.CSS
	Generated string
	Sites     []fleetSiteView
}

type fleetSiteView struct {
	checks.FleetSite
	Link   string
	Causes []string
	Took   string
}

// FleetHTML writes the rollup as an index page: one row per site, worst
// first, linking each site's own HTML report (FleetSite.Files["html"]).
func FleetHTML(w io.Writer, f *checks.Fleet, o Options) error {
	return presentFleet(w, f, o, func(w io.Writer, f *checks.Fleet, _ Options) error {
		v := fleetView{Fleet: f, CSS: htmlCSS, Generated: formatTime(f.GeneratedAt)}
		for _, s := range f.Sites {
			sv := fleetSiteView{FleetSite: s, Link: s.Files["html"], Took: (time.Duration(s.Duration * float64(time.Second))).Round(100 * time.Millisecond).String()}
			for _, c := range s.Causes {
				sv.Causes = append(sv.Causes, c.Line())
			}
			if s.Error != "" && len(s.Causes) == 0 {
				sv.Causes = []string{"not diagnosed: " + s.Error}
			}
			v.Sites = append(v.Sites, sv)
		}
		if err := fleetTemplate.Execute(w, v); err != nil {
			return fmt.Errorf("write fleet HTML: %w", err)
		}
		return nil
	})
}

// FleetJUnit writes one <testsuite> per site, one <testcase> per check
// (classname "<tunnel>.<stage>", as JUnit does for one site), with the
// statuses mapped as JUnit documents; a site that could not be diagnosed
// is one errored testcase.
func FleetJUnit(w io.Writer, f *checks.Fleet, o Options) error {
	return presentFleet(w, f, o, writeFleetJUnit)
}

func writeFleetJUnit(w io.Writer, f *checks.Fleet, _ Options) error {
	doc := junitSuites{Name: "vcdiag fleet"}
	stamp := ""
	if !f.GeneratedAt.IsZero() {
		stamp = f.GeneratedAt.UTC().Format("2006-01-02T15:04:05")
	}
	for _, site := range f.Sites {
		s := junitSuite{Name: site.Name, Timestamp: stamp, Properties: []junitProperty{
			{"region", site.Region}, {"status", site.Status.String()}, {"exit_code", strconv.Itoa(site.ExitCode)}}}
		for _, c := range site.Causes {
			s.Properties = append(s.Properties, junitProperty{"root_cause", c.Line()})
		}
		if r := site.Report; r != nil {
			for _, t := range r.Tunnels {
				for _, st := range t.Stages {
					for _, res := range st.Checks {
						s.add(newTestcase(t.Name+"."+string(st.Stage), res))
					}
				}
			}
			for _, res := range r.SiteChecks {
				s.add(newTestcase(string(checks.StageSite), res))
			}
		} else {
			s.add(junitCase{Name: "diagnosis", Classname: "site",
				Error: &junitProblem{Message: "not diagnosed: " + site.Error, Type: "unknown", Body: xmlText(site.Error)}})
		}
		doc.add(s)
	}
	doc.Properties = []junitProperty{{"status", f.Status.String()}, {"exit_code", strconv.Itoa(f.ExitCode())},
		{"vcdiag_version", f.VcdiagVersion}}
	if err := encodeJUnit(w, doc); err != nil {
		return fmt.Errorf("write fleet JUnit: %w", err)
	}
	return nil
}
