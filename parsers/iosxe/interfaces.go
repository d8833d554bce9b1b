package iosxe

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdInterfaces = "show interfaces"

// ParseInterfaces parses `show interfaces [NAME]` from IOS and IOS-XE
// (15.x, 16.x, 17.x; seen on CSR1000v, C8000v, ISR4k, ASR1k, Catalyst).
//
// Every interface block is kept, tunnel or not. For GRE/IPsec tunnels it
// reads the tunnel lines the ladder needs (source, destination, protocol,
// keepalive, linestate evaluation, protection profile, transport MTU, PMTUD)
// and for all interfaces the rates, queues and counters. Lines it does not
// know (the "Tunnel Subblocks" tree, ARP type, media details) are skipped.
// A command echo, prompt or timestamp banner before the first interface is
// tolerated; an IOS error ("% Invalid input detected") or a value line it
// cannot read (an address, a keepalive) is a *parsers.ParseError.
func ParseInterfaces(out string) ([]parsers.Interface, error) {
	lines := parsers.Lines(out)
	// Sized up front: an Interface is large, and regrowing the slice was
	// most of the allocation on a 1,000-tunnel output.
	ifs := make([]parsers.Interface, 0, strings.Count(out, ", line protocol is "))
	var cur *parsers.Interface
	for i, line := range lines {
		n := i + 1
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "%") {
			return nil, &parsers.ParseError{Command: cmdInterfaces, Line: n, Text: line, Msg: "device error"}
		}
		if name, st, proto, ok := ifHeader(line); ok {
			ifs = append(ifs, parsers.Interface{Name: name, Status: st, Protocol: proto})
			cur = &ifs[len(ifs)-1]
			cur.Span.Cover(n)
			continue
		}
		if cur == nil || t == "" || parsers.IsBanner(line) || devIsPrompt(t) {
			continue
		}
		cur.Span.Cover(n)
		if err := ifBodyLine(cur, t); err != nil {
			return nil, &parsers.ParseError{Command: cmdInterfaces, Line: n, Text: line, Msg: err.Error()}
		}
	}
	if len(ifs) == 0 && devHasContent(lines) {
		return nil, &parsers.ParseError{Command: cmdInterfaces, Msg: "no interface block (\"NAME is up, line protocol is up\") found"}
	}
	return ifs, nil
}

// ifHeader reads "Tunnel1 is up, line protocol is up" and its
// variants: "administratively down", "(connected)", ", Autostate Enabled".
func ifHeader(line string) (name, status, proto string, ok bool) {
	if line == "" || line[0] == ' ' || line[0] == '\t' {
		return "", "", "", false
	}
	sp := strings.IndexByte(line, ' ')
	if sp <= 0 || !strings.HasPrefix(line[sp:], " is ") {
		return "", "", "", false
	}
	rest := line[sp+4:]
	c := strings.Index(rest, ", line protocol is ")
	if c < 0 {
		return "", "", "", false
	}
	status = rest[:c]
	if p := strings.Index(status, " ("); p >= 0 {
		status = status[:p]
	}
	proto = strings.TrimSpace(rest[c+len(", line protocol is "):])
	if i := strings.IndexAny(proto, " ,("); i >= 0 {
		proto = proto[:i]
	}
	if proto == "" {
		return "", "", "", false
	}
	return line[:sp], status, proto, true
}

// ifBodyLine applies one trimmed body line to the interface.
func ifBodyLine(it *parsers.Interface, t string) error {
	if c := t[0]; c >= '0' && c <= '9' {
		// Most lines of a block are counters: decide them first.
		if strings.Contains(t, " input rate ") || strings.Contains(t, " output rate ") {
			ifRateLine(it, t)
		} else {
			ifCounterLine(it, t)
		}
		return nil
	}
	switch {
	case strings.HasPrefix(t, "Hardware is "):
		ifHardwareLine(it, strings.TrimPrefix(t, "Hardware is "))
	case strings.HasPrefix(t, "Description: "):
		it.Description = strings.TrimPrefix(t, "Description: ")
	case strings.HasPrefix(t, "Internet address is "):
		p, err := netip.ParsePrefix(strings.TrimPrefix(t, "Internet address is "))
		if err != nil {
			return err
		}
		it.Address = p
	case strings.HasPrefix(t, "Interface is unnumbered. Using address of "):
		it.IPUnnumbered = devFirstField(strings.TrimPrefix(t, "Interface is unnumbered. Using address of "))
	case strings.HasPrefix(t, "MTU "):
		ifMTULine(it, t)
	case strings.HasPrefix(t, "reliability "):
		ifLoadLine(it, t)
	case strings.HasPrefix(t, "Encapsulation "):
		it.Encapsulation = strings.TrimSuffix(devFirstField(strings.TrimPrefix(t, "Encapsulation ")), ",")
	case strings.HasPrefix(t, "Keepalive "):
		return ifKeepaliveLine(it, t)
	case strings.HasSuffix(t, "Duplex") || strings.Contains(t, "Duplex,") || strings.Contains(t, "-duplex,"):
		ifDuplexLine(it, t)
	case strings.HasPrefix(t, "Tunnel ") || strings.HasPrefix(t, "Key ") || strings.HasPrefix(t, "Path MTU Discovery"):
		return ifTunnelLine(it, t)
	case strings.HasPrefix(t, "Last input "):
		ifLastLine(it, t)
	case strings.HasPrefix(t, "Last clearing of "):
		if i := strings.Index(t, " counters "); i >= 0 {
			it.LastClearing = t[i+len(" counters "):]
		}
	case strings.HasPrefix(t, "Input queue: "):
		ifQueueLine(it, t)
	case strings.HasPrefix(t, "Output queue: "):
		q := strings.Split(devFirstField(strings.TrimPrefix(t, "Output queue: ")), "/")
		if len(q) >= 2 {
			it.OutputQueueSize, it.OutputQueueMax = devAtoi(q[0]), devAtoi(q[1])
		}
	case strings.HasPrefix(t, "Queueing strategy: "):
		it.QueueingStrategy = strings.TrimPrefix(t, "Queueing strategy: ")
	case strings.Contains(t, " input rate ") || strings.Contains(t, " output rate "):
		ifRateLine(it, t)
	default:
		ifCounterLine(it, t)
	}
	return nil
}

// ifHardwareLine reads "vNIC, address is 0050.56bf.1a2b (bia 0050.56bf.1a2b)".
func ifHardwareLine(it *parsers.Interface, hw string) {
	if i := strings.Index(hw, ", address is "); i >= 0 {
		addr := hw[i+len(", address is "):]
		hw = hw[:i]
		f := strings.FieldsFunc(addr, func(r rune) bool { return r == ' ' || r == '(' || r == ')' })
		if len(f) > 0 {
			it.MACAddress = f[0]
		}
		if len(f) > 2 && f[1] == "bia" {
			it.BIA = f[2]
		}
	}
	it.Hardware = hw
}

// ifLoadLine reads "reliability 255/255, txload 1/255, rxload 1/255".
func ifLoadLine(it *parsers.Interface, t string) {
	devSegments(t, func(seg string) {
		k, v, _ := strings.Cut(seg, " ")
		switch k {
		case "reliability":
			it.Reliability = v
		case "txload":
			it.TxLoad = v
		case "rxload":
			it.RxLoad = v
		}
	})
}

func ifMTULine(it *parsers.Interface, t string) {
	devSegments(t, func(seg string) {
		k, v, _ := strings.Cut(seg, " ")
		switch k {
		case "MTU":
			it.MTU = devAtoi(devFirstField(v))
		case "BW":
			it.BandwidthKb = devAtoi(devFirstField(v))
		case "DLY":
			it.DelayUsec = devAtoi(devFirstField(v))
		}
	})
}

// ifKeepaliveLine reads "Keepalive set (10 sec), retries 3", "Keepalive set
// (10 sec)", "Keepalive not set" and "Keepalive not supported".
func ifKeepaliveLine(it *parsers.Interface, t string) error {
	if !strings.HasPrefix(t, "Keepalive set (") {
		it.KeepaliveSet = false
		return nil
	}
	rest := strings.TrimPrefix(t, "Keepalive set (")
	sec, after, ok := strings.Cut(rest, " sec)")
	n, err := strconv.Atoi(sec)
	if !ok || err != nil {
		return devErrWant("keepalive period in seconds")
	}
	it.KeepaliveSet = true
	it.KeepaliveSec = n
	it.KeepalivePeriod = time.Duration(n) * time.Second
	if i := strings.Index(after, "retries "); i >= 0 {
		it.KeepaliveRetries = devAtoi(devFirstField(after[i+len("retries "):]))
	}
	return nil
}

// ifDuplexLine reads "Full Duplex, 1000Mbps, link type is auto, media type is
// Virtual" and "Full-duplex, 1000Mb/s, media type is RJ45".
func ifDuplexLine(it *parsers.Interface, t string) {
	segs := strings.Split(t, ",")
	it.Duplex = strings.TrimSpace(segs[0])
	if len(segs) > 1 {
		it.Speed = strings.TrimSpace(segs[1])
	}
	for _, s := range segs {
		if _, v, ok := strings.Cut(s, "media type is "); ok {
			it.MediaType = strings.TrimSpace(v)
		}
	}
}

func ifLastLine(it *parsers.Interface, t string) {
	devSegments(strings.TrimPrefix(t, "Last "), func(seg string) {
		switch {
		case strings.HasPrefix(seg, "input "):
			it.LastInput = strings.TrimPrefix(seg, "input ")
		case strings.HasPrefix(seg, "output hang "):
			it.OutputHang = strings.TrimPrefix(seg, "output hang ")
		case strings.HasPrefix(seg, "output "):
			it.LastOutput = strings.TrimPrefix(seg, "output ")
		}
	})
}

// ifQueueLine reads "Input queue: 0/375/0/0 (size/max/drops/flushes); Total
// output drops: 0".
func ifQueueLine(it *parsers.Interface, t string) {
	var buf [4]string
	q := devSplitN(devFirstField(strings.TrimPrefix(t, "Input queue: ")), '/', buf[:0])
	if len(q) >= 4 {
		it.InputQueueSize, it.InputQueueMax = devAtoi(q[0]), devAtoi(q[1])
		it.InputDrops, it.InputQueueFlushes = devAtou(q[2]), devAtou(q[3])
	}
	if _, v, ok := strings.Cut(t, "Total output drops: "); ok {
		it.OutputDrops = devAtou(devFirstField(v))
	}
}

// ifRateLine reads "5 minute input rate 1000 bits/sec, 2 packets/sec" and
// "30 second output rate ...".
func ifRateLine(it *parsers.Interface, t string) {
	var buf [12]string
	f := devFields(t, buf[:0])
	if len(f) < 8 {
		return
	}
	n := devAtoi(f[0])
	var unit time.Duration
	switch strings.TrimSuffix(f[1], "s") {
	case "minute":
		unit = time.Minute
	case "second":
		unit = time.Second
	default:
		return
	}
	it.RateInterval = time.Duration(n) * unit
	it.RateIntervalSec = int(it.RateInterval / time.Second)
	bps, pps := devAtou(f[4]), devAtou(f[6])
	if f[2] == "input" {
		it.InputRateBps, it.InputRatePps = bps, pps
	} else {
		it.OutputRateBps, it.OutputRatePps = bps, pps
	}
}

// ifCounterLine reads the comma-separated "N name" counter lines:
// "0 packets input, 0 bytes, 0 no buffer", "Received 0 broadcasts (0 IP
// multicasts)", "0 input errors, 0 CRC, ...". The named totals go to typed
// fields, the rest to Counters.
func ifCounterLine(it *parsers.Interface, t string) {
	prefix := ""
	switch {
	case strings.HasPrefix(t, "Received "):
		t = strings.TrimPrefix(t, "Received ")
	case strings.HasPrefix(t, "Output "):
		t, prefix = strings.TrimPrefix(t, "Output "), "output_"
	case t[0] < '0' || t[0] > '9':
		return // not a counter line ("Set of tunnels with source ..., 2 members")
	}
	bytesField := ""
	for t != "" {
		// Segments end at ',' or '(' : "0 broadcasts (0 IP multicasts)".
		seg := t
		if i := strings.IndexAny(t, ",("); i >= 0 {
			seg, t = t[:i], t[i+1:]
		} else {
			t = ""
		}
		num, name, ok := strings.Cut(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(seg), ")")), " ")
		if !ok || num == "" || num[0] < '0' || num[0] > '9' {
			continue
		}
		v, err := strconv.ParseUint(num, 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "packets input":
			it.InputPackets, bytesField = v, "in"
			continue
		case "packets output":
			it.OutputPackets, bytesField = v, "out"
			continue
		case "bytes":
			if bytesField == "in" {
				it.InputBytes = v
				continue
			} else if bytesField == "out" {
				it.OutputBytes = v
				continue
			}
		case "input errors":
			it.InputErrors = v
			continue
		case "output errors":
			it.OutputErrors = v
			continue
		}
		if it.Counters == nil {
			it.Counters = make(map[string]uint64, 24)
		}
		it.Counters[prefix+devCounterKey(name)] = v
	}
}
