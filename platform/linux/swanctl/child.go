package swanctl

import (
	"strconv"
	"strings"
)

// parseChildHeader reads "NAME: #ID, reqid R, STATE, MODE[-in-UDP], PROTO:ALGS".
func parseChildHeader(t string) (ChildSA, bool) {
	var c ChildSA
	i := strings.LastIndex(t, ": #")
	if i <= 0 {
		return c, false
	}
	f := strings.SplitN(t[i+3:], ", ", 5)
	if len(f) != 5 || !strings.HasPrefix(f[1], "reqid ") {
		return c, false
	}
	id, ok1 := atou32(f[0])
	reqid, ok2 := atou32(strings.TrimPrefix(f[1], "reqid "))
	if !ok1 || !ok2 || !isUpperWord(f[2]) {
		return c, false
	}
	c.Name, c.UniqueID, c.ReqID, c.State = t[:i], id, reqid, f[2]
	c.Mode = f[3]
	if m, ok := strings.CutSuffix(c.Mode, "-in-UDP"); ok {
		c.Mode, c.UDPEncap = m, true
	}
	proto, algs, _ := strings.Cut(f[4], ":")
	c.Protocol = proto
	if algs != "" {
		c.Algorithms = parseAlgorithms(algs, proto == "ESP")
	}
	return c, true
}

// line reads one CHILD_SA-level line (four-space indent).
func (c *ChildSA) line(t string, n int, l string) error {
	switch {
	case strings.HasPrefix(t, "installed "):
		return c.lifetimes(t, n, l)
	case strings.HasPrefix(t, "in "):
		return parseDirection(&c.In, strings.TrimPrefix(t, "in "), n, l)
	case strings.HasPrefix(t, "out "):
		return parseDirection(&c.Out, strings.TrimPrefix(t, "out "), n, l)
	case strings.HasPrefix(t, "local "):
		ts, ok := parseSelectors(strings.TrimPrefix(t, "local "))
		if !ok {
			return perr(cmdListSAs, n, l, "want a traffic selector ADDR/LEN[PROTO/PORT]")
		}
		c.LocalTS = ts
	case strings.HasPrefix(t, "remote "):
		ts, ok := parseSelectors(strings.TrimPrefix(t, "remote "))
		if !ok {
			return perr(cmdListSAs, n, l, "want a traffic selector ADDR/LEN[PROTO/PORT]")
		}
		c.RemoteTS = ts
	}
	return nil
}

func (c *ChildSA) lifetimes(t string, n int, l string) error {
	for i, part := range strings.Split(t, ", ") {
		var ok bool
		switch {
		case i == 0:
			c.Installed, ok = parseSeconds(strings.TrimPrefix(part, "installed "))
			c.HasInstalled = ok
		case strings.HasPrefix(part, "rekeying in "):
			c.RekeyIn, ok = parseSeconds(strings.TrimPrefix(part, "rekeying in "))
		case strings.HasPrefix(part, "expires in "):
			c.ExpiresIn, ok = parseSeconds(strings.TrimPrefix(part, "expires in "))
		default:
			ok = true
		}
		if !ok {
			return perr(cmdListSAs, n, l, "bad duration "+strconv.Quote(part))
		}
	}
	return nil
}

// parseDirection reads "SPI[/CPI][ (MARK)], N bytes, N packets[, Ns ago]".
func parseDirection(d *Direction, s string, n int, l string) error {
	parts := strings.Split(s, ",")
	if len(parts) < 3 {
		return perr(cmdListSAs, n, l, "want SPI, N bytes, N packets")
	}
	head := strings.TrimSpace(parts[0])
	if b := strings.IndexByte(head, '('); b >= 0 {
		d.Mark = strings.TrimSuffix(head[b+1:], ")")
		head = strings.TrimSpace(head[:b])
	}
	spi, cpi, _ := strings.Cut(head, "/")
	v, err := strconv.ParseUint(spi, 16, 32)
	if err != nil {
		return perr(cmdListSAs, n, l, "bad SPI "+strconv.Quote(spi))
	}
	d.SPI, d.SPIHex, d.CPI, d.Line = uint32(v), spi, cpi, n
	bytes, ok1 := counter(parts[1], "bytes")
	pkts, ok2 := counter(parts[2], "packets")
	if !ok1 || !ok2 {
		return perr(cmdListSAs, n, l, "want N bytes, N packets")
	}
	d.Bytes, d.Packets = bytes, pkts
	if len(parts) > 3 {
		ago, ok := parseSeconds(parts[3])
		if !ok {
			return perr(cmdListSAs, n, l, "bad last-use "+strconv.Quote(parts[3]))
		}
		d.LastUsed, d.HasLastUsed = ago, true
	}
	return nil
}

func counter(s, unit string) (uint64, bool) {
	num, ok := strings.CutSuffix(strings.TrimSpace(s), " "+unit)
	if !ok {
		return 0, false
	}
	return atou64(num)
}
