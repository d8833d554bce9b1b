package iproute

import (
	"fmt"
	"strings"
	"testing"
)

func bigLinksText(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%d: gre%d@NONE: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1476 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n", i+1, i)
		fmt.Fprintf(&b, "    link/gre 198.51.100.1 peer 203.0.113.%d promiscuity 0  allmulti 0 minmtu 0 maxmtu 0 \n", i%250+1)
		fmt.Fprintf(&b, "    gre remote 203.0.113.%d local 198.51.100.1 ttl 255 pmtudisc ikey 0.0.0.%d okey 0.0.0.%d addrgenmode eui64 numtxqueues 1 \n", i%250+1, i%250, i%250)
		b.WriteString("    RX:  bytes packets errors dropped  missed   mcast           \n        918273    4521      0       0       0       0 \n")
		b.WriteString("    TX:  bytes packets errors dropped carrier collsns           \n        817263    4498      2       1       0       0 \n")
	}
	return b.String()
}

func bigLinksJSON(n int) string {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"ifindex":%d,"link":null,"ifname":"gre%d","flags":["POINTOPOINT","NOARP","UP","LOWER_UP"],"mtu":1476,"qdisc":"noqueue","operstate":"UNKNOWN","linkmode":"DEFAULT","group":"default","txqlen":1000,"link_type":"gre","address":"198.51.100.1","link_pointtopoint":true,"broadcast":"203.0.113.1","linkinfo":{"info_kind":"gre","info_data":{"remote":"203.0.113.1","local":"198.51.100.1","ttl":255,"pmtudisc":true}},"stats64":{"rx":{"bytes":918273,"packets":4521,"errors":0,"dropped":0,"over_errors":0,"multicast":0},"tx":{"bytes":817263,"packets":4498,"errors":2,"dropped":1,"carrier_errors":0,"collisions":0}}}`, i+1, i)
	}
	b.WriteString("]\n")
	return b.String()
}

func BenchmarkParseLinksText(b *testing.B) {
	in := bigLinksText(5000)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := ParseLinks(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseLinksJSON(b *testing.B) {
	in := bigLinksJSON(5000)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := ParseLinks(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParsePing(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("PING 100.64.0.2 (100.64.0.2) from 100.64.0.1 : 56(84) bytes of data.\n")
	for i := 1; i <= 20000; i++ {
		fmt.Fprintf(&sb, "64 bytes from 100.64.0.2: icmp_seq=%d ttl=64 time=0.638 ms\n", i)
	}
	sb.WriteString("\n--- 100.64.0.2 ping statistics ---\n20000 packets transmitted, 20000 received, 0% packet loss, time 4091ms\nrtt min/avg/max/mdev = 0.577/0.666/0.758/0.061 ms\n")
	in := sb.String()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := ParsePing(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseRouteGet(b *testing.B) {
	in := "192.0.2.1 via 100.64.0.2 dev ipsec0 src 100.64.0.1 uid 0 \n    cache \n"
	for b.Loop() {
		if _, err := ParseRouteGet(in); err != nil {
			b.Fatal(err)
		}
	}
}
