package schema

import (
	"encoding"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/checks"
)

// schemaTree is report.v1.json as plain JSON values, for tests that read
// the schema itself (its properties, enums, patterns).
func schemaTree(t *testing.T) map[string]any {
	t.Helper()
	var tree map[string]any
	if err := json.Unmarshal(ReportV1(), &tree); err != nil {
		t.Fatalf("report.v1.json is not JSON: %v", err)
	}
	return tree
}

// def returns $defs[name] of the schema.
func def(t *testing.T, tree map[string]any, name string) map[string]any {
	t.Helper()
	d, ok := tree["$defs"].(map[string]any)[name].(map[string]any)
	if !ok {
		t.Fatalf("report.v1.json has no $defs/%s", name)
	}
	return d
}

func TestReportV1Compiles(t *testing.T) {
	// Compiling checks the schema against the 2020-12 meta-schema.
	if _, err := compiled(); err != nil {
		t.Fatalf("report.v1.json does not compile: %v", err)
	}
	tree := schemaTree(t)
	if got := tree["$schema"]; got != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v, want draft 2020-12", got)
	}
	if got := tree["$id"]; got != ReportV1ID {
		t.Errorf("$id = %v, want ReportV1ID %q", got, ReportV1ID)
	}
	if got := tree["properties"].(map[string]any)["schema"].(map[string]any)["const"]; got != checks.SchemaV1 {
		t.Errorf("properties/schema/const = %v, want checks.SchemaV1 %q", got, checks.SchemaV1)
	}
}

// minimalReport is a small valid report as the JSON renderer writes it:
// one tunnel failing at IKE with the rungs above skipped, one site check.
const minimalReport = `{
  "schema": "vcdiag.report/v1",
  "vcdiag_version": "0.1.0",
  "generated_at": "2025-03-14T02:07:31Z",
  "profile": {"name": "acme-east", "region": "US-East"},
  "status": "fail",
  "tunnels": [{
    "name": "tunnel1", "dc": "A", "cpe": "cpe1", "interface": "Tunnel1", "status": "fail",
    "root_cause": {"check": "ikev2.sa-ready", "stage": "ikev2", "summary": "no IKEv2 SA", "hint": "Check UDP 500."},
    "stages": [
      {"stage": "ikev2", "status": "fail", "checks": [
        {"id": "ikev2.sa-ready", "status": "fail", "summary": "no IKEv2 SA", "expected": "READY", "observed": "none",
         "evidence": [{"command": "show crypto ikev2 sa", "cpe": "cpe1", "source": "case.log:12",
                       "at": "2025-03-14T02:07:30.5Z", "lines": []}],
         "hint": "Check UDP 500.", "verify": "show crypto ikev2 sa", "values": {"ike_sa_up": 0}, "cause": true}]},
      {"stage": "routes", "status": "skip", "checks": [
        {"id": "routes.received", "status": "skip", "summary": "not evaluated", "evidence": [],
         "blocked_by": "ikev2.sa-ready", "prefixes": ["203.0.113.0/25", "2001:db8::/32"]}]}
    ]
  }],
  "site_checks": [
    {"id": "site.capacity", "status": "unknown", "summary": "not sent", "evidence": [],
     "explained_by": "ikev2.sa-ready", "values": {"site_limit_bps": 250000000}, "collection_failed": "cpe2"},
    {"id": "site.failover-ready", "status": "fail", "summary": "backup /24 on tunnel2 only", "evidence": []}],
  "collection_failures": [{"cpe": "cpe2", "host": "192.0.2.20:22", "kind": "host-key",
    "summary": "192.0.2.20:22 offered a host key that is not in known_hosts",
    "fix": "ssh-keyscan -t ed25519 192.0.2.20 >> ~/.ssh/known_hosts", "answered": 2,
    "missing": ["show crypto ipsec sa"], "checks": ["tunnel2/ipsec.sa-present", "site.capacity"]}],
  "site_root_causes": [{"check": "site.failover-ready", "stage": "site", "summary": "backup /24 on tunnel2 only", "hint": "Advertise it."}],
  "security": ["host key not verified (--insecure-skip-host-key)"],
  "notes": ["cpe1: show crypto ipsec sa failed"]
}`

func TestValidateReportAcceptsMinimal(t *testing.T) {
	if err := ValidateReport([]byte(minimalReport)); err != nil {
		t.Fatalf("ValidateReport(minimalReport) = %v, want nil", err)
	}
}

// TestValidateReportRejectsBroken: a consumer relying on the schema is
// protected from the ways a report can be wrong. Each case breaks one
// thing of a valid report; the error must point at it.
func TestValidateReportRejectsBroken(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(r map[string]any)
		wantIn string // part of the error: the JSON pointer of the fault
	}{
		{"unknown top-level status", func(r map[string]any) { r["status"] = "ok" }, "/status"},
		{"unknown check status", func(r map[string]any) { check(r)["status"] = "passed" }, "/tunnels/0/stages/0/checks/0/status"},
		{"missing tunnels", func(r map[string]any) { delete(r, "tunnels") }, "tunnels"},
		{"null tunnels", func(r map[string]any) { r["tunnels"] = nil }, "/tunnels"},
		{"missing site_checks", func(r map[string]any) { delete(r, "site_checks") }, "site_checks"},
		{"wrong schema id", func(r map[string]any) { r["schema"] = "vcdiag.report/v2" }, "/schema"},
		{"unknown top-level field", func(r map[string]any) { r["verdict"] = "fail" }, "verdict"},
		{"unknown check field", func(r map[string]any) { check(r)["severity"] = 3 }, "severity"},
		{"missing root_cause", func(r map[string]any) { delete(tunnel(r), "root_cause") }, "root_cause"},
		{"unknown stage", func(r map[string]any) { tunnel(r)["stages"].([]any)[0].(map[string]any)["stage"] = "dns" }, "/tunnels/0/stages/0/stage"},
		{"unknown dc", func(r map[string]any) { tunnel(r)["dc"] = "C" }, "/tunnels/0/dc"},
		{"check id not dotted", func(r map[string]any) { check(r)["id"] = "IKE SA ready" }, "/tunnels/0/stages/0/checks/0/id"},
		{"evidence null", func(r map[string]any) { check(r)["evidence"] = nil }, "/evidence"},
		{"citation without lines", func(r map[string]any) {
			delete(check(r)["evidence"].([]any)[0].(map[string]any), "lines")
		}, "lines"},
		{"generated_at not a time", func(r map[string]any) { r["generated_at"] = "yesterday" }, "/generated_at"},
		{"unknown value name", func(r map[string]any) { check(r)["values"] = map[string]any{"ike_up": 1} }, "ike_up"},
		{"value as text", func(r map[string]any) { check(r)["values"] = map[string]any{"ike_sa_up": "1"} }, "/values/ike_sa_up"},
		{"unknown collection failure kind", func(r map[string]any) {
			r["collection_failures"].([]any)[0].(map[string]any)["kind"] = "refused"
		}, "/collection_failures/0/kind"},
		{"collection failure without fix", func(r map[string]any) {
			delete(r["collection_failures"].([]any)[0].(map[string]any), "fix")
		}, "fix"},
		{"prefix not CIDR", func(r map[string]any) {
			tunnel(r)["stages"].([]any)[1].(map[string]any)["checks"].([]any)[0].(map[string]any)["prefixes"] = []any{"203.0.113.0"}
		}, "/prefixes/0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r map[string]any
			if err := json.Unmarshal([]byte(minimalReport), &r); err != nil {
				t.Fatal(err)
			}
			tt.edit(r)
			doc, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			err = ValidateReport(doc)
			if err == nil {
				t.Fatalf("ValidateReport(%s) = nil, want an error", tt.name)
			}
			if !strings.Contains(err.Error(), tt.wantIn) {
				t.Errorf("ValidateReport(%s) = %v, want it to name %q", tt.name, err, tt.wantIn)
			}
		})
	}
}

func TestValidateReportRejectsNonJSON(t *testing.T) {
	if err := ValidateReport([]byte("tunnel1: pass\n")); err == nil || !strings.Contains(err.Error(), "not JSON") {
		t.Errorf("ValidateReport(text) = %v, want a not-JSON error", err)
	}
}

func tunnel(r map[string]any) map[string]any { return r["tunnels"].([]any)[0].(map[string]any) }

func check(r map[string]any) map[string]any {
	return tunnel(r)["stages"].([]any)[0].(map[string]any)["checks"].([]any)[0].(map[string]any)
}

// TestSchemaCoversReportType: every field of checks.Report and of the
// types it nests is a property of the matching schema object, every
// schema property is a field, and a field the encoder always writes (no
// omitempty/omitzero) is required. A field added to checks.Report without
// the schema fails here, even while no golden report shows it yet.
func TestSchemaCoversReportType(t *testing.T) {
	tree := schemaTree(t)
	compareObject(t, tree, "report", reflect.TypeFor[checks.Report](), tree)
}

func compareObject(t *testing.T, tree map[string]any, path string, typ reflect.Type, node map[string]any) {
	t.Helper()
	node = resolve(t, tree, node)
	props, _ := node["properties"].(map[string]any)
	if node["additionalProperties"] != false {
		t.Errorf("%s: schema object is not closed (additionalProperties false)", path)
	}
	var required []string
	for _, r := range asSlice(node["required"]) {
		required = append(required, r.(string))
	}
	seen := map[string]bool{}
	for f := range typ.Fields() {
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		seen[name] = true
		p, ok := props[name].(map[string]any)
		if !ok {
			t.Errorf("%s: field %s (json %q) is not in the schema", path, f.Name, name)
			continue
		}
		omitted := strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")
		if req := slices.Contains(required, name); req == omitted {
			t.Errorf("%s.%s: required in schema = %v, but the encoder omits it when empty = %v", path, name, req, omitted)
		}
		if elem, ok := nestedStruct(f.Type); ok {
			compareObject(t, tree, path+"."+name, elem, objectOf(t, tree, p))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(props)) {
		if !seen[name] {
			t.Errorf("%s: schema property %q is not a field of %s", path, name, typ)
		}
	}
}

var textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()

// nestedStruct returns the struct a field holds (directly, by pointer or as
// list elements) when the JSON encoding is an object of its fields.
func nestedStruct(typ reflect.Type) (reflect.Type, bool) {
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
		typ = typ.Elem()
	}
	// A type that encodes itself (time.Time, netip.Prefix) is a string.
	if typ.Kind() != reflect.Struct || typ.Implements(textMarshaler) || reflect.PointerTo(typ).Implements(textMarshaler) {
		return nil, false
	}
	return typ, true
}

// objectOf follows $ref, items and anyOf branches from a property's schema
// to the object schema that describes its value.
func objectOf(t *testing.T, tree, node map[string]any) map[string]any {
	t.Helper()
	node = resolve(t, tree, node)
	if _, ok := node["properties"]; ok {
		return node
	}
	if items, ok := node["items"].(map[string]any); ok {
		return objectOf(t, tree, items)
	}
	for _, alt := range asSlice(node["anyOf"]) {
		if o := resolve(t, tree, alt.(map[string]any)); o["properties"] != nil {
			return o
		}
	}
	t.Fatalf("no object schema under %v", node)
	return nil
}

func resolve(t *testing.T, tree, node map[string]any) map[string]any {
	t.Helper()
	if ref, ok := node["$ref"].(string); ok {
		name, ok := strings.CutPrefix(ref, "#/$defs/")
		if !ok {
			t.Fatalf("$ref %q is not local", ref)
		}
		return def(t, tree, name)
	}
	return node
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

func enumStrings(t *testing.T, node map[string]any) []string {
	t.Helper()
	var out []string
	for _, v := range asSlice(node["enum"]) {
		out = append(out, v.(string))
	}
	slices.Sort(out)
	return out
}

// TestSchemaStatusesAndStages: the enums are checks' own sets, so a new
// status or rung cannot reach a report without reaching the schema.
func TestSchemaStatusesAndStages(t *testing.T) {
	tree := schemaTree(t)
	var statuses []string
	for s := checks.Status(0); !strings.HasPrefix(s.String(), "status("); s++ {
		statuses = append(statuses, s.String())
	}
	slices.Sort(statuses)
	if got := enumStrings(t, def(t, tree, "status")); !slices.Equal(got, statuses) {
		t.Errorf("$defs/status enum = %v, want checks' statuses %v", got, statuses)
	}
	var stages []string
	for _, s := range append(checks.Stages(), checks.StageSite) {
		stages = append(stages, string(s))
	}
	slices.Sort(stages)
	if got := enumStrings(t, def(t, tree, "stage")); !slices.Equal(got, stages) {
		t.Errorf("$defs/stage enum = %v, want checks.Stages() and site %v", got, stages)
	}
}

// TestSchemaCheckIDs: every check vcdiag has matches the ID pattern, and
// its first part is its stage, as the docs promise.
func TestSchemaCheckIDs(t *testing.T) {
	pattern := def(t, schemaTree(t), "checkId")["pattern"].(string)
	re := regexp.MustCompile(pattern)
	all := checks.All(nil)
	if len(all) == 0 {
		t.Fatal("checks.All returned no checks")
	}
	for _, c := range all {
		if !re.MatchString(c.ID) {
			t.Errorf("check ID %q does not match $defs/checkId pattern %s", c.ID, pattern)
		}
		if stage, _, _ := strings.Cut(c.ID, "."); stage != string(c.Stage) {
			t.Errorf("check ID %q: first part %q is not its stage %q", c.ID, stage, c.Stage)
		}
	}
}

// TestSchemaValueNames: the schema names exactly the Value* constants of
// checks/values.go.
func TestSchemaValueNames(t *testing.T) {
	want := constStrings(t, "../checks/values.go", "Value")
	props := def(t, schemaTree(t), "values")["properties"].(map[string]any)
	if got := slices.Sorted(maps.Keys(props)); !slices.Equal(got, want) {
		t.Errorf("$defs/values names = %v\nwant the Value* constants %v", got, want)
	}
}

// TestSchemaCollectionFailureKinds: the kind enum is exactly the Failure*
// constants of checks/collection.go.
func TestSchemaCollectionFailureKinds(t *testing.T) {
	want := constStrings(t, "../checks/collection.go", "Failure")
	kind := def(t, schemaTree(t), "collectionFailure")["properties"].(map[string]any)["kind"].(map[string]any)
	if got := enumStrings(t, kind); !slices.Equal(got, want) {
		t.Errorf("$defs/collectionFailure kind enum = %v\nwant the Failure* constants %v", got, want)
	}
}

// constStrings returns, sorted, the values of the string constants of a Go
// file whose names start with prefix. They are untyped constants, which
// reflection cannot list, so the test reads them from the source.
func constStrings(t *testing.T, file, prefix string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatalf("read %s: %v", file, err)
	}
	var out []string
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if i >= len(vs.Values) || !strings.HasPrefix(name.Name, prefix) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				v, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, v)
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no %s* string constants in %s", prefix, file)
	}
	slices.Sort(out)
	return out
}
