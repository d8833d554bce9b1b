package main

import (
	"bytes"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// connLimiter bounds the connections the HTTP server holds, so that no
// number of clients can take the file descriptors and memory the cycles
// need. At the limit, a new connection takes the place of the one idle the
// longest: a keep-alive connection between requests, or one that has sent
// nothing for newGrace (browsers and scrapers reconnect; an idle
// connection is what a flood is made of). When every connection is busy
// the newcomer is refused at once with a 503, so a health probe learns it
// in milliseconds instead of waiting in the accept queue.
type connLimiter struct {
	max   int
	grace time.Duration
	log   *slog.Logger
	// tls says whether the server speaks TLS (a refusal is then a close,
	// not a plaintext 503).
	tls bool
	// refusers bounds the refusals in flight, each holding a descriptor
	// for at most twice refuseLinger.
	refusers chan struct{}

	mu               sync.Mutex
	conns            map[*limitedConn]connSlot
	refused, evicted int       // since the last warning
	warned           time.Time // when the limit was last logged
}

type connSlot struct {
	state http.ConnState
	since time.Time
}

const (
	maxRefusers   = 8
	refuseLinger  = 500 * time.Millisecond
	limitWarnEach = time.Minute
)

func newConnLimiter(max int, grace time.Duration, log *slog.Logger) *connLimiter {
	return &connLimiter{max: max, grace: grace, log: log,
		refusers: make(chan struct{}, maxRefusers), conns: map[*limitedConn]connSlot{}}
}

// admit takes a slot for c, or the slot of the connection idle the
// longest (returned to be closed), or none.
func (l *connLimiter) admit(c net.Conn) (lc *limitedConn, victim *limitedConn) {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.conns) >= l.max {
		for cand, s := range l.conns {
			evictable := s.state == http.StateIdle || (s.state == http.StateNew && now.Sub(s.since) >= l.grace)
			if evictable && (victim == nil || s.since.Before(l.conns[victim].since)) {
				victim = cand
			}
		}
		if victim == nil {
			l.refused++
			return nil, nil
		}
		delete(l.conns, victim)
		l.evicted++
	}
	lc = &limitedConn{Conn: c, lim: l}
	l.conns[lc] = connSlot{state: http.StateNew, since: now}
	return lc, victim
}

// track follows the server's view of each connection (ConnState).
func (l *connLimiter) track(c net.Conn, state http.ConnState) {
	for {
		if lc, ok := c.(*limitedConn); ok {
			l.mu.Lock()
			if _, held := l.conns[lc]; held {
				if state == http.StateClosed || state == http.StateHijacked {
					delete(l.conns, lc)
				} else {
					l.conns[lc] = connSlot{state: state, since: time.Now()}
				}
			}
			l.mu.Unlock()
			return
		}
		u, ok := c.(interface{ NetConn() net.Conn }) // *tls.Conn
		if !ok {
			return
		}
		c = u.NetConn()
	}
}

func (l *connLimiter) release(lc *limitedConn) {
	l.mu.Lock()
	delete(l.conns, lc)
	l.mu.Unlock()
}

// refuse answers a connection over the limit and closes it: a 503 that
// names the limit on plain HTTP, a bare close on TLS. With maxRefusers
// refusals already lingering it is closed at once.
func (l *connLimiter) refuse(c net.Conn) {
	select {
	case l.refusers <- struct{}{}:
	default:
		c.Close()
		return
	}
	go func() {
		defer func() { <-l.refusers }()
		defer c.Close()
		if l.tls {
			return
		}
		_ = c.SetReadDeadline(time.Now().Add(refuseLinger))
		// Answer after the request header (or whatever came within the
		// linger): a client that reads an answer before it has asked
		// takes it for garbage.
		var buf [4096]byte
		for n := 0; n < len(buf); {
			k, err := c.Read(buf[n:])
			n += k
			if err != nil || bytes.Contains(buf[:n], []byte("\r\n\r\n")) {
				break
			}
		}
		_ = c.SetDeadline(time.Now().Add(refuseLinger))
		body := fmt.Sprintf("vcdiag watch: every connection is in use (--web.max-connections %d); retry\n", l.max)
		_, _ = fmt.Fprintf(c, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"+
			"Content-Length: %d\r\nRetry-After: 1\r\nConnection: close\r\n\r\n%s", len(body), body)
		// Half-close and drain, so the close does not reset the
		// connection before the client has read the answer.
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.CloseWrite()
		}
		for {
			if _, err := c.Read(buf[:]); err != nil {
				return
			}
		}
	}()
}

// warn logs, at most once per limitWarnEach, that the limit was reached.
func (l *connLimiter) warn() {
	l.mu.Lock()
	if l.refused+l.evicted == 0 || time.Since(l.warned) < limitWarnEach {
		l.mu.Unlock()
		return
	}
	refused, evicted := l.refused, l.evicted
	l.refused, l.evicted, l.warned = 0, 0, time.Now()
	l.mu.Unlock()
	l.log.Warn("HTTP connection limit reached", "max_connections", l.max, "refused", refused, "idle_closed", evicted)
}

// limitListener admits each connection into its limiter.
type limitListener struct {
	net.Listener
	lim *connLimiter
}

func (ll limitListener) Accept() (net.Conn, error) {
	for {
		c, err := ll.Listener.Accept()
		if err != nil {
			return nil, err
		}
		lc, victim := ll.lim.admit(c)
		if victim != nil {
			victim.Conn.Close()
		}
		ll.lim.warn()
		if lc != nil {
			return lc, nil
		}
		ll.lim.refuse(c)
	}
}

// limitedConn gives its slot back when the server closes it.
type limitedConn struct {
	net.Conn
	lim  *connLimiter
	once sync.Once
}

func (c *limitedConn) Close() error {
	c.once.Do(func() { c.lim.release(c) })
	return c.Conn.Close()
}
