package profile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The adversarial suite for profiles: each crafted file is refused with an
// error naming the file (and the line and field where there is one), in
// bounded time and memory. The bounds are generous: a real profile loads
// in a millisecond.
const (
	maxTime  = 5 * time.Second
	maxAlloc = 64 << 20
)

// loadCost loads the profile text from a file and returns the file's
// path, the time taken, the heap bytes allocated in all (TotalAlloc, an
// upper bound of the peak added) and the error.
func loadCost(t *testing.T, name, text string) (string, time.Duration, uint64, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.TotalAlloc
	start := time.Now()
	p, err := LoadWith(path, Rules{})
	d := time.Since(start)
	runtime.ReadMemStats(&ms)
	if err == nil {
		t.Fatalf("LoadWith(%s) accepted the profile (%.80s...)", name, p.Summary())
	}
	return path, d, ms.TotalAlloc - before, err
}

func checkBounds(t *testing.T, d time.Duration, alloc uint64) {
	t.Helper()
	t.Logf("took %v, allocated %d KiB", d, alloc>>10)
	if d > maxTime {
		t.Errorf("loading took %v, want under %v", d, maxTime)
	}
	if alloc > maxAlloc {
		t.Errorf("loading allocated %d MiB, want under %d MiB", alloc>>20, maxAlloc>>20)
	}
}

func wantIn(t *testing.T, err error, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %.300q does not contain %q", err, w)
		}
	}
}

// withRegion returns the example profile with its region set to region.
func withRegion(region string) string {
	return strings.Replace(Example(), "region: US-East", "region: "+region, 1)
}

// regionLine is the line of "region:" in the example profile.
func regionLine(t *testing.T) int {
	for i, l := range strings.Split(Example(), "\n") {
		if strings.HasPrefix(l, "region:") {
			return i + 1
		}
	}
	t.Fatal("no region line in the example profile")
	return 0
}

// A 100 MB profile was accepted, and `profile check` printed its 100 MB
// region. 8 MiB shows it: the file is refused unread.
func TestHostileProfileSize(t *testing.T) {
	text := withRegion(strings.Repeat("x", 8<<20))
	path, d, alloc, err := loadCost(t, "huge.yaml", text)
	checkBounds(t, d, alloc)
	wantIn(t, err, path, "more than 256 KiB", "not read")
	if strings.Contains(err.Error(), "xxxx") {
		t.Errorf("the error repeats the value")
	}
	if _, err := ParseWith([]byte(text), "huge.yaml", Rules{}); err == nil || !strings.Contains(err.Error(), "huge.yaml: the profile is") {
		t.Errorf("ParseWith(8 MiB) = %v, want the size refused", err)
	}
}

// Each value is bounded, and the error names file, line and field
// without repeating the value.
func TestHostileProfileValues(t *testing.T) {
	line := regionLine(t)
	for _, tt := range []struct {
		name, region, want string
	}{
		{"long value", strings.Repeat("x", 200000), "region: a value of 200000 bytes, longer than the 256 a profile value may be"},
		{"escape sequence", `"US\e[2J-East"`, "region: the value holds the control character U+001B"},
		{"C1 control", `"US\u009bEast"`, "region: the value holds the control character U+009B"},
		{"bidi override", `"US\u202eEast"`, "region: the value holds the control character U+202E"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path, d, alloc, err := loadCost(t, "value.yaml", withRegion(tt.region))
			checkBounds(t, d, alloc)
			wantIn(t, err, fmt.Sprintf("%s:%d: %s", path, line, tt.want))
			if strings.Contains(err.Error(), "xxxx") {
				t.Errorf("the error repeats the value")
			}
			var pe *Error
			if !errors.As(err, &pe) || pe.Line != line || pe.Path != "region" {
				t.Errorf("error = %+v, want line %d, field region", pe, line)
			}
		})
	}
}

// A few lines of anchors and merge keys expanded to 10^8 fields.
func TestHostileProfileAliases(t *testing.T) {
	var b strings.Builder
	b.WriteString("x0: &x0 {name: a}\n")
	for i := 1; i <= 8; i++ {
		fmt.Fprintf(&b, "x%d: &x%d {<<: [%s]}\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*x%d, ", i-1), 10), ", "))
	}
	b.WriteString("tunnels:\n  - <<: *x8\n")
	path, d, alloc, err := loadCost(t, "aliases.yaml", b.String())
	checkBounds(t, d, alloc)
	wantIn(t, err, path, "aliases and merge keys expand to more than 100000 fields")
}

// A list of 10,000 tunnels is refused at its line, and the problems
// reported are capped (each tunnel had a dozen, each compared with every
// other tunnel).
func TestHostileProfileLists(t *testing.T) {
	text := "name: x\ntunnels:\n" + strings.Repeat("  - {name: t, bogus: 1}\n", 10000)
	path, d, alloc, err := loadCost(t, "lists.yaml", text)
	checkBounds(t, d, alloc)
	wantIn(t, err, path+":3: tunnels: 10000 items, more than the 256 a profile list may hold", "more problems not shown")
	var l ErrorList
	if !errors.As(err, &l) || len(l) != maxErrors+1 {
		t.Errorf("%d problems reported, want %d and a count of the rest", len(l), maxErrors)
	}
}

// FuzzParseBounded checks the limits hold for any input: a profile value
// in an error is never longer than the limit.
func FuzzParseBounded(f *testing.F) {
	f.Add(Example())
	f.Add(withRegion(`"a\e[31mb"`))
	f.Add("x: &x {a: 1}\ny: &y {<<: [*x, *x]}\ntunnels: [{<<: *y}]\n")
	f.Fuzz(func(t *testing.T, text string) {
		_, err := Parse([]byte(text), "fuzz.yaml")
		if err == nil {
			return
		}
		var l ErrorList
		if errors.As(err, &l) && len(l) > maxErrors+1 {
			t.Fatalf("%d problems reported, want at most %d", len(l), maxErrors+1)
		}
	})
}
