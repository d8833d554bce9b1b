package sim

import (
	"fmt"
	"time"
)

// age renders a duration as IOS prints ages and up times: hh:mm:ss below a
// day, 1d02h below a week, 3w0d below a year, 1y10w after.
func age(d time.Duration) string {
	s := int64(d / time.Second)
	switch {
	case s < 86400:
		return fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60)
	case s < 7*86400:
		return fmt.Sprintf("%dd%02dh", s/86400, s/3600%24)
	case s < 52*7*86400:
		return fmt.Sprintf("%dw%dd", s/(7*86400), s/86400%7)
	}
	return fmt.Sprintf("%dy%dw", s/(52*7*86400), s/(7*86400)%52)
}

// longUptime renders "3 weeks, 2 days, 4 hours, 12 minutes" as show
// version does, leaving out leading zero units.
func longUptime(d time.Duration) string {
	m := int64(d / time.Minute)
	parts := []struct {
		n    int64
		unit string
	}{
		{m / (7 * 1440), "week"}, {m / 1440 % 7, "day"}, {m / 60 % 24, "hour"}, {m % 60, "minute"},
	}
	out := ""
	for _, p := range parts {
		if p.n == 0 && out == "" {
			continue
		}
		if out != "" {
			out += ", "
		}
		u := p.unit
		if p.n != 1 {
			u += "s"
		}
		out += fmt.Sprintf("%d %s", p.n, u)
	}
	return out
}

// clock renders the "Time source is NTP, 10:21:03.123 UTC Thu Nov 26 2026"
// style timestamp.
func clock(t time.Time) string {
	t = t.UTC()
	return fmt.Sprintf("%s.%03d UTC %s", t.Format("15:04:05"), t.Nanosecond()/1e6, t.Format("Mon Jan 2 2006"))
}

// count is a counter growing at rate per second for d, rounded down.
func count(rate float64, d time.Duration) int64 {
	return int64(rate * d.Seconds())
}
