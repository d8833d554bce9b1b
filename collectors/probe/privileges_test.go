package probe

import (
	"errors"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	denied := errors.New("socket: permission denied")
	tests := []struct {
		name     string
		udp, raw error
		rng      string
		gids     []int
		want     Mode
		why      []string
	}{
		{"ping sockets", nil, denied, "0 2147483647", []int{1000}, Unprivileged, nil},
		{"raw only", denied, nil, "1 0", []int{0}, Raw, nil},
		{"neither, sysctl off", denied, denied, "1 0\n", []int{1000}, NoICMP,
			[]string{`ping sockets are off (net.ipv4.ping_group_range is "1 0")`, FixSetcap, FixSysctl}},
		{"neither, group outside", denied, denied, "100 200", []int{1000, 1001}, NoICMP,
			[]string{`no group of this process (gid 1000,1001) is in net.ipv4.ping_group_range "100 200"`, FixSetcap}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			listen := func(network string) error {
				if network == "udp4" {
					return tt.udp
				}
				return tt.raw
			}
			read := func(string) (string, error) { return tt.rng, nil }
			got := detect(listen, read, tt.gids)
			if got.Mode != tt.want {
				t.Errorf("detect() mode = %v, want %v", got.Mode, tt.want)
			}
			for _, w := range tt.why {
				if !strings.Contains(got.Why, w) {
					t.Errorf("detect() why = %q, want it to contain %q", got.Why, w)
				}
			}
		})
	}
}
