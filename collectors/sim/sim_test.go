package sim

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// firstInt returns the first capture of re in s as an integer (-1 when absent).
func firstInt(t *testing.T, re *regexp.Regexp, s string) int64 {
	t.Helper()
	m := re.FindStringSubmatch(s)
	if m == nil {
		return -1
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		t.Fatalf("%s: %v", re, err)
	}
	return n
}

var (
	reEncaps = regexp.MustCompile(`#pkts encaps: (\d+)`)
	reDecaps = regexp.MustCompile(`#pkts decaps: (\d+)`)
	reActive = regexp.MustCompile(`Life/Active Time: \d+/(\d+) sec`)
	rePktsIn = regexp.MustCompile(`(\d+) packets input`)
)

func render(t *testing.T, s *Site, cpe, cmd string, at time.Time) string {
	t.Helper()
	out, err := s.Render(cpe, cmd, at)
	if err != nil {
		t.Fatalf("Render(%q, %q) = %v", cpe, cmd, err)
	}
	return out
}

func TestCountersAdvance(t *testing.T) {
	t0, t1 := ScenarioStart.Add(5*time.Second), ScenarioStart.Add(15*time.Second)
	tests := []struct {
		scenario           string
		encRises, decRises bool
		activeGrows, hasSA bool
	}{
		{"healthy", true, true, true, true},
		{"ipsec-one-way", true, false, true, true},
		{"ipsec-acl-permits-ip", true, false, true, true},
		{"gre-wrong-destination", false, true, true, true},
		{"ike-bouncing", true, true, false, true},
		{"ike-auth-failure", false, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			sc, ok := ScenarioByName(tt.scenario)
			if !ok {
				t.Fatalf("no scenario %q", tt.scenario)
			}
			s := sc.Build(ScenarioStart)
			a := render(t, s, "cpe1", "show crypto ipsec sa peer 198.51.100.1 detail", t0)
			b := render(t, s, "cpe1", "show crypto ipsec sa peer 198.51.100.1 detail", t1)
			if got := firstInt(t, reEncaps, b) > firstInt(t, reEncaps, a); got != tt.encRises {
				t.Errorf("encaps rising = %v, want %v", got, tt.encRises)
			}
			if got := firstInt(t, reDecaps, b) > firstInt(t, reDecaps, a); got != tt.decRises {
				t.Errorf("decaps rising = %v, want %v", got, tt.decRises)
			}
			ia := render(t, s, "cpe1", "show crypto ikev2 sa detail", t0)
			ib := render(t, s, "cpe1", "show crypto ikev2 sa detail", t1)
			if got := strings.Contains(ia, "198.51.100.1/500      none/none            READY"); got != tt.hasSA {
				t.Errorf("IKE SA READY = %v, want %v", got, tt.hasSA)
			}
			if tt.hasSA {
				if got := firstInt(t, reActive, ib) > firstInt(t, reActive, ia); got != tt.activeGrows {
					t.Errorf("active time grows = %v, want %v", got, tt.activeGrows)
				}
			}
		})
	}
}

func TestInterfaceCountersAdvance(t *testing.T) {
	s := NewSite(ScenarioStart)
	a := render(t, s, "cpe1", "show interfaces Tunnel1", ScenarioStart)
	b := render(t, s, "cpe1", "sh int tu1", ScenarioStart.Add(10*time.Second))
	if firstInt(t, rePktsIn, b) <= firstInt(t, rePktsIn, a) {
		t.Errorf("Tunnel1 packets input did not grow:\n%s\n%s", a, b)
	}
}

// TestBouncingTranscript checks the generated session log really shows a
// different IKEv2 SA in each sample: the SA was torn down and negotiated
// again in between (new SPIs), and is younger than the time between the
// samples.
func TestBouncingTranscript(t *testing.T) {
	logs := transcripts(t)
	text := string(logs["ike-bouncing.log"])
	parts := strings.Split(text, "cpe1#show crypto ikev2 sa detail\n")
	if len(parts) != 3 {
		t.Fatalf("want 2 samples of show crypto ikev2 sa detail, got %d", len(parts)-1)
	}
	spi := regexp.MustCompile(`Local spi: (\S+)`)
	a, b := spi.FindStringSubmatch(parts[1]), spi.FindStringSubmatch(parts[2])
	if a == nil || b == nil || a[1] == b[1] {
		t.Errorf("local SPI %v then %v: want a new SA in the second sample", a, b)
	}
	if age := firstInt(t, reActive, parts[2]); age >= 10 {
		t.Errorf("second sample's SA is %d s old: want younger than the 10 s between samples", age)
	}
}

func TestRenderErrors(t *testing.T) {
	s := NewSite(ScenarioStart)
	tests := []struct {
		cpe, cmd string
		want     error
	}{
		{"cpe1", "show crypto foo", ErrInvalidInput},
		{"cpe1", "show interfaces Serial0", ErrInvalidInput},
		{"cpe1", "ping", ErrInvalidInput},
		{"cpe9", "show version", ErrUnknownCPE},
	}
	for _, tt := range tests {
		if _, err := s.Render(tt.cpe, tt.cmd, ScenarioStart); !errors.Is(err, tt.want) {
			t.Errorf("Render(%q, %q) = %v, want %v", tt.cpe, tt.cmd, err, tt.want)
		}
	}
}

// TestScenarioExpectations checks the catalogue is complete: every tunnel
// of the built site has an expectation, every status is known.
func TestScenarioExpectations(t *testing.T) {
	seen := map[string]bool{}
	for _, sc := range Scenarios {
		if seen[sc.Name] {
			t.Errorf("duplicate scenario %q", sc.Name)
		}
		seen[sc.Name] = true
		s := sc.Build(ScenarioStart)
		for _, c := range s.CPEs {
			for _, tn := range c.Tunnels {
				if _, ok := sc.Expect[tn.Name]; !ok {
					t.Errorf("%s: no expectation for tunnel %s", sc.Name, tn.Name)
				}
			}
		}
		switch sc.Status {
		case "pass", "warn", "fail":
		default:
			t.Errorf("%s: status %q", sc.Name, sc.Status)
		}
	}
}

// TestSecretsPlanted makes sure the running-config carries the secrets a
// redactor must remove.
func TestSecretsPlanted(t *testing.T) {
	out := render(t, NewSite(ScenarioStart), "cpe1", "show running-config", ScenarioStart)
	for _, s := range []string{PSKTunnel1, PSKTunnel2, type7(BGPPassword1), SNMPCommunity, EnableSecret9, AdminSecret9} {
		if !strings.Contains(out, s) {
			t.Errorf("running-config lacks planted secret %q", s)
		}
	}
}

func TestType7(t *testing.T) {
	// Known pair: "cisco" with salt 08 is 070C285F4D06 in Cisco's table.
	if got := type7("cisco")[:2]; got != "08" {
		t.Errorf("type7 salt = %q", got)
	}
}
