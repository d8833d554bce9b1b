package main

import (
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/vcdiag/vcdiag/collectors"
)

// TestSessionLimitFlags: the limit flags fill collectors.Limits, with
// binary units; their defaults are the collectors' own.
func TestSessionLimitFlags(t *testing.T) {
	tests := []struct {
		args []string
		want collectors.Limits
		err  string
	}{
		{nil, collectors.Limits{}.WithDefaults(), ""},
		{[]string{"--max-output-bytes", "64MiB", "--max-line-bytes=1M", "--max-session-bytes", "1GiB",
			"--max-login-bytes", "4096", "--max-pages", "50"},
			collectors.Limits{MaxOutputBytes: 64 << 20, MaxLineBytes: 1 << 20, MaxSessionBytes: 1 << 30, MaxLoginBytes: 4096, MaxPages: 50}, ""},
		{[]string{"--max-output-bytes", "512 KiB"}, collectors.Limits{MaxOutputBytes: 512 << 10}.WithDefaults(), ""},
		{[]string{"--max-output-bytes", "0"}, collectors.Limits{}, `"0" is not a size`},
		{[]string{"--max-output-bytes", "-1MiB"}, collectors.Limits{}, "is not a size"},
		{[]string{"--max-line-bytes", "lots"}, collectors.Limits{}, `"lots" is not a size`},
		{[]string{"--max-session-bytes", "99999999999GiB"}, collectors.Limits{}, "is not a size"},
		{[]string{"--max-pages", "0"}, collectors.Limits{}, `"0" is not a positive count`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var l collectors.Limits
			f := pflag.NewFlagSet("run", pflag.ContinueOnError)
			addSessionLimitFlags(f, &l)
			err := f.Parse(tt.args)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("Parse(%q) = %v, want an error saying %q", tt.args, err, tt.err)
				}
				return
			}
			if err != nil || l != tt.want {
				t.Errorf("Parse(%q) = %+v, %v; want %+v", tt.args, l, err, tt.want)
			}
		})
	}
}

func TestSizeFlagString(t *testing.T) {
	for n, want := range map[int64]string{16 << 20: "16MiB", 64 << 10: "64KiB", 1 << 30: "1GiB", 1500: "1500", 1536 << 10: "1536KiB"} {
		if got := (&sizeFlag{&n}).String(); got != want {
			t.Errorf("sizeFlag(%d).String() = %q, want %q", n, got, want)
		}
	}
}
