package main

import "fmt"

// Exit codes follow the monitoring-plugin convention (Nagios, Icinga,
// Sensu), so cron jobs and health checkers can act on them directly.
const (
	exitOK      = 0 // every check passed
	exitWarn    = 1 // the worst result is a warning
	exitFail    = 2 // at least one check failed
	exitUnknown = 3 // something could not be checked, or vcdiag could not run
)

// exitError carries an exit code out of a command. err, when set, is
// printed to stderr; a diagnosis that merely found failures has none,
// because the report already says everything.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }
