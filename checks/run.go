package checks

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// RunOptions are the inputs of a run that do not come from the evidence.
type RunOptions struct {
	Version string
	// Now stamps the report; it is injected so reports are reproducible.
	Now time.Time
	// Skip lists check IDs not to run; they are reported as skip.
	Skip []string
	// Collection lists the CPEs whose collection failed (the pipeline
	// reads them from the collectors' errors). The report opens with them,
	// and the checks they leave unknown are grouped under them.
	Collection []CollectionFailure
	// Security says how host keys were trusted when weaker than
	// known_hosts; it goes into the report's header.
	Security []string
}

// Run walks the ladder for every tunnel of the profile, then the site
// checks, and returns the report. It never does I/O.
func Run(p *profile.Profile, ev *evidence.Site, opts RunOptions) *Report {
	rep := &Report{Schema: SchemaV1, VcdiagVersion: opts.Version, GeneratedAt: opts.Now,
		Profile: ProfileRef{Name: p.Name, Region: p.Region}, Security: slices.Clone(opts.Security)}
	// A copy: Run fills in the checks each failure leaves unknown.
	failures := make([]CollectionFailure, len(opts.Collection))
	for i, f := range opts.Collection {
		f.Checks = nil
		f.Missing = slices.Clone(f.Missing)
		failures[i] = f
	}
	if ev == nil {
		ev = &evidence.Site{}
	}
	rep.Notes = append(rep.Notes, ev.Notes...)
	for _, name := range ev.Names() {
		var repeats []string
		if f := failureOf(failures, name); f != nil {
			repeats = f.Repeats
		}
		for _, prob := range ev.CPE(name).Problems {
			if !slices.Contains(repeats, prob) { // said once, in the failure
				rep.Notes = append(rep.Notes, name+": "+prob)
			}
		}
		rep.Notes = append(rep.Notes, outputNotes(ev.CPE(name))...)
	}
	var statuses []Status
	for i := range p.Tunnels {
		t := p.Tunnels[i] // a copy: the caller's profile is never written to
		if t.Site == nil {
			t.Site = p
		}
		f := failureOf(failures, t.CPE)
		tr := runTunnel(&t, ev.CPE(t.CPE), wireFindings(&t, ev.Packets), opts.Skip, f)
		groupTunnel(&tr, f)
		rep.Tunnels = append(rep.Tunnels, tr)
		statuses = append(statuses, tr.Status)
	}
	for _, sc := range SiteChecks() {
		var r Result
		if slices.Contains(opts.Skip, sc.ID) {
			r = Result{Status: Skip, Summary: "skipped by --skip"}
		} else {
			r = sc.Run(p, ev, rep.Tunnels)
		}
		r = finish(r, sc.ID, sc.Hint, sc.Verify)
		r = groupSite(r, failures, tunnelCPEs(p))
		rep.SiteChecks = append(rep.SiteChecks, r)
		statuses = append(statuses, r.Status)
		if r.Status == Fail && r.ExplainedBy == "" {
			rep.SiteRootCauses = append(rep.SiteRootCauses, RootCause{Check: r.ID, Stage: StageSite, Summary: r.Summary, Hint: r.Hint})
		}
	}
	if len(failures) > 0 {
		rep.CollectionFailures = failures
	}
	rep.Status = Worst(statuses...)
	return rep
}

// tunnelCPEs are the CPEs the profile's tunnels run on, in order.
func tunnelCPEs(p *profile.Profile) []string {
	var cpes []string
	for _, t := range p.Tunnels {
		if !slices.Contains(cpes, t.CPE) {
			cpes = append(cpes, t.CPE)
		}
	}
	return cpes
}

// runTunnel walks one tunnel's ladder; wire holds what a packet capture
// shows for it, by check ID (see wire.go).
// failed, when set, is why the CPE's collection failed: when nothing was
// collected, every check is unknown for that one reason.
func runTunnel(t *profile.Tunnel, cpe *evidence.CPE, wire map[string]Result, skip []string, failed *CollectionFailure) TunnelReport {
	tr := TunnelReport{Name: t.Name, DC: string(t.DC), CPE: t.CPE}
	noEvidence := ""
	if failed != nil && failed.Nothing() {
		noEvidence = notCollectedSummary(*failed)
	} else if cpe == nil || len(cpe.Outputs) == 0 {
		noEvidence = "no evidence was collected from " + t.CPE
		if cpe != nil && len(cpe.Problems) > 0 {
			noEvidence += ": " + strings.Join(cpe.Problems, "; ")
		}
	} else if ti := findInterface(t, cpe); ti.Name != "" {
		tr.Interface = ti.Name
	}
	words := cpe.Words()
	// Every check is judged first; which rungs are blocked depends on the
	// root cause, which may sit above the first failure (causes outrank
	// symptoms).
	ladder := Ladder()
	results := make([]Result, len(ladder))
	for i, c := range ladder {
		var r Result
		switch {
		case slices.Contains(skip, c.ID):
			r = Result{Status: Skip, Summary: "skipped by --skip"}
		case noEvidence != "":
			r = unknown(noEvidence)
		default:
			r = c.Run(t, cpe)
		}
		if w, ok := wire[c.ID]; ok && r.Status != Skip {
			r = mergeWire(r, w)
		}
		results[i] = r
	}
	root := rootCause(ladder, results)
	var stageStatuses []Status
	for _, stage := range Stages() {
		sr := StageResult{Stage: stage}
		var statuses []Status
		for i, c := range ladder {
			if c.Stage != stage {
				continue
			}
			r := results[i]
			if root >= 0 && stageIndex(stage) > stageIndex(ladder[root].Stage) {
				// Blocked: no verdict, but what was measured stays.
				r = Result{Status: Skip, Summary: "blocked by " + ladder[root].ID, BlockedBy: ladder[root].ID, Values: r.Values}
			}
			r = finish(r, c.ID, c.Hint, words.Show(c.Verify.query(t, tr.Interface)))
			sr.Checks = append(sr.Checks, r)
			statuses = append(statuses, r.Status)
		}
		sr.Status = Worst(statuses...)
		tr.Stages = append(tr.Stages, sr)
		stageStatuses = append(stageStatuses, sr.Status)
	}
	if root >= 0 {
		r := resultByID(tr, ladder[root].ID)
		tr.RootCause = &RootCause{Check: r.ID, Stage: ladder[root].Stage, Summary: r.Summary, Hint: r.Hint}
	}
	tr.Status = Worst(stageStatuses...)
	return tr
}

// rootCause returns the index of the tunnel's root cause among results,
// or -1: the first failing check of the lowest failing rung, unless a
// proven cause on a higher rung explains that failure (Check.Explains),
// in which case the lowest such cause. The explained failure is marked.
func rootCause(ladder []Check, results []Result) int {
	first := -1
	for _, stage := range Stages() {
		for i, c := range ladder {
			if c.Stage == stage && results[i].Status == Fail {
				first = i
				break
			}
		}
		if first >= 0 {
			break
		}
	}
	if first < 0 {
		return -1
	}
	for _, stage := range Stages() {
		if stageIndex(stage) < stageIndex(ladder[first].Stage) {
			continue
		}
		for i, c := range ladder {
			if c.Stage != stage || i == first || results[i].Status != Fail || !results[i].Cause {
				continue
			}
			if slices.Contains(c.Explains, ladder[first].ID) {
				for j, s := range ladder {
					if results[j].Status == Fail && stageIndex(s.Stage) < stageIndex(c.Stage) && slices.Contains(c.Explains, s.ID) {
						results[j].ExplainedBy = c.ID
						results[j].Summary += " (explained by " + c.ID + ")"
					}
				}
				return i
			}
		}
	}
	return first
}

func resultByID(tr TunnelReport, id string) Result {
	r, _ := resultOf(tr, id)
	return r
}

// finish stamps a result with its check's ID, hint and verify command, and
// enforces the rules no check may break: a verdict without evidence is
// unknown (never a false pass), and cited lines never carry secrets.
func finish(r Result, id, hint, verify string) Result {
	r.ID = id
	if r.Hint == "" {
		r.Hint = hint
	}
	if r.Verify == "" {
		r.Verify = verify
	}
	if (r.Status == Pass || r.Status == Warn || r.Status == Fail) && !cited(r.Evidence) {
		r.Summary = "internal: " + r.Status.String() + " without evidence lines, reported as unknown: " + r.Summary
		r.Status = Unknown
	}
	for i := range r.Evidence {
		for j, l := range r.Evidence[i].Lines {
			r.Evidence[i].Lines[j] = scrub(l)
		}
	}
	if r.Evidence == nil {
		r.Evidence = []Citation{}
	}
	return r
}

func cited(cs []Citation) bool {
	for _, c := range cs {
		if len(c.Lines) > 0 {
			return true
		}
	}
	return false
}

// secretRE matches keywords followed by a secret. Platforms redact
// outputs already; this is the last line of defence for anything cited.
var secretRE = regexp.MustCompile(`(?i)\b(password|pre-shared-key|key-string|secret|key)(\s+(?:local\s+|remote\s+)?(?:[0-9]\s+)?)(\S+)`)

// scrub masks the value after a secret keyword in a cited line.
func scrub(line string) string {
	if !secretRE.MatchString(line) {
		return line
	}
	return secretRE.ReplaceAllStringFunc(line, func(m string) string {
		sub := secretRE.FindStringSubmatch(m)
		if strings.EqualFold(sub[1], "key") && (strings.HasPrefix(sub[3], "disabled") || strings.HasPrefix(sub[3], "(")) {
			return m // "Tunnel key disabled", not a secret
		}
		return sub[1] + sub[2] + "<redacted>"
	})
}

// stageIndex is a stage's position on the ladder (site checks last).
func stageIndex(s Stage) int {
	if i := slices.Index(Stages(), s); i >= 0 {
		return i
	}
	return len(Stages())
}
