package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"

	"github.com/vcdiag/vcdiag/reports/textsafe"
)

func main() {
	stop := startProfiling()
	err := newRootCommand(os.Stdin, os.Stdout, os.Stderr).Execute()
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// startProfiling writes a CPU profile to $VCDIAG_CPUPROFILE and a heap
// profile to $VCDIAG_MEMPROFILE at exit, when set: how bench/fleet.sh
// finds what a fleet run spends its time on (go tool pprof FILE). They
// are variables rather than flags so that no user meets them in --help.
func startProfiling() (stop func()) {
	cpu, mem := os.Getenv("VCDIAG_CPUPROFILE"), os.Getenv("VCDIAG_MEMPROFILE")
	var f *os.File
	if cpu != "" {
		var err error
		if f, err = os.Create(cpu); err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "vcdiag: VCDIAG_CPUPROFILE: %v\n", err)
			f = nil
		}
	}
	return func() {
		if f != nil {
			pprof.StopCPUProfile()
			f.Close()
		}
		if mem != "" {
			if m, err := os.Create(mem); err == nil {
				runtime.GC()
				_ = pprof.Lookup("allocs").WriteTo(m, 0)
				m.Close()
			}
		}
	}
}

// exitCode turns the error a command returned into the process exit code.
// Commands that finished a diagnosis return an *exitError carrying the
// monitoring-plugin code of the report (0 pass, 1 warn, 2 fail, 3 unknown);
// any other error means vcdiag could not do its job, which is 3.
func exitCode(err error, stderr *os.File) int {
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			printError(stderr, ee.err)
		}
		return ee.code
	}
	printError(stderr, err)
	return exitUnknown
}

// printError prints one line per problem, each prefixed, so that a profile
// with several mistakes reads as a list. Errors can quote what a file or a
// router said: control characters are shown escaped, never sent to the
// terminal.
func printError(stderr *os.File, err error) {
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(stderr, "vcdiag: %s\n", textsafe.String(line))
	}
}
