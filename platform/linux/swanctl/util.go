package swanctl

import (
	"strconv"
	"strings"
	"time"
)

// indent counts the leading spaces of a line (tabs count as one).
func indent(l string) int {
	n := 0
	for n < len(l) && (l[n] == ' ' || l[n] == '\t') {
		n++
	}
	return n
}

// parseSeconds reads the durations swanctl prints: "98s", "98s ago",
// "14400s", and the long forms of older tools ("50 minutes", "2 hours").
func parseSeconds(s string) (time.Duration, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), " ago"))
	if strings.HasSuffix(s, "s") && isDigits(s[:len(s)-1]) {
		return secs(s[:len(s)-1])
	}
	num, unit, ok := strings.Cut(s, " ")
	if !ok || !isDigits(num) {
		return 0, false
	}
	mult := map[string]time.Duration{
		"second": time.Second, "seconds": time.Second, "minute": time.Minute, "minutes": time.Minute,
		"hour": time.Hour, "hours": time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
	}[strings.TrimSpace(unit)]
	if mult == 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(num, 10, 32)
	if err != nil {
		return 0, false
	}
	return time.Duration(n) * mult, true
}

func secs(digits string) (time.Duration, bool) {
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n > int64(1<<62)/int64(time.Second) {
		return 0, false
	}
	return time.Duration(n) * time.Second, true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func atou32(s string) (uint32, bool) {
	n, err := strconv.ParseUint(s, 10, 32)
	return uint32(n), err == nil
}

func atou64(s string) (uint64, bool) {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	return n, err == nil
}
