package reports

import (
	"reflect"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/checks"
)

// uncollectedReport: cpe2 (tunnel2) could not be collected at all (its host
// key changed), cpe1's session dropped before the BGP commands, and the
// site is over capacity with tunnel1 otherwise healthy. The run trusted
// host keys on first use.
func uncollectedReport() *checks.Report {
	r := healthyReport()
	r.Status = checks.Fail
	r.Security = []string{"host keys of new CPEs trusted on first use (--accept-new-host-key)"}
	t1 := &r.Tunnels[0]
	t1.Status = checks.Unknown
	for si, st := range t1.Stages {
		if st.Stage != checks.StageBGP {
			continue
		}
		t1.Stages[si].Status = checks.Unknown
		for ci, c := range st.Checks {
			if c.ID == "bgp.established" {
				t1.Stages[si].Checks[ci] = checks.Result{ID: c.ID, Status: checks.Unknown, CollectionFailed: "cpe1",
					Summary: "show ip bgp summary (ssh 192.0.2.10) failed: " + checks.NotSent("cpe1"), Evidence: []checks.Citation{}}
			}
		}
	}
	t2 := &r.Tunnels[1]
	t2.CPE, t2.Interface, t2.Status = "cpe2", "", checks.Unknown
	for si := range t2.Stages {
		t2.Stages[si].Status = checks.Unknown
		for ci, c := range t2.Stages[si].Checks {
			t2.Stages[si].Checks[ci] = checks.Result{ID: c.ID, Status: checks.Unknown, CollectionFailed: "cpe2",
				Summary: "not collected: cpe2: the host key changed", Evidence: []checks.Citation{}}
		}
	}
	r.SiteChecks = []checks.Result{
		{ID: "site.capacity", Status: checks.Fail, Summary: "the tunnels together carry 280.8 Mbit/s, over the 250 Mbit/s limit",
			Expected: "both tunnels together under 250 Mbit/s", Observed: "tunnel1 280.8 Mbit/s",
			Hint: "Keep the combined load of both tunnels under the limit.", Verify: "the traffic rates of both tunnel interfaces",
			Evidence: cite("cpe1", "show interfaces Tunnel1", "  5 minute input rate 280800000 bits/sec, 20064 packets/sec")},
		{ID: "site.failover-ready", Status: checks.Unknown, CollectionFailed: "cpe2", Summary: "not collected: cpe2: the host key changed"},
	}
	r.SiteRootCauses = []checks.RootCause{{Check: "site.capacity", Stage: checks.StageSite,
		Summary: r.SiteChecks[0].Summary, Hint: r.SiteChecks[0].Hint}}
	var grouped []string
	for _, st := range t2.Stages {
		for _, c := range st.Checks {
			grouped = append(grouped, "tunnel2/"+c.ID)
		}
	}
	r.CollectionFailures = []checks.CollectionFailure{
		{CPE: "cpe1", Host: "192.0.2.10:22", Kind: checks.FailureDisconnect, Answered: 9,
			Summary: `the session ended after 9 commands, at "show ip bgp summary"`,
			Fix:     "run vcdiag again; what was collected is judged",
			Detail:  `run "show ip bgp summary" on cpe1: session lost: the connection was closed`,
			Missing: []string{"show ip bgp summary", "show logging"}, Checks: []string{"tunnel1/bgp.established"}},
		{CPE: "cpe2", Host: "192.0.2.20:22", Kind: checks.FailureHostKeyChanged,
			Summary: "the host key changed: the router presents ssh-ed25519 SHA256:AAAA, but known_hosts:3 holds ssh-ed25519 SHA256:BBBB",
			Fix:     "check with the router's owner, then `ssh-keygen -R '192.0.2.20'` and `ssh-keyscan 192.0.2.20 >> ~/.ssh/known_hosts`",
			Detail:  "ssh to cpe2 (192.0.2.20:22): host key changed: ...",
			Checks:  append(grouped, "site.failover-ready")},
	}
	return r
}

// TestTextCollectionFailuresFirst: the report opens with each CPE that could
// not be collected, its cause and fix; its checks point there in one line
// instead of repeating the cause with a hint each.
func TestTextCollectionFailuresFirst(t *testing.T) {
	out := string(render(t, Text, uncollectedReport, Options{}))
	lines := strings.Split(out, "\n")
	head := strings.Join(lines[:9], "\n")
	for _, want := range []string{"insecure: host keys of new CPEs trusted on first use", "cpe1 (192.0.2.10:22) was collected only in part",
		"fix:", "missing: show ip bgp summary, show logging"} {
		if !strings.Contains(head, want) {
			t.Errorf("the first lines lack %q:\n%s", want, head)
		}
	}
	if !strings.Contains(out, "cpe2 (192.0.2.20:22) was not collected: the host key changed") {
		t.Errorf("cpe2's cause is not said:\n%s", out)
	}
	if n := strings.Count(out, "the host key changed"); n != 1 {
		t.Errorf("the host key cause is said %d times, want once:\n%s", n, out)
	}
	if !strings.Contains(out, "tunnel2 (DC-B, cpe2): UNKNOWN: not collected from cpe2 (cause above)") {
		t.Errorf("tunnel2's ladder is not one line pointing at the cause:\n%s", out)
	}
	if !strings.Contains(out, "? not collected from cpe1 (cause above): bgp.established") {
		t.Errorf("tunnel1's uncollected BGP check is not grouped:\n%s", out)
	}
	if !strings.Contains(out, "root cause: site.capacity") || !strings.Contains(out, "site: ✘ site.capacity [site]") {
		t.Errorf("the site root cause is not in the header and the root cause section:\n%s", out)
	}
}

// TestHTMLBannerNamesCauses: the banner of the HTML page says which CPE was
// not collected, why, and the fix, and names a site root cause.
func TestHTMLBannerNamesCauses(t *testing.T) {
	page := string(render(t, HTML, uncollectedReport, Options{}))
	start := strings.Index(page, `<section class="banner`)
	banner := page[start : start+strings.Index(page[start:], "</section>")]
	for _, want := range []string{"cpe2", "was not collected", "the host key changed", "Fix:", "site.capacity", "show ip bgp summary"} {
		if !strings.Contains(banner, want) {
			t.Errorf("the banner lacks %q:\n%s", want, banner)
		}
	}
	if !strings.Contains(page, "insecure:") {
		t.Errorf("the page does not say the run was insecure")
	}
}

// TestMarkdownCollectionFailuresFirst: the same in a ticket.
func TestMarkdownCollectionFailuresFirst(t *testing.T) {
	out := string(render(t, Markdown, uncollectedReport, Options{}))
	first := out[:strings.Index(out, "| Tunnel |")]
	for _, want := range []string{"cpe2 (192.0.2.20:22) was not collected:", "**Fix:**", "**Insecure:**"} {
		if !strings.Contains(first, want) {
			t.Errorf("the part above the tunnel table lacks %q:\n%s", want, first)
		}
	}
	if strings.Contains(out, "### tunnel2:") {
		t.Errorf("tunnel2's uncollected checks are listed as findings one by one:\n%s", out)
	}
}

// TestTextSafetyCollectionFailures: hostile text in every string of a
// report with collection failures and site root causes (the fields that
// brokenReport leaves empty) never reaches a reader unescaped.
func TestTextSafetyCollectionFailures(t *testing.T) {
	const bad = "\x1b[2J\x9b\u009b\u202e\xff\n"
	r := uncollectedReport()
	if n := plantEverywhere(reflect.ValueOf(r).Elem(), bad); n < 20 {
		t.Fatalf("planted only %d strings: the walk is broken", n)
	}
	for _, v := range variants(t) {
		out := renderVariant(t, v, r)
		if err := unsafeRune(v.format, out); err != nil {
			t.Errorf("%s: %v", v.name, err)
		}
		if _, err := views[v.format](out); err != nil {
			t.Errorf("%s: output does not parse: %v", v.name, err)
		}
	}
}
