package collectors

import (
	"context"
	"errors"

	"github.com/vcdiag/vcdiag/profile"
)

// Session is an open, privileged CLI session to one CPE. Run sends one
// command and returns its output; the caller guards it (Guard) so that only
// allowlisted commands are ever sent.
type Session interface {
	Runner
	// Close ends the session without sending anything but the transport's
	// own teardown (no "exit", no configuration).
	Close() error
}

// Dialer opens a session to a CPE of the profile, honouring ctx for the
// whole connection (TCP, SSH handshake, authentication, privilege, terminal
// settings): it must return when ctx is done, leaving no goroutine behind.
type Dialer func(ctx context.Context, cpe profile.CPE) (Session, error)

// Sentinel errors a Dialer or Session wraps, so that checks can say
// "unknown" with the right reason and the CLI can say what to do.
var (
	ErrAuth          = errors.New("authentication failed")
	ErrTimeout       = errors.New("timed out")
	ErrHostKey       = errors.New("host key not trusted")
	ErrHostKeyChange = errors.New("host key changed")
	ErrSessionLost   = errors.New("session lost")
)
