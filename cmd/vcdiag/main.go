package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/vcdiag/vcdiag/reports/textsafe"
)

func main() {
	err := newRootCommand(os.Stdin, os.Stdout, os.Stderr).Execute()
	os.Exit(exitCode(err, os.Stderr))
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
