//go:build !linux

package probe

import (
	"errors"
	"net/netip"
	"time"
)

func openDF(netip.Addr, Mode, time.Duration) (tryFunc, func(), error) {
	return nil, nil, errors.New("the DF sweep needs Linux (IP_PMTUDISC_PROBE)")
}
