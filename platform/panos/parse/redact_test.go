package parse

import (
	"fmt"
	"strings"
	"testing"
)

// TestRedactMatrix generates every secret form × quoting × indentation
// and checks that no secret survives, lines are kept, and redacting twice
// changes nothing.
func TestRedactMatrix(t *testing.T) {
	const secret = "S3cr3tValue9"
	forms := []string{
		"<key>%s</key>",
		"<password>%s</password>",
		"<phash>%s</phash>",
		"<secret>%s</secret>",
		"<authentication-key>%s</authentication-key>",
		"<pre-shared-key><key>%s</key></pre-shared-key>",
		"set network ike gateway GW-DCA authentication pre-shared-key key %s",
		"set network virtual-router default protocol bgp auth-profile MD5 secret %s",
		"set mgt-config users admin phash %s",
		"set mgt-config users admin password %s",
	}
	quotes := []string{"%s", `"%s"`, `'%s'`}
	indents := []string{"", "  ", "\t", "    "}
	values := []string{secret, "-AQ==" + secret + "+/=", "two words " + secret}
	for _, f := range forms {
		for _, q := range quotes {
			for _, in := range indents {
				for _, v := range values {
					if strings.Contains(v, " ") && (q == "%s" && strings.HasPrefix(f, "set")) {
						continue // an unquoted set value is one word
					}
					val := fmt.Sprintf(q, v)
					if strings.HasPrefix(f, "<") && q != "%s" {
						continue // XML text is not quoted
					}
					text := "line one\n" + in + fmt.Sprintf(f, val) + "\r\nlast\n"
					got := RedactConfig(text)
					if strings.Contains(got, secret) {
						t.Errorf("RedactConfig(%q) = %q: secret survives", text, got)
					}
					if strings.Count(got, "\n") != 3 || !strings.HasPrefix(got, "line one\n"+in) {
						t.Errorf("RedactConfig(%q) = %q: lines changed", text, got)
					}
					if again := RedactConfig(got); again != got {
						t.Errorf("RedactConfig twice: %q != %q", again, got)
					}
				}
			}
		}
	}
}

func TestRedactKeepsStructure(t *testing.T) {
	in := "<entry name=\"GW-DCA\">\n  <authentication>\n    <pre-shared-key>\n      <key>-AQ==abc+def=</key>\n    </pre-shared-key>\n  </authentication>\n  <peer-address><ip>203.0.113.10</ip></peer-address>\n</entry>\n"
	want := strings.Replace(in, "-AQ==abc+def=", Mask, 1)
	if got := RedactConfig(in); got != want {
		t.Errorf("RedactConfig = %q, want %q", got, want)
	}
	enc := "set deviceconfig system foo -AQ==xyz="
	if got := RedactConfig(enc); got != "set deviceconfig system foo "+Mask {
		t.Errorf("RedactConfig(%q) = %q", enc, got)
	}
}
