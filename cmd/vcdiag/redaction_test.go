package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/reports"
	"github.com/vcdiag/vcdiag/reports/metrics"
)

// plantedConfig holds a secret in every form IOS-XE prints one in a
// running-config, beyond those the simulator renders itself
// (sim.PlantedSecrets: keyring PSKs, BGP type 7, enable/user secret 9,
// SNMP community).
var plantedConfig = []string{
	"crypto ikev2 keyring RDX-KEYRING",
	" peer RDX-PEER",
	"  address 198.51.100.77",
	"  pre-shared-key local 0 RdxPskLocal0-Zz",
	"  pre-shared-key remote 6 RdxPskRemote6AAABBBCCC",
	"crypto isakmp key RdxIsakmpK3-Zz address 0.0.0.0",
	"key chain RDX-CHAIN",
	" key 1",
	"  key-string 7 0822455D0A16544541",
	"username admin privilege 15 password 7 110A1016141D5A5E57",
	"username bob secret 5 $1$abcd$RdxMd5Hash5xyzXYZ",
	"username carol secret 8 $8$RdxScrypt8salt$RdxScrypt8HashValueAbc",
	"username dave privilege 15 secret 9 $9$RdxScrypt9salt$RdxScrypt9HashValueXyz",
	"enable secret 9 $9$RdxEnable9salt$RdxEnable9HashValueQrs",
	"router bgp 64601",
	" neighbor 100.64.1.1 password 7 045802150C2E1D1C5A",
	"snmp-server community S3cr3tCommRdx RO",
	"tacacs-server host 10.0.0.5 key 7 0822455D0A16",
	"tacacs server RDX-TAC",
	" address ipv4 10.0.0.6",
	" key 7 RdxTacacsKey7Zz",
	"radius server RDX-RAD",
	" address ipv4 10.0.0.7 auth-port 1812 acct-port 1813",
	" key RdxRadiusKey0Zz",
	"radius-server key 7 RdxRadiusLegacy7Zz",
}

// plantedTyped are configuration commands typed into a session log: as
// IOS prints them, and abbreviated or in capitals as people type them.
var plantedTyped = []string{
	"crypto isakmp key RdxTypedIsakmpZz address 0.0.0.0",
	"username eve password 0 RdxTypedPasswordZz",
	"snmp comm RdxTypedCommAbbrZz RO",
	"crypto isa key RdxTypedIsaAbbrZz address 0.0.0.0",
	"ENABLE SEC RdxTypedEnableUpperZz",
	"do show run | i neighbor 100.64.1.1 pass RdxTypedDoFilterZz",
}

// plantedSecrets is every secret value planted, for grepping.
var plantedSecrets = []string{
	"RdxPskLocal0-Zz", "RdxPskRemote6AAABBBCCC", "RdxIsakmpK3-Zz", "0822455D0A16544541",
	"110A1016141D5A5E57", "$1$abcd$RdxMd5Hash5xyzXYZ", "$8$RdxScrypt8salt$RdxScrypt8HashValueAbc",
	"$9$RdxScrypt9salt$RdxScrypt9HashValueXyz", "$9$RdxEnable9salt$RdxEnable9HashValueQrs",
	"045802150C2E1D1C5A", "S3cr3tCommRdx", "0822455D0A16", "RdxTacacsKey7Zz", "RdxRadiusKey0Zz",
	"RdxRadiusLegacy7Zz", "RdxTypedIsakmpZz", "RdxTypedPasswordZz", "RdxTypedCommAbbrZz",
	"RdxTypedIsaAbbrZz", "RdxTypedEnableUpperZz", "RdxTypedDoFilterZz", "RdxProfileCommentZz",
}

// secretNeedles are the strings no output may contain: every planted
// secret and the simulator's, and each "$"-separated piece of a hash long
// enough to be recognisable (a redaction that stopped at a "$" would leak
// the rest).
func secretNeedles() []string {
	var out []string
	for _, s := range append(append([]string(nil), plantedSecrets...), sim.PlantedSecrets...) {
		out = append(out, s)
		for _, part := range strings.Split(s, "$") {
			if len(part) >= 8 && part != s {
				out = append(out, part)
			}
		}
	}
	return out
}

// plantInConfig adds plantedConfig to a running-config output.
func plantInConfig(out string) string {
	return strings.Replace(out, "Building configuration...\n", "Building configuration...\n"+strings.Join(plantedConfig, "\n")+"\n", 1)
}

// plantedInputs writes a profile and a session log with every secret
// planted: the healthy session log with the config above in its
// running-config, configuration commands typed into it, and a profile
// with a secret in a comment (profiles hold none, but are redacted
// anyway).
func plantedInputs(t *testing.T, dir string) (profilePath, logPath string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(repoRoot, "testdata", "transcripts", "healthy.log"))
	if err != nil {
		t.Fatal(err)
	}
	log := plantInConfig(strings.ReplaceAll(string(src), "\r\n", "\n"))
	if log == string(src) {
		t.Fatal("healthy.log has no 'Building configuration...' line to plant secrets after")
	}
	typed := "cpe1#configure terminal\n"
	for _, c := range plantedTyped {
		typed += "cpe1(config)#" + c + "\n"
	}
	log += typed + "cpe1(config)#end\ncpe1#\n"
	logPath = filepath.Join(dir, "planted.log")
	prof, err := os.ReadFile(filepath.Join(repoRoot, "testdata", "profiles", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	profilePath = filepath.Join(dir, "planted.yaml")
	prof = append([]byte("# pasted by mistake: pre-shared-key local 0 RdxProfileCommentZz\n"), prof...)
	if err := os.WriteFile(logPath, []byte(log), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(profilePath, prof, 0o600); err != nil {
		t.Fatal(err)
	}
	return profilePath, logPath
}

// outputs collects everything vcdiag wrote, named by where it went.
type outputs map[string][]byte

func (o outputs) add(where string, data []byte) { o[where] = append(o[where], data...) }

// addFile adds a file, or every file of a bundle, or every file under a
// folder.
func (o outputs) addFile(t *testing.T, where, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Errorf("%s: %v (the output path was not written)", where, err)
		return
	}
	if fi.IsDir() {
		entries, _ := os.ReadDir(path)
		if len(entries) == 0 {
			t.Errorf("%s: folder %s is empty", where, path)
		}
		for _, e := range entries {
			o.addFile(t, where+"/"+e.Name(), filepath.Join(path, e.Name()))
		}
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(path, ".zip") {
		o.add(where, data)
		return
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		o.add(where+" » "+f.Name, b)
	}
}

func (o outputs) check(t *testing.T) {
	t.Helper()
	for where, data := range o {
		for _, s := range secretNeedles() {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("secret %q reached %s", s, where)
			}
		}
	}
}

// TestRedactionEveryOutputPath plants secrets in every kind of input (a
// session log's running-config and typed configuration commands, a live
// session's running-config, the simulator's own secrets, a profile) and
// greps every output path for them: stdout and stderr in every registered
// format, -o files, --save-transcript files, every file of every bundle,
// the diff --baseline prints, and the re-diagnosis of a bundle.
func TestRedactionEveryOutputPath(t *testing.T) {
	dir := t.TempDir()
	profilePath, logPath := plantedInputs(t, dir)
	in, _ := os.ReadFile(logPath)
	for _, s := range plantedSecrets[:len(plantedSecrets)-1] {
		if !bytes.Contains(in, []byte(s)) {
			t.Fatalf("the planted session log lacks %q: the test would prove nothing", s)
		}
	}
	out := outputs{}
	base := goldenReport("routes-missing-backup")
	for _, format := range reports.Formats() {
		for _, verbose := range []string{"--verbose=false", "--verbose=true"} {
			o, e, _ := runCLI(t, "", "analyze", "-p", profilePath, "-f", format, verbose, "--baseline", base, logPath)
			out.add("analyze stdout -f "+format+" "+verbose, []byte(o))
			out.add("analyze stderr -f "+format+" "+verbose, []byte(e))
		}
		file := filepath.Join(dir, "analyze."+format)
		zipPath := filepath.Join(dir, "analyze-"+format+".zip")
		_, e, _ := runCLI(t, "", "analyze", "-p", profilePath, "-f", format, "-o", file, "--bundle", zipPath, logPath)
		out.add("analyze -o stderr -f "+format, []byte(e))
		out.addFile(t, "analyze -o "+file, file)
		out.addFile(t, "analyze --bundle", zipPath)
		if format == "text" {
			tr := out["analyze --bundle » transcripts/planted.log"]
			if n := bytes.Count(tr, []byte("<redacted>")); n < len(plantedConfig)/2 {
				t.Errorf("the bundle's transcript has %d <redacted> marks: were the secrets planted?", n)
			}
		}
		o, e, _ := runCLI(t, "", "analyze", zipPath, "-f", format, "-v")
		out.add("analyze --bundle stdout -f "+format, []byte(o))
		out.add("analyze --bundle stderr -f "+format, []byte(e))
	}
	plantedLive(t, dir, out)
	demoCLI(t, dir, out)
	out.check(t)
	if len(out) < 20 {
		t.Errorf("only %d outputs were checked", len(out))
	}
}

// demoCLI runs `vcdiag demo` (the simulator's own secrets) through every
// format, -o, --save-transcript and --bundle.
func demoCLI(t *testing.T, dir string, out outputs) {
	t.Helper()
	for _, format := range reports.Formats() {
		save := filepath.Join(dir, "demo-transcripts-"+format)
		zipPath := filepath.Join(dir, "demo-"+format+".zip")
		file := filepath.Join(dir, "demo."+format)
		o, e, _ := runCLI(t, "", "demo", "--sample-interval", "0", "-f", format, "-v",
			"--save-transcript", save, "--bundle", zipPath)
		out.add("demo stdout -f "+format, []byte(o))
		out.add("demo stderr -f "+format, []byte(e))
		out.addFile(t, "demo --save-transcript", save)
		out.addFile(t, "demo --bundle", zipPath)
		_, e, _ = runCLI(t, "", "demo", "--sample-interval", "0", "-f", format, "-o", file)
		out.add("demo -o stderr -f "+format, []byte(e))
		out.addFile(t, "demo -o "+file, file)
	}
}

// plantingSession adds plantedConfig to every running-config a live
// session returns, so the live path sees every secret form too.
type plantingSession struct{ collectors.Session }

func (p plantingSession) Run(ctx context.Context, cmd string) (string, error) {
	o, err := p.Session.Run(ctx, cmd)
	if err == nil && strings.HasPrefix(cmd, "show running-config") {
		o = plantInConfig(strings.ReplaceAll(o, "\r\n", "\n"))
	}
	return o, err
}

// plantedLive runs the live path (collectAndReport, as run and demo do)
// over SSH against the simulator with every secret planted, writing
// stdout, -o, --save-transcript and --bundle.
func plantedLive(t *testing.T, dir string, out outputs) {
	t.Helper()
	sc, _ := sim.ScenarioByName("healthy")
	ctx := context.Background()
	ss, err := sim.StartSite(ctx, sc.Build(time.Now().UTC().Truncate(time.Second)), sim.ServerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer ss.Close()
	profilePath, knownHosts := filepath.Join(dir, "live.yaml"), filepath.Join(dir, "known_hosts")
	if err := writeSimFiles(sc, ss, profilePath, knownHosts); err != nil {
		t.Fatal(err)
	}
	p, err := profile.Load(profilePath)
	if err != nil {
		t.Fatal(err)
	}
	inner := collectors.SSHDialer(collectors.SSHConfig{Password: sim.DefaultPassword, EnableSecret: sim.DefaultPassword, KnownHostsFile: knownHosts})
	dial := func(ctx context.Context, c profile.CPE) (collectors.Session, error) {
		s, err := inner(ctx, c)
		if err != nil {
			return nil, err
		}
		return plantingSession{s}, nil
	}
	names, _ := selectCPEs(p, "")
	for _, format := range reports.Formats() {
		save := filepath.Join(dir, "live-transcripts-"+format)
		zipPath := filepath.Join(dir, "live-"+format+".zip")
		var o, e bytes.Buffer
		lo := liveOptions{timeout: 30 * time.Second, saveTranscript: save,
			report: reportOptions{format: format, verbose: true, noColor: true},
			after:  afterOptions{bundle: zipPath, profilePath: profilePath}}
		err := collectAndReport(ctx, streams{out: &o, err: &e}, p, names, dial, lo, nil)
		if ee, ok := err.(*exitError); !ok || ee.err != nil {
			t.Fatalf("live run -f %s: %v\n%s", format, err, e.String())
		}
		out.add("live stdout -f "+format, o.Bytes())
		out.add("live stderr -f "+format, e.Bytes())
		out.addFile(t, "live --save-transcript", save)
		out.addFile(t, "live --bundle", zipPath)
		if format == "text" {
			saved, _ := os.ReadFile(filepath.Join(save, mustOne(t, save)))
			if !bytes.Contains(saved, []byte("pre-shared-key local 0 <redacted>")) {
				t.Errorf("the live session's running-config was not planted (or not saved):\n%.2000s", saved)
			}
		}
	}
	plantedWatch(t, dir, out, liveCycle{profile: p, cpes: names, dial: dial})
}

// plantedWatch runs one `vcdiag watch` cycle with every secret planted
// and reads every endpoint, the textfile and the log.
func plantedWatch(t *testing.T, dir string, out outputs, lc liveCycle) {
	t.Helper()
	var log bytes.Buffer
	textfile := filepath.Join(dir, "vcdiag.prom")
	w := &watcher{cycle: lc.run, exp: metrics.NewExporter(metrics.Options{Site: lc.profile.Name}),
		interval: time.Minute, timeout: 30 * time.Second, textfile: textfile,
		log: slog.New(slog.NewTextHandler(&log, nil))}
	w.runOnce(context.Background())
	h := w.handler()
	for _, path := range []string{"/metrics", "/report", "/report.json", "/healthz"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 && path != "/healthz" {
			t.Errorf("watch GET %s: %d", path, rec.Code)
		}
		out.add("watch GET "+path, rec.Body.Bytes())
	}
	out.addFile(t, "watch --textfile", textfile)
	out.add("watch log", log.Bytes())
}

func mustOne(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Fatalf("%s: want one transcript, got %d (%v)", dir, len(entries), err)
	}
	return entries[0].Name()
}

// structuredLog adds to a session log the secrets that only the structure
// of IOS commands finds (issue 10, "Secrets reach reports and bundles"):
//   - a command header whose filter names a secret: the running-config is
//     typed "show running-config | begin snmp-server community X", and that
//     command line is cited by the checks that read the configuration;
//   - outputs that list secrets in columns or under labels, which vcdiag
//     does not read but the bundle's transcript carries;
//   - configuration typed abbreviated, in capitals, after "do", in a
//     sub-mode prompt, with a type number;
//   - a configuration change logged to syslog, in show logging.
func structuredLog(t *testing.T, healthy string) string {
	t.Helper()
	log := strings.Replace(healthy, "cpe1#show running-config\n",
		"cpe1#show running-config | begin snmp-server community RdxHdrBeginZz\n", 1)
	if log == healthy {
		t.Fatal("healthy.log has no 'cpe1#show running-config' line")
	}
	return log + `cpe1#show run | include snmp-server community RdxHdrIncludeZz
snmp-server community RdxHdrIncludeZz RO
cpe1#sh snmp comm

Community name: RdxTabCommNameZz
Community Index: cisco7
Community SecurityName: RdxTabCommNameZz
storage-type: nonvolatile	 active	access-list: 10
cpe1#show crypto isakmp key
Keyring      Hostname/Address                            Preshared Key

default      10.0.0.2                                    RdxTabIsakmpKeyZz
KR-DI        198.51.100.1                                RdxTabIsakmp Two Words
cpe1#show key chain
Key-chain BGP-KEYS:
    key 1 -- text "RdxTabKeyChainZz"
        accept lifetime (always valid) - (always valid) [valid now]
cpe1#show snmp host
Notification host: 10.0.0.9	udp-port: 162	type: trap
user: RdxTabSnmpHostZz	security model: v2c

cpe1#show logging | include LOGGEDCMD
*Nov 26 10:20:01.123: %PARSER-5-CFGLOG_LOGGEDCMD: User:netops  logged command:enable sec RdxSyslogEnableZz
cpe1#configure terminal
cpe1(config)#snmp comm RdxAbbrCommZz RO
cpe1(config)#crypto isa key RdxAbbrIsaZz address 0.0.0.0
cpe1(config)#router bgp 64601
cpe1(config-router)#nei 100.64.1.1 pass 7 RdxAbbrNeiZz
cpe1(config-router)#exit
cpe1(config)#username u pass RdxAbbrUserZz
cpe1(config)#enable sec RdxAbbrEnableZz
cpe1(config)#tacacs server T
cpe1(config-server-tacacs)#KEY RdxUpperKeyZz
cpe1(config-server-tacacs)#exit
cpe1(config)#crypto ikev2 keyring KR
cpe1(config-ikev2-keyring)#peer DI
cpe1(config-ikev2-keyring-peer)#pre-sh local RdxAbbrPskZz
cpe1(config-ikev2-keyring-peer)#P R 6 RdxShortPskZz
cpe1(config-ikev2-keyring-peer)#do sh run | sec pre-shared-key remote RdxDoFilterZz
cpe1(config-ikev2-keyring-peer)#end
cpe1#
`
}

// structuredSecrets are the values structuredLog plants.
var structuredSecrets = []string{
	"RdxHdrBeginZz", "RdxHdrIncludeZz", "RdxTabCommNameZz", "RdxTabIsakmpKeyZz", "RdxTabIsakmp Two",
	"RdxTabKeyChainZz", "RdxTabSnmpHostZz", "RdxSyslogEnableZz", "RdxAbbrCommZz", "RdxAbbrIsaZz",
	"RdxAbbrNeiZz", "RdxAbbrUserZz", "RdxAbbrEnableZz", "RdxUpperKeyZz", "RdxAbbrPskZz", "RdxShortPskZz",
	"RdxDoFilterZz",
}

// TestRedactionStructuredSecrets plants the secrets of structuredLog and
// runs `vcdiag analyze` in every report format (verbose or not, to stdout
// and to -o), with --bundle, and `analyze --bundle` on the bundle, and
// greps every output and every file of every bundle.
func TestRedactionStructuredSecrets(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(repoRoot, "testdata", "transcripts", "healthy.log"))
	if err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(dir, "structured.log")
	if err := os.WriteFile(logPath, []byte(structuredLog(t, strings.ReplaceAll(string(src), "\r\n", "\n"))), 0o600); err != nil {
		t.Fatal(err)
	}
	profilePath := filepath.Join(repoRoot, "testdata", "profiles", "example.yaml")
	out := outputs{}
	cited := false
	for _, format := range reports.Formats() {
		for _, verbose := range []string{"--verbose=false", "--verbose=true"} {
			o, e, _ := runCLI(t, "", "analyze", "-p", profilePath, "-f", format, verbose, logPath)
			out.add("analyze stdout -f "+format+" "+verbose, []byte(o))
			out.add("analyze stderr -f "+format+" "+verbose, []byte(e))
			cited = cited || strings.Contains(o, "show running-config | begin snmp-server community")
		}
		file := filepath.Join(dir, "analyze."+format)
		zipPath := filepath.Join(dir, "analyze-"+format+".zip")
		_, e, _ := runCLI(t, "", "analyze", "-p", profilePath, "-f", format, "-o", file, "--bundle", zipPath, logPath)
		out.add("analyze -o stderr -f "+format, []byte(e))
		out.addFile(t, "analyze -o "+file, file)
		out.addFile(t, "analyze --bundle", zipPath)
		o, e, _ := runCLI(t, "", "analyze", zipPath, "-f", format, "-v")
		out.add("analyze --bundle stdout -f "+format, []byte(o))
		out.add("analyze --bundle stderr -f "+format, []byte(e))
	}
	if !cited {
		t.Error("no report cites the filtered running-config command: the header reproduction proves nothing")
	}
	tr := out["analyze --bundle » transcripts/structured.log"]
	for _, keep := range []string{"Community Index: cisco7", "cpe1#show run | include snmp-server community <redacted>"} {
		if !bytes.Contains(tr, []byte(keep)) {
			t.Errorf("the bundle's transcript lacks %q (were the outputs planted?)", keep)
		}
	}
	for where, data := range out {
		for _, s := range structuredSecrets {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("secret %q reached %s", s, where)
			}
		}
	}
	if len(out) < 30 {
		t.Errorf("only %d outputs were checked", len(out))
	}
}
