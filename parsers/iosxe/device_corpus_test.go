package iosxe

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/parsers"
	"go.yaml.in/yaml/v3"
)

// Corpus walks: every real output under ../shared/corpus for show
// interfaces, show running-config (whole, interface, section bgp), ping and
// show version must parse, and agree with its expected parse (genieparser
// JSON, ntc-templates YAML, napalm JSON) on the values the ladder uses.

// expectJSON decodes a genieparser/napalm expected parse.
func expectJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(readCorpus(t, path)), &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// expectYAML decodes an ntc-templates parsed_sample list.
func expectYAML(t *testing.T, path string) []map[string]any {
	t.Helper()
	var doc struct {
		Parsed []map[string]any `yaml:"parsed_sample"`
	}
	if err := yaml.Unmarshal([]byte(readCorpus(t, path)), &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc.Parsed
}

// str renders an expected leaf the way our fields print it.
func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// get walks nested maps by keys.
func get(m map[string]any, keys ...string) any {
	var cur any = m
	for _, k := range keys {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = mm[k]
	}
	return cur
}

// agree reports a field whose expected value (when the expected parse has
// one) differs from ours.
func agree(t *testing.T, file, field string, got any, want any) {
	t.Helper()
	if want == nil || str(want) == "" {
		return
	}
	if str(got) != str(want) {
		t.Errorf("%s: %s = %q, want %q", file, field, str(got), str(want))
	}
}

func TestInterfacesCorpus(t *testing.T) {
	for _, f := range corpusFiles(t, "show_interfaces") {
		t.Run(shortName(f.Path), func(t *testing.T) {
			ifs, err := ParseInterfaces(readCorpus(t, f.Path))
			if err != nil {
				t.Fatalf("ParseInterfaces(%s): %v", f.Path, err)
			}
			if f.Expected == "" {
				return
			}
			exp := expectJSON(t, f.Expected)
			if len(ifs) != len(exp) {
				t.Errorf("ParseInterfaces(%s) = %d interfaces, want %d", f.Path, len(ifs), len(exp))
			}
			for _, it := range ifs {
				e, ok := exp[it.Name].(map[string]any)
				if !ok {
					t.Errorf("%s: interface %s not in the expected parse", f.Path, it.Name)
					continue
				}
				n := it.Name + "."
				agree(t, f.Path, n+"protocol", it.Protocol, e["line_protocol"])
				agree(t, f.Path, n+"mtu", it.MTU, e["mtu"])
				agree(t, f.Path, n+"bandwidth", it.BandwidthKb, e["bandwidth"])
				agree(t, f.Path, n+"delay", it.DelayUsec, e["delay"])
				if src := str(e["tunnel_source_ip"]); src == "UNKNOWN" {
					if it.TunnelSource.IsValid() {
						t.Errorf("%s: %s tunnel source = %v, want none (UNKNOWN)", f.Path, it.Name, it.TunnelSource)
					}
				} else {
					agree(t, f.Path, n+"tunnel_source", it.TunnelSource, src)
				}
				agree(t, f.Path, n+"tunnel_destination", it.TunnelDestination, e["tunnel_destination_ip"])
				agree(t, f.Path, n+"tunnel_protocol", it.TunnelProtocol, e["tunnel_protocol"])
				agree(t, f.Path, n+"tunnel_transport_mtu", it.TunnelTransportMTU, e["tunnel_transport_mtu"])
				agree(t, f.Path, n+"tunnel_profile", it.TunnelProtection, e["tunnel_profile"])
				agree(t, f.Path, n+"tunnel_ttl", it.TunnelTTL, e["tunnel_ttl"])
				agree(t, f.Path, n+"in_pkts", it.InputPackets, get(e, "counters", "in_pkts"))
				agree(t, f.Path, n+"out_pkts", it.OutputPackets, get(e, "counters", "out_pkts"))
				agree(t, f.Path, n+"in_errors", it.InputErrors, get(e, "counters", "in_errors"))
				agree(t, f.Path, n+"rate_interval_sec", it.RateIntervalSec, get(e, "counters", "rate", "load_interval"))
				agree(t, f.Path, n+"input_queue_max", it.InputQueueMax, get(e, "queues", "input_queue_max"))
				agree(t, f.Path, n+"output_drops", it.OutputDrops, get(e, "queues", "total_output_drop"))
				if ip, ok := e["ipv4"].(map[string]any); ok {
					for k := range ip {
						agree(t, f.Path, n+"address", it.Address, k)
					}
				}
			}
		})
	}
}

func shortName(p string) string {
	p = p[strings.LastIndex(p, "/")+1:]
	return strings.TrimSuffix(p, ".txt")
}

// bgpASNFromText finds "router bgp N" in raw config text, or "".
func bgpASNFromText(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if f := strings.Fields(l); len(f) == 3 && f[0] == "router" && f[1] == "bgp" {
			return f[2]
		}
	}
	return ""
}

func TestRunningConfigCorpus(t *testing.T) {
	for _, f := range corpusFiles(t, "show_running-config", "show_running-config_interface", "show_running-config_section_bgp") {
		t.Run(shortName(f.Path), func(t *testing.T) {
			raw := readCorpus(t, f.Path)
			rc, err := ParseRunningConfig(raw)
			if err != nil {
				t.Fatalf("ParseRunningConfig(%s): %v", f.Path, err)
			}
			if asn := bgpASNFromText(raw); asn != "" {
				if rc.BGP == nil {
					t.Fatalf("%s: router bgp %s not parsed", f.Path, asn)
				}
				agree(t, f.Path, "bgp.asn", rc.BGP.ASN, asn)
			}
			switch {
			case strings.HasSuffix(f.Expected, ".yml"):
				exp := expectYAML(t, f.Expected)
				if len(rc.Interfaces) != len(exp) {
					t.Fatalf("%s: %d interfaces, want %d", f.Path, len(rc.Interfaces), len(exp))
				}
				for i, e := range exp {
					ic := rc.Interfaces[i]
					agree(t, f.Path, "name", ic.Name, e["interface"])
					agree(t, f.Path, ic.Name+".description", ic.Description, e["description"])
					agree(t, f.Path, ic.Name+".vrf", ic.VRF, e["vrf"])
					agree(t, f.Path, ic.Name+".address", ic.Address.Addr(), e["ip_address"])
					agree(t, f.Path, ic.Name+".bandwidth", ic.BandwidthKb, e["bandwidth"])
					agree(t, f.Path, ic.Name+".mtu", ic.MTU, e["mtu"])
					agree(t, f.Path, ic.Name+".access_group_in", ic.AccessGroupIn, e["access_group_in"])
					agree(t, f.Path, ic.Name+".access_group_out", ic.AccessGroupOut, e["access_group_out"])
				}
			case strings.HasSuffix(f.Expected, ".json"):
				exp := expectJSON(t, f.Expected)
				runConfigAgree(t, f.Path, rc, exp)
			}
		})
	}
}

// runConfigAgree compares genieparser's ShowRunInterface / ShowRunSectionBgp.
func runConfigAgree(t *testing.T, file string, rc *parsers.RunningConfig, exp map[string]any) {
	t.Helper()
	if ifs, ok := exp["interfaces"].(map[string]any); ok {
		for _, ic := range rc.Interfaces {
			e, ok := ifs[ic.Name].(map[string]any)
			if !ok {
				t.Errorf("%s: interface %s not expected", file, ic.Name)
				continue
			}
			agree(t, file, ic.Name+".description", ic.Description, e["description"])
			agree(t, file, ic.Name+".ip_mtu", ic.IPMTU, e["mtu"])
			agree(t, file, ic.Name+".address", ic.Address.Addr(), get(e, "ipv4", "ip"))
			agree(t, file, ic.Name+".tunnel_destination", ic.TunnelDestination, e["tunnel_dst"])
			agree(t, file, ic.Name+".tunnel_mode", ic.TunnelMode, e["tunnel_mode"])
			agree(t, file, ic.Name+".access_group_in", ic.AccessGroupIn, get(e, "acl", "inbound", "acl_name"))
			agree(t, file, ic.Name+".access_group_out", ic.AccessGroupOut, get(e, "acl", "outbound", "acl_name"))
		}
	}
	if bgp, ok := exp["bgp"].(map[string]any); ok {
		for asn, v := range bgp {
			e := v.(map[string]any)
			agree(t, file, "bgp.asn", rc.BGP.ASN, asn)
			rid := str(e["router_id"])
			if strings.Contains(rid, ".") {
				agree(t, file, "bgp.router_id", rc.BGP.RouterID, rid)
			} else {
				agree(t, file, "bgp.router_id_interface", rc.BGP.RouterIDInterface, rid)
			}
			agree(t, file, "bgp.default_ipv4_unicast", rc.BGP.DefaultIPv4Unicast, e["ipv4_unicast_state"])
			agree(t, file, "bgp.log_neighbor_changes", rc.BGP.LogNeighborChanges, e["log_neighbor_change"])
		}
	}
}

func TestPingCorpus(t *testing.T) {
	for _, f := range corpusFiles(t, "ping") {
		t.Run(shortName(f.Path), func(t *testing.T) {
			p, err := ParsePing(readCorpus(t, f.Path))
			if err != nil {
				t.Fatalf("ParsePing(%s): %v", f.Path, err)
			}
			if p.Sent == 0 || len(p.Marks) != p.Sent {
				t.Errorf("%s: sent %d, marks %q: want one mark per echo", f.Path, p.Sent, p.Marks)
			}
			target := p.TargetRaw
			if p.Target.IsValid() {
				target = p.Target.String()
			}
			switch {
			case strings.HasSuffix(f.Expected, ".yml"):
				for _, e := range expectYAML(t, f.Expected) {
					agree(t, f.Path, "target", target, e["destination"])
					agree(t, f.Path, "source", p.Source, e["source"])
					agree(t, f.Path, "sent", p.Sent, e["sent_qty"])
					agree(t, f.Path, "received", p.Received, e["success_qty"])
					agree(t, f.Path, "percent", p.Percent, e["success_pct"])
					agree(t, f.Path, "timeout", p.TimeoutSec, e["timeout"])
					agree(t, f.Path, "rtt_min", p.RTTMinMs, e["rtt_min"])
					agree(t, f.Path, "rtt_avg", p.RTTAvgMs, e["rtt_avg"])
					agree(t, f.Path, "rtt_max", p.RTTMaxMs, e["rtt_max"])
				}
			case strings.HasSuffix(f.Expected, ".json"):
				exp := expectJSON(t, f.Expected)
				if e, ok := exp["ping"].(map[string]any); ok {
					agree(t, f.Path, "target", target, strings.ToLower(str(e["address"])))
					agree(t, f.Path, "repeat", p.Repeat, e["repeat"])
					agree(t, f.Path, "size", p.Size, e["data_bytes"])
					agree(t, f.Path, "timeout", p.TimeoutSec, e["timeout_secs"])
					agree(t, f.Path, "source", p.Source, e["source"])
					agree(t, f.Path, "received", p.Received, get(e, "statistics", "received"))
					agree(t, f.Path, "sent", p.Sent, get(e, "statistics", "send"))
					agree(t, f.Path, "rtt_max", p.RTTMaxMs, get(e, "statistics", "round_trip", "max_ms"))
				}
				if e, ok := exp["success"].(map[string]any); ok {
					agree(t, f.Path, "sent", p.Sent, e["probes_sent"])
					agree(t, f.Path, "lost", p.Lost, e["packet_loss"])
					agree(t, f.Path, "rtt_min", p.RTTMinMs, e["rtt_min"])
					agree(t, f.Path, "rtt_max", p.RTTMaxMs, e["rtt_max"])
				}
			}
		})
	}
}

func TestVersionCorpus(t *testing.T) {
	for _, f := range corpusFiles(t, "show_version") {
		t.Run(shortName(f.Path), func(t *testing.T) {
			v, err := ParseVersion(readCorpus(t, f.Path))
			if err != nil {
				t.Fatalf("ParseVersion(%s): %v", f.Path, err)
			}
			if v.Hostname == "" || v.Version == "" {
				t.Errorf("%s: hostname %q, version %q: want both", f.Path, v.Hostname, v.Version)
			}
			switch {
			case strings.HasSuffix(f.Expected, ".yml"):
				for _, e := range expectYAML(t, f.Expected) {
					agree(t, f.Path, "hostname", v.Hostname, e["hostname"])
					agree(t, f.Path, "version", v.IOSVersion, e["version"])
					agree(t, f.Path, "uptime", v.UptimeRaw, e["uptime"])
					agree(t, f.Path, "config_register", v.ConfigReg, e["config_register"])
					// ntc keeps the file name without the device ("flash:").
					if img := str(e["running_image"]); !strings.HasSuffix(v.Image, img) {
						t.Errorf("%s: image = %q, want a path ending in %q", f.Path, v.Image, img)
					}
					if s, ok := e["serial"].([]any); ok && len(s) > 0 {
						agree(t, f.Path, "serial", v.Serial, s[0])
					}
				}
			case strings.HasSuffix(f.Expected, ".json"):
				e, _ := expectJSON(t, f.Expected)["version"].(map[string]any)
				agree(t, f.Path, "hostname", v.Hostname, e["hostname"])
				agree(t, f.Path, "version", v.IOSVersion, e["version"])
				agree(t, f.Path, "uptime", v.UptimeRaw, e["uptime"])
				agree(t, f.Path, "serial", v.Serial, e["chassis_sn"])
				agree(t, f.Path, "config_register", v.ConfigReg, e["curr_config_register"])
				agree(t, f.Path, "image", v.Image, e["system_image"])
				agree(t, f.Path, "main_mem", v.MainMemoryKB, e["main_mem"])
				agree(t, f.Path, "platform", v.Platform, e["chassis"])
			}
		})
	}
}
