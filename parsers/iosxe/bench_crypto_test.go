package iosxe

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/parsers"
)

// The large outputs come from shared/bench/gen_outputs.py (2,000 blocks,
// IOS-XE 16 and 17 dialects); they are generated, not committed.
const (
	benchDir      = "/tmp/vcbench/outputs"
	benchManifest = benchDir + "/manifest.json"
)

var benchFiles = map[string]string{
	"xe16": "show_crypto_ipsec_sa_detail",
	"xe17": "show_crypto_ipsec_sa_detail_xe17",
}

func BenchmarkParseIPsecSA(b *testing.B) {
	for _, name := range []string{"xe16", "xe17"} {
		b.Run("gen_outputs-"+name, func(b *testing.B) {
			data, err := os.ReadFile(benchDir + "/" + benchFiles[name] + ".txt")
			if err != nil {
				b.Skipf("run python3 shared/bench/gen_outputs.py --only ipsec first: %v", err)
			}
			benchIPsec(b, string(data))
		})
	}
	// Two synthetic sizes, ten times apart, show that time per line stays
	// flat as the output grows (a single pass, no backtracking).
	for _, n := range []int{200, 2000} {
		b.Run(fmt.Sprintf("synthetic-%d", n), func(b *testing.B) {
			benchIPsec(b, syntheticIPsec(n))
		})
	}
}

func benchIPsec(b *testing.B, out string) {
	lines := strings.Count(out, "\n") + 1
	b.SetBytes(int64(len(out)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := ParseIPsecSA(out); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(lines), "ns/line")
}

// syntheticIPsec renders n flows in the IOS-XE 17 dialect, one interface
// per ten flows, every seventh flow without SAs.
func syntheticIPsec(n int) string {
	var sb strings.Builder
	for i := range n {
		if i%10 == 0 {
			fmt.Fprintf(&sb, "interface: Tunnel%d\n    Crypto map tag: Tunnel%d-head-0, local addr 192.0.2.1\n\n", i/10, i/10)
		}
		peer := fmt.Sprintf("198.51.%d.%d", 100+i/250, 1+i%250)
		fmt.Fprintf(&sb, "   protected vrf: (none)\n   local  ident (addr/mask/prot/port): (192.0.2.1/255.255.255.255/47/0)\n"+
			"   remote ident (addr/mask/prot/port): (%s/255.255.255.255/47/0)\n   current_peer %s port 500\n"+
			"     PERMIT, flags={origin_is_acl,}\n", peer, peer)
		fmt.Fprintf(&sb, "    #pkts encaps: %d, #pkts encrypt: %d, #pkts digest: %d\n    #pkts decaps: %d, #pkts decrypt: %d, #pkts verify: %d\n",
			i*7, i*7, i*7, i*5, i*5, i*5)
		sb.WriteString("    #pkts compressed: 0, #pkts decompressed: 0\n    #pkts not compressed: 0, #pkts compr. failed: 0\n" +
			"    #pkts no sa (send) 0, #pkts invalid sa (rcv) 0\n    ##pkts replay failed (rcv): 0\n\n")
		fmt.Fprintf(&sb, "     local crypto endpt.: 192.0.2.1, remote crypto endpt.: %s\n"+
			"     plaintext mtu 1446, path mtu 1500, ip mtu 1500, ip mtu idb GigabitEthernet1\n", peer)
		if i%7 == 6 {
			sb.WriteString("     current outbound spi: 0x0(0)\n     PFS (Y/N): N, DH group: none\n\n     inbound esp sas:\n\n" +
				"     inbound ah sas:\n\n     inbound pcp sas:\n\n     outbound esp sas:\n\n     outbound ah sas:\n\n     outbound pcp sas:\n\n")
			continue
		}
		fmt.Fprintf(&sb, "     current outbound spi: 0x%X(%d)\n     PFS (Y/N): Y, DH group: group20\n\n", 0x10000+i, 0x10000+i)
		for _, dir := range []string{"inbound", "outbound"} {
			fmt.Fprintf(&sb, "     %s esp sas:\n      spi: 0x%X(%d)\n        transform: esp-gcm 256 ,\n"+
				"        in use settings ={Tunnel, }\n        conn id: %d, flow_id: CSR:%d, sibling_flags FFFFFFFF80000048, crypto map: Tunnel%d-head-0, initiator : False\n"+
				"        sa timing: remaining key lifetime (sec): 3000\n        Kilobyte Volume Rekey has been disabled\n"+
				"        IV size: 8 bytes\n        replay detection support: Y\n        Status: ACTIVE(ACTIVE)\n\n     %s ah sas:\n\n     %s pcp sas:\n\n",
				dir, 0x20000+i, 0x20000+i, 2000+i, i, i/10, dir, dir)
		}
	}
	return sb.String()
}

// TestParseIPsecSABenchCounts checks the parser finds exactly the records
// gen_outputs.py says a correct parser must find.
func TestParseIPsecSABenchCounts(t *testing.T) {
	mb, err := os.ReadFile(benchManifest)
	if err != nil {
		t.Skipf("no %s: %v", benchManifest, err)
	}
	var m struct {
		Files map[string]struct {
			Path   string         `json:"path"`
			Expect map[string]int `json:"expect"`
		} `json:"files"`
	}
	if err := json.Unmarshal(mb, &m); err != nil {
		t.Fatal(err)
	}
	for name, key := range benchFiles {
		t.Run(name, func(t *testing.T) {
			entry, ok := m.Files[key]
			data, err := os.ReadFile(entry.Path)
			if !ok || err != nil {
				t.Skipf("%s not generated", key)
			}
			flows, err := ParseIPsecSA(string(data))
			if err != nil {
				t.Fatal(err)
			}
			got := ipsecCounts(flows)
			for k, want := range entry.Expect {
				if got[k] != want {
					t.Errorf("%s: %s = %d, want %d", key, k, got[k], want)
				}
			}
		})
	}
}

func ipsecCounts(flows []parsers.IPsecFlow) map[string]int {
	c := map[string]int{"blocks": len(flows)}
	pairs, ifaces := map[string]bool{}, map[string]bool{}
	for _, f := range flows {
		c["inbound_esp_sas"] += len(f.Inbound)
		c["outbound_esp_sas"] += len(f.Outbound)
		c["records"] += len(f.Inbound) + len(f.Outbound)
		ifaces[f.Interface] = true
		if f.HasSA() {
			c["blocks_with_sas"]++
			pairs[f.Interface+" "+f.Peer.String()] = true
		}
	}
	c["unique_INTERFACE_CURRENT_PEER"], c["interfaces"] = len(pairs), len(ifaces)
	return c
}
