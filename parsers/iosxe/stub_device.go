package iosxe

import (
	"errors"

	"github.com/vcdiag/vcdiag/parsers"
)

// STUB: replaced by interfaces.go, config.go, ping.go, version.go.

func ParseInterfaces(out string) ([]parsers.Interface, error)       { return nil, errors.New("todo") }
func ParseRunningConfig(out string) (*parsers.RunningConfig, error) { return nil, errors.New("todo") }
func ParsePing(out string) (*parsers.Ping, error)                   { return nil, errors.New("todo") }
func ParseVersion(out string) (*parsers.Version, error)             { return nil, errors.New("todo") }
