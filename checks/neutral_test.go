package checks

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// iosWords are what IOS prints or accepts in its own words: commands,
// configuration syntax, output labels, state words and syslog mnemonics.
// Checks judge platform-neutral facts; a platform says things its own way
// through evidence.Dialect (platform/<name>), so none of these may appear
// in a string of checks/. Matching is case-sensitive: "ip mtu 1400" is
// IOS configuration, "the tunnel's IP MTU" is the concept every platform
// has.
var iosWords = []string{
	"#pkts", "pkts encaps", "pkts decaps", "READY", "UP-ACTIVE", "UP-NO-IKE", "UP-IDLE",
	"router bgp", "running-config", "show run", "BADAUTH", "%TCP-", "%BGP", "%CRYPTO", "%LINEPROTO", "%LINK-",
	"crypto isakmp", "crypto ikev2 ", "crypto ipsec ", "crypto map ", "ipsec profile", "transform-set",
	"ip route ", "ip cef", "ip mtu ", "ip tcp ", "ip address ", "tunnel protection", "tunnel vrf ", "tunnel key ",
	"keepalive 10", "prefix-list ", "route-map ", "no shutdown",
	"GigabitEthernet", "Tunnel1", "Tunnel100", "Loopback0", "Dialer1",
	"Active SAs", "Status Description", "linestate", "transport reg", "debug crypto", "vpnv4",
	"neighbor 100.", "remote-as ", "local-as ", "default-originate", "password 7", "terminal length",
	"Load for five", "Time source is", "--More--", "% Invalid input",
}

// iosCommand is an IOS exec command in a string ("show ip bgp summary",
// "sh cry ikev2 sa").
var iosCommand = regexp.MustCompile(`\b(show|sh)\s+(ip|crypto|cry|interfaces?|int|bgp|logging|log|version|ver|cef|platform|tech|run|running)\b`)

// allowedIDs are check IDs (a stable API named before the seam) that hold
// an IOS keyword; they are removed from a string before it is scanned.
var allowedIDs = []string{"mtu.adjust-mss"}

func TestChecksSpeakNoPlatformWords(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	scanned := 0
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		scanned++
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, id := range allowedIDs {
				s = strings.ReplaceAll(s, id, "")
			}
			if m := iosCommand.FindString(s); m != "" {
				t.Errorf("%s: %q holds an IOS command (%q); ask for the fact with an evidence.Query and let the dialect spell it",
					fset.Position(lit.Pos()), s, m)
			}
			for _, w := range iosWords {
				if strings.Contains(s, w) {
					t.Errorf("%s: %q is IOS's own words (%q); say it through evidence.Dialect or as a platform-neutral fact",
						fset.Position(lit.Pos()), s, w)
				}
			}
			return true
		})
	}
	if scanned < 10 {
		t.Fatalf("only %d files scanned: run from the checks folder", scanned)
	}
}
