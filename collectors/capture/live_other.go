//go:build !linux

package capture

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
)

// Live is only available on Linux (AF_PACKET); elsewhere capture with
// tcpdump and read the file with ReadFiles.
func Live(ctx context.Context, iface string, d time.Duration, write io.Writer) (*evidence.Packets, error) {
	return nil, errors.New("live capture is only supported on Linux: capture with tcpdump -w and pass the file")
}
