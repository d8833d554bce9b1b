package sim

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
)

// SiteServers are the SSH servers of every CPE of a site, one port each.
type SiteServers struct {
	Site *Site
	// Servers are in the site's CPE order.
	Servers []*Server
}

// StartSite starts one Server per CPE of site with opts. When opts.Listen
// names a port, the CPEs get that port and the following ones (a
// two-CPE site on 127.0.0.1:2222 uses 2222 and 2223); port 0 gives each a
// free port. On error the servers already started are closed.
func StartSite(ctx context.Context, site *Site, opts ServerOptions) (*SiteServers, error) {
	if site == nil || len(site.CPEs) == 0 {
		return nil, fmt.Errorf("start simulated site: no CPE")
	}
	listen := opts.Listen
	if listen == "" {
		listen = DefaultListen
	}
	host, portText, err := net.SplitHostPort(listen)
	if err != nil {
		return nil, fmt.Errorf("start simulated site: listen address %q: %w", listen, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 0 || port+len(site.CPEs)-1 > 65535 {
		return nil, fmt.Errorf("start simulated site: listen address %q: bad port", listen)
	}
	ss := &SiteServers{Site: site}
	for i, c := range site.CPEs {
		o := opts
		if port != 0 {
			o.Listen = net.JoinHostPort(host, strconv.Itoa(port+i))
		} else {
			o.Listen = net.JoinHostPort(host, "0")
		}
		srv, err := NewServer(site, c.Hostname, o)
		if err == nil {
			err = srv.Start(ctx)
		}
		if err != nil {
			return nil, errors.Join(err, ss.Close())
		}
		ss.Servers = append(ss.Servers, srv)
	}
	return ss, nil
}

// Server returns the server of the named CPE, or nil.
func (ss *SiteServers) Server(cpe string) *Server {
	for _, s := range ss.Servers {
		if s.cpe == cpe {
			return s
		}
	}
	return nil
}

// Log returns the command log of the named CPE (nil for an unknown one).
func (ss *SiteServers) Log(cpe string) []LoggedCommand {
	if s := ss.Server(cpe); s != nil {
		return s.Log()
	}
	return nil
}

// Close closes every server and waits for all their goroutines.
func (ss *SiteServers) Close() error {
	var errs []error
	for _, s := range ss.Servers {
		errs = append(errs, s.Close())
	}
	return errors.Join(errs...)
}
