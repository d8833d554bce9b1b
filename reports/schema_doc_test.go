package reports

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/checks"
)

// schemaDoc is the schema's documentation; its example must be exactly what
// the JSON renderer writes for exampleReport, so the doc cannot drift.
const schemaDoc = "../docs/report-schema.md"

// exampleReport is the abridged site of docs/report-schema.md: tunnel1's BGP
// session is refused for a wrong AS (rungs above skipped), tunnel2 works.
func exampleReport() *checks.Report {
	one := func(st checks.Stage, res checks.Result) checks.StageResult {
		return checks.StageResult{Stage: st, Status: res.Status, Checks: []checks.Result{res}}
	}
	skip := func(id string) checks.Result {
		return checks.Result{ID: id, Status: checks.Skip, Summary: "not evaluated", BlockedBy: "bgp.remote-as"}
	}
	hint := "Set 'neighbor 100.64.1.1 remote-as 64602' (the DI ASN from the activation form)."
	t1 := checks.TunnelReport{Name: "tunnel1", DC: "A", CPE: "cpe1", Interface: "Tunnel1", Status: checks.Fail,
		RootCause: &checks.RootCause{Check: "bgp.remote-as", Stage: checks.StageBGP,
			Summary: "DI rejects the session: remote-as 64612 is not the DI ASN 64602", Hint: hint},
		Stages: []checks.StageResult{
			one(checks.StageIKEv2, pass("ikev2.sa-ready", "IKEv2 SA to 198.51.100.1 is READY", "READY", "READY",
				cite("cpe1", "show crypto ikev2 sa", "1         192.0.2.1/500         198.51.100.1/500      none/none            READY  "))),
			one(checks.StageIPsec, pass("ipsec.counters-rising", "encaps and decaps both rising", "both rising", "encaps +61, decaps +59", nil)),
			one(checks.StageGRE, pass("gre.line-protocol", "Tunnel1 line protocol is up", "up", "up", nil)),
			one(checks.StagePing, pass("ping.tunnel-ip", "DI tunnel IP 100.64.1.1 answers", "success rate > 0", "100 percent (5/5)", nil)),
			{Stage: checks.StageBGP, Status: checks.Fail, Checks: []checks.Result{
				{ID: "bgp.remote-as", Status: checks.Fail, Summary: "DI rejects the session: remote-as 64612 is not the DI ASN 64602",
					Expected: "remote-as 64602", Observed: "remote-as 64612", Hint: hint, Verify: "show ip bgp summary",
					Evidence: cite("cpe1", "show ip bgp neighbors 100.64.1.1",
						"  Last reset 00:00:12, due to BGP Notification received of session 1, Bad Peer AS")},
				skip("bgp.established"),
			}},
			one(checks.StageRoutes, skip("routes.received")),
			one(checks.StageMTU, skip("mtu.adjust-mss")),
		}}
	t2 := checks.TunnelReport{Name: "tunnel2", DC: "B", CPE: "cpe1", Interface: "Tunnel2", Status: checks.Pass,
		Stages: []checks.StageResult{
			one(checks.StageIKEv2, pass("ikev2.sa-ready", "IKEv2 SA to 198.51.100.129 is READY", "READY", "READY", nil)),
			one(checks.StageBGP, pass("bgp.established", "BGP session to 100.64.1.5 is Established", "Established", "Established, up 2d03h", nil)),
		}}
	return &checks.Report{
		Schema: checks.SchemaV1, VcdiagVersion: "0.1.0", GeneratedAt: testTime,
		Profile: checks.ProfileRef{Name: "acme-east", Region: "US-East"},
		Status:  checks.Fail, Tunnels: []checks.TunnelReport{t1, t2},
		SiteChecks: []checks.Result{
			{ID: "site.failover-ready", Status: checks.Fail, Summary: "backup 203.0.113.0/24 is learned on tunnel2 only",
				Expected: "203.0.113.0/24 on tunnel1 and tunnel2", Observed: "tunnel2 only",
				Hint: "Bring tunnel1 up (see its root cause); failover needs the /24 on both tunnels.", Verify: "show ip bgp 203.0.113.0/24"},
		},
		Notes: []string{"cpe1: show crypto ipsec sa was captured twice, 30 s apart"},
	}
}

// docExample returns the first ```json block of the schema document.
func docExample(t *testing.T) []byte {
	t.Helper()
	doc, err := os.ReadFile(schemaDoc)
	if err != nil {
		t.Skipf("schema doc not readable: %v", err)
	}
	_, rest, ok := strings.Cut(string(doc), "```json\n")
	block, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatalf("%s has no ```json example block", schemaDoc)
	}
	return []byte(block)
}

func TestSchemaDocExample(t *testing.T) {
	want := render(t, JSON, exampleReport, Options{})
	got := docExample(t)
	if !bytes.Equal(want, got) {
		t.Errorf("%s example differs from JSON(exampleReport) (-renderer +doc):\n%s", schemaDoc, cmp.Diff(string(want), string(got)))
	}
	var r checks.Report
	dec := json.NewDecoder(bytes.NewReader(got))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Errorf("%s example does not decode strictly into checks.Report: %v", schemaDoc, err)
	}
}
