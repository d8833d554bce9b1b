package parsers

import "testing"

func TestInterfaceName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"tu1", "Tunnel1"},
		{"Tu1", "Tunnel1"},
		{"tunnel1", "Tunnel1"},
		{"Tunnel1", "Tunnel1"},
		{"TUNNEL 2", "Tunnel2"},
		{"gi1", "GigabitEthernet1"},
		{"Gi0/0/1", "GigabitEthernet0/0/1"},
		{"GigabitEthernet0/0/1.100", "GigabitEthernet0/0/1.100"},
		{"te0/1/0", "TenGigabitEthernet0/1/0"},
		{"lo0", "Loopback0"},
		{"po10", "Port-channel10"},
		{"Port-channel10", "Port-channel10"},
		{"vl100", "Vlan100"},
		{"Fa0/1", "FastEthernet0/1"},
		{"Vi2", "Virtual-Access2"},
		{"Foo7", "Foo7"},
		{"", ""},
		{"123", "123"},
		{"Null0", "Null0"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := InterfaceName(tt.in); got != tt.want {
				t.Errorf("InterfaceName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
