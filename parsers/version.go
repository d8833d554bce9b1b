package parsers

import "time"

// Version is the part of `show version` a report header needs.
type Version struct {
	Hostname  string        `json:"hostname"`
	Software  string        `json:"software"` // "Cisco IOS XE Software, Version 17.09.04a"
	Version   string        `json:"version"`  // "17.09.04a"
	Platform  string        `json:"platform"` // "C8000V", "ISR4451-X/K9"
	Image     string        `json:"image,omitempty"`
	Serial    string        `json:"serial,omitempty"`
	Uptime    time.Duration `json:"uptime"`
	UptimeRaw string        `json:"uptime_raw"`
	ConfigReg string        `json:"config_register,omitempty"`
}
