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
	Uptime    time.Duration `json:"-"`
	UptimeRaw string        `json:"uptime_raw"`
	ConfigReg string        `json:"config_register,omitempty"`

	// Fields below were added for fuller capture, as printed.
	OS      string `json:"os,omitempty"`       // "IOS-XE", "IOS"
	ImageID string `json:"image_id,omitempty"` // "X86_64_LINUX_IOSD-UNIVERSALK9-M"
	// IOSVersion is the version on the "Cisco IOS Software ..." line,
	// spelled differently from Version on IOS-XE ("17.9.4a" vs "17.09.04a").
	IOSVersion string `json:"ios_version,omitempty"`
	ROM        string `json:"rom,omitempty"`
	UptimeSec  int64  `json:"uptime_sec"`
	// UptimeYears..UptimeMinutes are the uptime's printed parts.
	UptimeYears       int    `json:"uptime_years,omitempty"`
	UptimeWeeks       int    `json:"uptime_weeks,omitempty"`
	UptimeDays        int    `json:"uptime_days,omitempty"`
	UptimeHours       int    `json:"uptime_hours,omitempty"`
	UptimeMinutes     int    `json:"uptime_minutes,omitempty"`
	LastReloadReason  string `json:"last_reload_reason,omitempty"`
	SystemRestartedAt string `json:"system_restarted_at,omitempty"`
	ReturnedToROMBy   string `json:"returned_to_rom_by,omitempty"`
	ProcessorType     string `json:"processor_type,omitempty"`
	MainMemoryKB      int64  `json:"main_memory_kb,omitempty"`
	IOMemoryKB        int64  `json:"io_memory_kb,omitempty"`
	// Memory is "N K bytes of X memory." keyed by X ("physical",
	// "non-volatile configuration"); Disks is "... at bootflash:." keyed by
	// the device name; InterfaceCounts is "N Gigabit Ethernet interfaces".
	Memory          map[string]int64 `json:"memory_kb,omitempty"`
	Disks           map[string]int64 `json:"disks_kb,omitempty"`
	InterfaceCounts map[string]int   `json:"interface_counts,omitempty"`
	Span            Span             `json:"span"`
	// Switches is the stack table of Catalyst switches ("Switch Ports
	// Model SW Version SW Image Mode").
	Switches []VersionSwitch `json:"switches,omitempty"`
}

// VersionSwitch is one row of the `show version` switch stack table.
type VersionSwitch struct {
	Number    int    `json:"number"`
	Active    bool   `json:"active"` // the row marked "*"
	Ports     int    `json:"ports"`
	Model     string `json:"model"`
	SWVersion string `json:"sw_version"`
	SWImage   string `json:"sw_image"`
	Mode      string `json:"mode,omitempty"`
}
