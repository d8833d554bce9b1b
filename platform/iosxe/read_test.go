package iosxe

import "testing"

func TestCommandError(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"                    ^", "% Invalid input detected at '^' marker."}, "% Invalid input detected at '^' marker."},
		{[]string{"% Incomplete command."}, "% Incomplete command."},
		{[]string{`% Ambiguous command:  "sh i"`}, `% Ambiguous command:  "sh i"`},
		{[]string{"% Network not in table"}, ""},
		{[]string{"BGP router identifier 1.1.1.1", "x", "% Invalid input detected"}, ""},
	}
	for _, tt := range tests {
		if got := commandError(tt.in); got != tt.want {
			t.Errorf("commandError(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
