package linux

import (
	"testing"
	"time"
)

func TestFRRUptime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"01:36:41", time.Hour + 36*time.Minute + 41*time.Second, true},
		{"00:00:05", 5 * time.Second, true},
		{"1d02h03m", 26*time.Hour + 3*time.Minute, true},
		{"02w3d04h", (17*24 + 4) * time.Hour, true},
		{"never", 0, false},
		{"", 0, false},
		{"1d02", 0, false},
		{"h", 0, false},
		{"99999999999d", 0, false},
	}
	for _, tt := range tests {
		got, ok := frrUptime(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("frrUptime(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
