package iosxe

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/parsers"
)

// deviceErrorFixtures must fail to parse, with a ParseError on this line.
var deviceErrorFixtures = map[string]int{
	"ping_unrecognized.txt": 2,
}

// TestDeviceFixtures walks every fixture under testdata/device: each parses
// (or fails where listed) and matches its golden JSON.
func TestDeviceFixtures(t *testing.T) {
	for _, path := range deviceFixtures(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got, err := parseDevice(name, string(b))
			if line, bad := deviceErrorFixtures[name]; bad {
				var pe *parsers.ParseError
				if !errors.As(err, &pe) || pe.Line != line {
					t.Fatalf("parse %s: error %v, want a ParseError at line %d", name, err, line)
				}
				return
			}
			if err != nil {
				t.Fatalf("parse %s: %v", name, err)
			}
			checkGolden(t, strings.TrimSuffix(path, ".txt")+".golden.json", got)
		})
	}
}
