package iosxe

import (
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdVersion = "show version"

// ParseVersion parses `show version` from IOS (12.x-15.x) and IOS-XE
// (3.x, 16.x, 17.x: C8000V, CSR1000V, ISR4k, ASR1k, Catalyst 9k).
//
// It reads the software and version line ("Cisco IOS XE Software, Version
// 17.09.04a", else the "Cisco IOS Software, ... Version 15.2(4)M" line),
// hostname and uptime, platform and memory from the "cisco C8000V (VXE)
// processor ... with 1234K/5678K bytes of memory" line, image, ROM, serial,
// configuration register, reload reason, memory sizes and interface counts.
// The licence tables, legal text and stack tables are ignored. Output with
// no software version line at all is a *parsers.ParseError.
func ParseVersion(out string) (*parsers.Version, error) {
	lines := parsers.Lines(out)
	v := &parsers.Version{}
	inStack := false
	for i, line := range lines {
		n := i + 1
		t := strings.TrimSpace(line)
		if t == "" || parsers.IsBanner(line) {
			continue
		}
		if strings.HasPrefix(t, "% ") {
			return nil, &parsers.ParseError{Command: cmdVersion, Line: n, Text: line, Msg: "device error"}
		}
		if strings.HasPrefix(t, "Switch Ports Model") || inStack && strings.HasPrefix(t, "------") {
			inStack = true
			continue
		}
		if inStack {
			if inStack = verSwitchRow(v, t); inStack {
				v.Span.Cover(n)
				continue
			}
		}
		if verLine(v, t) {
			v.Span.Cover(n)
		}
	}
	if v.Software == "" {
		return nil, &parsers.ParseError{Command: cmdVersion, Msg: "no software version line (\"Cisco IOS XE Software, Version ...\") found"}
	}
	return v, nil
}

// verLine applies one trimmed line; it reports whether it used it.
func verLine(v *parsers.Version, t string) bool {
	switch {
	case strings.HasPrefix(t, "Cisco IOS XE Software, Version "):
		v.Software, v.OS = t, "IOS-XE"
		v.Version = strings.TrimPrefix(t, "Cisco IOS XE Software, Version ")
	case (strings.HasPrefix(t, "Cisco IOS Software") || strings.HasPrefix(t, "IOS (tm)")) && strings.Contains(t, "Version "):
		verSoftwareLine(v, t)
	case strings.Contains(t, " uptime is ") && !strings.HasPrefix(t, "Uptime for this"):
		host, up, _ := strings.Cut(t, " uptime is ")
		v.Hostname, v.UptimeRaw = host, up
		v.Uptime = verParseUptime(v, up)
		v.UptimeSec = int64(v.Uptime / time.Second)
	case strings.HasPrefix(t, "ROM: "):
		v.ROM = strings.TrimPrefix(t, "ROM: ")
	case strings.HasPrefix(t, "System image file is "):
		img := strings.TrimPrefix(t, "System image file is ")
		if strings.HasPrefix(img, "\"") {
			img, _, _ = strings.Cut(img[1:], "\"") // "X", booted via flash
		}
		v.Image = img
	case strings.HasPrefix(t, "Processor board ID "):
		v.Serial = strings.TrimRight(devFirstField(strings.TrimPrefix(t, "Processor board ID ")), ",")
	case strings.HasPrefix(t, "Configuration register is "):
		v.ConfigReg = devFirstField(strings.TrimPrefix(t, "Configuration register is "))
	case strings.HasPrefix(t, "Last reload reason: "):
		v.LastReloadReason = strings.TrimPrefix(t, "Last reload reason: ")
	case strings.HasPrefix(t, "System restarted at "):
		v.SystemRestartedAt = strings.TrimPrefix(t, "System restarted at ")
	case strings.HasPrefix(t, "System returned to ROM by "):
		v.ReturnedToROMBy = strings.TrimPrefix(t, "System returned to ROM by ")
	case strings.Contains(t, " with ") && strings.Contains(t, "K bytes of") &&
		(strings.Contains(t, " processor") || strings.Contains(t, "(revision")):
		verPlatformLine(v, t)
	case strings.Contains(t, "K bytes of "):
		verMemoryLine(v, t)
	case strings.HasSuffix(t, " interfaces") || strings.HasSuffix(t, " interface"):
		num, name, ok := strings.Cut(t, " ")
		cnt, err := strconv.Atoi(num)
		if !ok || err != nil {
			return false
		}
		name = strings.TrimSuffix(strings.TrimSuffix(name, "s"), " interface")
		if v.InterfaceCounts == nil {
			v.InterfaceCounts = map[string]int{}
		}
		v.InterfaceCounts[name] = cnt
	default:
		return false
	}
	return true
}

// verSwitchRow reads "*    1 32    WS-C3850-24P  16.4.2  CAT3K_CAA-UNIVERSALK9 BUNDLE";
// it reports false at the end of the table.
func verSwitchRow(v *parsers.Version, t string) bool {
	f := strings.Fields(t)
	sw := parsers.VersionSwitch{}
	if len(f) > 0 && f[0] == "*" {
		sw.Active, f = true, f[1:]
	}
	if len(f) < 5 {
		return false
	}
	num, err1 := strconv.Atoi(f[0])
	ports, err2 := strconv.Atoi(f[1])
	if err1 != nil || err2 != nil {
		return false
	}
	sw.Number, sw.Ports, sw.Model, sw.SWVersion, sw.SWImage = num, ports, f[2], f[3], f[4]
	if len(f) >= 6 {
		sw.Mode = f[5]
	}
	v.Switches = append(v.Switches, sw)
	return true
}

// verSoftwareLine reads "Cisco IOS Software [Bengaluru], ASR1000 Software
// (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.5.1a, RELEASE SOFTWARE (fc3)".
// On IOS-XE the "Cisco IOS XE Software, Version" line, when present, wins.
func verSoftwareLine(v *parsers.Version, t string) {
	if i, j := strings.IndexByte(t, '('), strings.IndexByte(t, ')'); i >= 0 && j > i && v.ImageID == "" {
		v.ImageID = t[i+1 : j]
	}
	_, ver, _ := strings.Cut(t, "Version ")
	v.IOSVersion = strings.TrimRight(devFirstField(ver), ",")
	if v.OS == "IOS-XE" {
		return
	}
	v.Software, v.Version = t, v.IOSVersion
	v.OS = "IOS"
	if strings.Contains(t, "IOS-XE") || strings.Contains(t, "IOSXE") || strings.Contains(t, "IOS XE") {
		v.OS = "IOS-XE"
	}
}

// verPlatformLine reads "cisco C8000V (VXE) processor (revision VXE) with
// 1987991K/3075K bytes of memory." and "cisco ISR4451-X/K9 (2RU) processor
// with 1795979K/6147K bytes of memory.".
func verPlatformLine(v *parsers.Version, t string) {
	f := strings.Fields(t)
	if len(f) >= 2 {
		v.Platform = f[1]
	}
	if i, j := strings.IndexByte(t, '('), strings.IndexByte(t, ')'); i >= 0 && j > i {
		v.ProcessorType = t[i+1 : j]
	}
	// The last "with": "Cisco CISCO3945-CHASSIS (revision 1.1) with
	// C3900-SPE150/K9 with 2027520K/69632K bytes of memory."
	if i := strings.LastIndex(t, " with "); i >= 0 {
		a, b, _ := strings.Cut(devFirstField(t[i+len(" with "):]), "/")
		v.MainMemoryKB = verKbytes(a)
		v.IOMemoryKB = verKbytes(b)
	}
}

// verMemoryLine reads "32768K bytes of non-volatile configuration memory." and
// "7341807K bytes of flash memory at bootflash:.".
func verMemoryLine(v *parsers.Version, t string) {
	num, rest, _ := strings.Cut(t, "K bytes of ")
	n := verKbytes(num + "K")
	rest = strings.TrimSuffix(rest, ".")
	if _, dev, ok := strings.Cut(rest, " at "); ok {
		if v.Disks == nil {
			v.Disks = map[string]int64{}
		}
		v.Disks[strings.TrimSuffix(dev, ".")] = n
		return
	}
	if v.Memory == nil {
		v.Memory = map[string]int64{}
	}
	v.Memory[strings.TrimSuffix(rest, " memory")] = n
}

func verKbytes(s string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(s), "K"), 10, 64)
	return n
}

// verParseUptime reads "1 year, 2 weeks, 3 days, 4 hours, 5 minutes". A year
// counts as 365 days, as IOS does.
func verParseUptime(v *parsers.Version, s string) time.Duration {
	var d time.Duration
	for _, seg := range strings.Split(s, ",") {
		f := strings.Fields(seg)
		if len(f) < 2 {
			continue
		}
		n, err := strconv.Atoi(f[0])
		if err != nil {
			continue
		}
		var unit time.Duration
		switch strings.TrimSuffix(f[1], "s") {
		case "year":
			unit, v.UptimeYears = 365*24*time.Hour, n
		case "week":
			unit, v.UptimeWeeks = 7*24*time.Hour, n
		case "day":
			unit, v.UptimeDays = 24*time.Hour, n
		case "hour":
			unit, v.UptimeHours = time.Hour, n
		case "minute":
			unit, v.UptimeMinutes = time.Minute, n
		case "second":
			unit = time.Second
		}
		d += time.Duration(n) * unit
	}
	return d
}
