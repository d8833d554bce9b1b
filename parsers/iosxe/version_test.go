package iosxe

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/parsers"
)

func TestParseVersion(t *testing.T) {
	tests := []struct {
		file                                string
		host, version, iosVersion, platform string
		serial, image, confreg              string
		uptime                              time.Duration
	}{
		{"show_version_c8000v.txt", "cpe1", "17.09.04a", "17.9.4a", "C8000V", "9ABCDEF1234", "bootflash:packages.conf", "0x2102",
			(7*24+2*24+3)*time.Hour + 4*time.Minute},
		{"show_version_isr4451.txt", "cpe-branch", "17.06.05", "17.6.5", "ISR4451-X/K9", "FGL2736ABCD",
			"bootflash:isr4400-universalk9.17.06.05.SPA.bin", "0x2102", (365+21)*24*time.Hour + 5*time.Hour + 12*time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			v, err := ParseVersion(readFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if v.Hostname != tt.host || v.Version != tt.version || v.IOSVersion != tt.iosVersion || v.Platform != tt.platform ||
				v.Serial != tt.serial || v.Image != tt.image || v.ConfigReg != tt.confreg || v.Uptime != tt.uptime ||
				v.UptimeSec != int64(tt.uptime/time.Second) || v.OS != "IOS-XE" {
				t.Errorf("ParseVersion(%s) = %+v, want host %s version %s (%s) platform %s serial %s image %s confreg %s uptime %v",
					tt.file, v, tt.host, tt.version, tt.iosVersion, tt.platform, tt.serial, tt.image, tt.confreg, tt.uptime)
			}
		})
	}
}

func TestParseVersionErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
	}{
		{"empty", "", 0},
		{"not show version", "Tunnel1 is up, line protocol is up\n", 0},
		{"invalid input", "show versoin\n% Invalid input detected at '^' marker.\n", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseVersion(tt.in)
			var pe *parsers.ParseError
			if !errors.As(err, &pe) || pe.Line != tt.line {
				t.Errorf("ParseVersion(%q) error = %v, want a ParseError at line %d", tt.in, err, tt.line)
			}
		})
	}
}

func TestParseVersionSwitchStack(t *testing.T) {
	in := "Cisco IOS Software, C3750E Software (C3750E-UNIVERSALK9-M), Version 12.2(55)SE8, RELEASE SOFTWARE (fc2)\n" +
		"R5 uptime is 9 weeks, 4 days, 2 hours, 3 minutes\n\n" +
		"Switch Ports Model              SW Version            SW Image                 \n" +
		"------ ----- -----              ----------            ----------               \n" +
		"*    1 30    WS-C3750X-24P      12.2(55)SE8           C3750E-UNIVERSALK9-M     \n" +
		"     2 52    WS-C3750X-48P      12.2(55)SE8           C3750E-UNIVERSALK9-M     \n\n" +
		"Configuration register is 0xF\n"
	v, err := ParseVersion(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []parsers.VersionSwitch{
		{Number: 1, Active: true, Ports: 30, Model: "WS-C3750X-24P", SWVersion: "12.2(55)SE8", SWImage: "C3750E-UNIVERSALK9-M"},
		{Number: 2, Ports: 52, Model: "WS-C3750X-48P", SWVersion: "12.2(55)SE8", SWImage: "C3750E-UNIVERSALK9-M"},
	}
	if d := cmp.Diff(want, v.Switches); d != "" || v.ConfigReg != "0xF" || v.UptimeWeeks != 9 {
		t.Errorf("ParseVersion(stack) switches (-want +got):\n%s\nconfreg %q, weeks %d", d, v.ConfigReg, v.UptimeWeeks)
	}
}
