package collectors

import (
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/iosxe"
)

// The simulator and the fixtures of these tests are IOS-XE: the tests use
// its platform's allowlist and setup commands.
var (
	IOS           platform.Platform = iosxe.Platform{}
	ErrNotAllowed                   = platform.ErrNotAllowed
	openCommands                    = IOS.Session().Setup
)

// Allowed is the IOS-XE allowlist, which every command the tests send or
// the simulator logs must pass.
func Allowed(cmd string) error { return IOS.Allowed(cmd) }
