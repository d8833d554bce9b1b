package reports

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/schema"
)

// demoFleet is a fleet of the demo reports: three sites of the simulated
// scenarios and one that could not be diagnosed.
func demoFleet(t *testing.T) *checks.Fleet {
	t.Helper()
	var sites []checks.FleetSite
	for _, name := range []string{"healthy", "routes-missing-backup", "ike-no-response", "healthy-two-cpe"} {
		b, err := os.ReadFile(filepath.Join("testdata", "demo", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var r checks.Report
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		s := checks.NewFleetSite("site-"+name, "", &r, nil)
		s.Files = map[string]string{"html": "site-" + name + ".html"}
		sites = append(sites, s)
	}
	gone := checks.NewFleetSite("site-unreachable", "eu-frankfurt", nil, errors.New("the password variable GLOBEX_PW is not set"))
	gone.CPEs = 1
	sites = append(sites, gone)
	return checks.NewFleet("v1.2.3", time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC), sites)
}

func TestFleetGoldens(t *testing.T) {
	f := demoFleet(t)
	for _, tc := range []struct {
		format, golden string
	}{{"text", "fleet.txt"}, {"html", "fleet.html"}, {"junit", "fleet.junit.xml"}} {
		render, err := LookupFleet(tc.format)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := render(&b, f, Options{}); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, tc.golden, b.Bytes())
	}
}

// TestFleetOrderAndCauses: worst sites first, each with its root cause in
// its line; the one not diagnosed says why.
func TestFleetOrderAndCauses(t *testing.T) {
	f := demoFleet(t)
	var order []string
	for _, s := range f.Sites {
		order = append(order, s.Status.String()+" "+s.Name)
	}
	want := []string{"fail site-ike-no-response", "fail site-routes-missing-backup", "unknown site-unreachable",
		"pass site-healthy", "pass site-healthy-two-cpe"}
	if strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("order %v, want %v", order, want)
	}
	if f.Status != checks.Fail || f.ExitCode() != 2 || f.Counts.Fail != 2 || f.Counts.Unknown != 1 || f.Counts.Pass != 2 {
		t.Errorf("status %s exit %d counts %+v", f.Status, f.ExitCode(), f.Counts)
	}
	var b bytes.Buffer
	if err := FleetText(&b, f, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ikev2.", "tunnel2 (DC-B) routes.backup-24", "not diagnosed: the password variable GLOBEX_PW is not set"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("rollup does not say %q:\n%s", want, b.String())
		}
	}
}

func TestFleetJSONAndJUnitAreWellFormed(t *testing.T) {
	f := demoFleet(t)
	var b bytes.Buffer
	if err := FleetJSON(&b, f, Options{}); err != nil {
		t.Fatal(err)
	}
	var back checks.Fleet
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Schema != checks.FleetSchemaV1 || len(back.Sites) != 5 || back.Sites[0].Report == nil || back.Sites[0].Causes == nil {
		t.Errorf("round trip: %+v", back)
	}
	if !strings.Contains(b.String(), `"root_causes": []`) {
		t.Errorf("a site without a cause must say root_causes: [], not null")
	}
	b.Reset()
	if err := FleetJUnit(&b, f, Options{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Suites []struct {
			Name  string `xml:"name,attr"`
			Tests int    `xml:"tests,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suites) != 5 {
		t.Fatalf("%d test suites, want one per site (5)", len(doc.Suites))
	}
	for _, s := range doc.Suites {
		if s.Tests == 0 {
			t.Errorf("suite %s has no test case", s.Name)
		}
	}
}

// TestFleetRenderersEscapeHostileNames: a site name or cause carrying a
// terminal escape or markup reaches no output raw.
func TestFleetRenderersEscapeHostileNames(t *testing.T) {
	f := demoFleet(t)
	f.Sites[0].Name = "evil\x1b[2J<script>alert(1)</script>"
	f.Sites[0].Causes[0].Summary = "boom\x1b]0;pwned\x07"
	for _, format := range []string{"text", "html", "junit", "json"} {
		render, _ := LookupFleet(format)
		var b bytes.Buffer
		if err := render(&b, f, Options{}); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsRune(b.String(), 0x1b) || strings.ContainsRune(b.String(), 0x07) {
			t.Errorf("%s: a control character got through", format)
		}
		if format == "html" && strings.Contains(b.String(), "<script>") {
			t.Errorf("html: markup got through")
		}
	}
}

// TestFleetJSONConformsToSchema: the envelope, every site's report
// included, is what schema/fleet.v1.json says; so is a site without one.
func TestFleetJSONConformsToSchema(t *testing.T) {
	var b bytes.Buffer
	if err := FleetJSON(&b, demoFleet(t), Options{}); err != nil {
		t.Fatal(err)
	}
	if err := schema.ValidateFleet(b.Bytes()); err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(b.String(), `"exit_code": 3`, `"exit_code": 9`, 1)
	if err := schema.ValidateFleet([]byte(bad)); err == nil {
		t.Error("an exit code of 9 conforms")
	}
}
