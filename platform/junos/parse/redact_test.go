package parse

import (
	"fmt"
	"strings"
	"testing"
)

// TestRedactMatrix builds every secret statement in set and curly form,
// quoted and bare, at several indentations, with and without the
// "## SECRET-DATA" comment, and checks no secret survives, lines are kept
// and redacting twice changes nothing.
func TestRedactMatrix(t *testing.T) {
	type kw struct{ set, curlyOpen, stmt, curlyClose string }
	kws := []kw{
		{"set security ike policy P pre-shared-key ascii-text", "security {\nike {\npolicy P {\n", "pre-shared-key ascii-text", "}\n}\n}"},
		{"set security ike policy P pre-shared-key hexadecimal", "security {\nike {\npolicy P {\n", "pre-shared-key hexadecimal", "}\n}\n}"},
		{"set protocols bgp group G neighbor 192.0.2.1 authentication-key", "protocols {\nbgp {\ngroup G {\nneighbor 192.0.2.1 {\n", "authentication-key", "}\n}\n}\n}"},
		{"set system radius-server 192.0.2.9 secret", "system {\nradius-server {\n192.0.2.9 {\n", "secret", "}\n}\n}"},
		{"set system root-authentication encrypted-password", "system {\nroot-authentication {\n", "encrypted-password", "}\n}"},
		{"set snmp community", "snmp {\n", "community", "}"},
	}
	secrets := []struct{ val, quoted string }{
		{"$9$dkfS0ORyrv8X-", `"$9$dkfS0ORyrv8X-"`},
		{"$8$aes256-gcm$hmac-sha2-256$abc", `"$8$aes256-gcm$hmac-sha2-256$abc"`},
		{"PlainS3cretWord", "PlainS3cretWord"},
		{"two words secret", `"two words secret"`},
		{"$1$EqQ3SDva$DoSth0D0TLelFBqEoSDMa0", `"$1$EqQ3SDva$DoSth0D0TLelFBqEoSDMa0"`},
	}
	indents := []string{"", "    ", "\t", "        "}
	comments := []string{"", " ## SECRET-DATA"}
	n := 0
	for _, k := range kws {
		for _, sec := range secrets {
			for _, bare := range []bool{false, true} {
				v := sec.quoted
				if bare {
					if strings.Contains(sec.val, " ") {
						continue
					}
					v = sec.val
				}
				for _, ind := range indents {
					for _, c := range comments {
						set := ind + k.set + " " + v + c
						if c != "" {
							set = ind + k.set + " " + v // set form has no comments
						}
						curly := indentAll(k.curlyOpen, ind) + ind + "    " + k.stmt + " " + v + ";" + c + "\n" + indentAll(k.curlyClose, ind)
						for form, in := range map[string]string{"set": set, "curly": curly} {
							n++
							name := fmt.Sprintf("%s/%s/%q/bare=%v/%q", form, k.stmt, sec.val, bare, ind)
							out := RedactConfig(in)
							for _, part := range []string{sec.val, strings.TrimPrefix(sec.val, "$9$"), "SDva"} {
								if part != "" && strings.Contains(out, part) && !strings.Contains(k.stmt+k.set+k.curlyOpen, part) {
									t.Errorf("%s: secret %q survives in %q", name, part, out)
								}
							}
							if strings.Count(out, "\n") != strings.Count(in, "\n") {
								t.Errorf("%s: lines changed", name)
							}
							if again := RedactConfig(out); again != out {
								t.Errorf("%s: second redaction changed %q to %q", name, out, again)
							}
							if !strings.Contains(out, Redacted) {
								t.Errorf("%s: nothing redacted in %q", name, out)
							}
						}
					}
				}
			}
		}
	}
	if n < 300 {
		t.Errorf("only %d cases", n)
	}
}

func indentAll(s, ind string) string {
	ls := strings.Split(s, "\n")
	for i, l := range ls {
		if l != "" {
			ls[i] = ind + l
		}
	}
	return strings.Join(ls, "\n")
}

// TestRedactKeepsNonSecrets: policy-options communities and the words
// around secrets are kept.
func TestRedactKeepsNonSecrets(t *testing.T) {
	in := "policy-options {\n    community hub1 members 65000:1;\n}\nset policy-options community hub2 members 65000:2\n" +
		"set protocols bgp group G authentication-key \"$9$abc\"\n"
	out := RedactConfig(in)
	want := "policy-options {\n    community hub1 members 65000:1;\n}\nset policy-options community hub2 members 65000:2\n" +
		"set protocols bgp group G authentication-key \"" + Redacted + "\"\n"
	if out != want {
		t.Errorf("RedactConfig(%q) = %q, want %q", in, out, want)
	}
}

func TestRedactCorpusConfig(t *testing.T) {
	s := corpusFile(t, "show_configuration", "junos-bits")
	out := RedactConfig(s)
	if strings.Contains(out, "$9$") || strings.Contains(out, "EqQ3SDva") || strings.Count(out, "\n") != strings.Count(s, "\n") {
		t.Errorf("corpus config not redacted")
	}
	if _, err := ParseConfig(out, ""); err != nil {
		t.Errorf("redacted config does not parse: %v", err)
	}
}
