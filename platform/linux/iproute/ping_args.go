package iproute

import (
	"strconv"
	"strings"
	"time"
)

// PingArgs is what a ping command line asked for. The output does not say
// whether DF was set, so checks that need it read it from here.
type PingArgs struct {
	Target    string        `json:"target"`
	Count     int           `json:"count,omitempty"`      // -c
	Timeout   time.Duration `json:"timeout_ns,omitempty"` // -W
	Interface string        `json:"interface,omitempty"`  // -I (address or name)
	Size      int           `json:"size,omitempty"`       // -s
	PMTUDisc  string        `json:"pmtudisc,omitempty"`   // -M do|want|dont|probe
}

// ParsePingArgs reads an iputils ping command line
// ("ping -M do -s 1372 -c 3 -I 100.64.0.1 100.64.0.2"); unknown options are
// skipped.
func ParsePingArgs(cmd string) PingArgs {
	var a PingArgs
	f := strings.Fields(cmd)
	if len(f) > 0 && (f[0] == "ping" || strings.HasSuffix(f[0], "/ping")) {
		f = f[1:]
	}
	for i := 0; i < len(f); i++ {
		opt, val := f[i], ""
		if len(opt) > 2 && opt[0] == '-' && strings.IndexByte("cWIsM", opt[1]) >= 0 {
			opt, val = opt[:2], opt[2:]
		} else if i+1 < len(f) {
			val = f[i+1]
		}
		used := true
		switch opt {
		case "-c":
			a.Count, _ = strconv.Atoi(val)
		case "-W":
			if s, err := strconv.ParseFloat(val, 64); err == nil && s >= 0 && s < 1e6 {
				a.Timeout = time.Duration(s * float64(time.Second))
			}
		case "-I":
			a.Interface = val
		case "-s":
			a.Size, _ = strconv.Atoi(val)
		case "-M":
			a.PMTUDisc = val
		default:
			used = false
			if !strings.HasPrefix(opt, "-") {
				a.Target = opt
			}
		}
		if used && len(f[i]) == 2 {
			i++
		}
	}
	return a
}

// ParsePingCommand parses output as ParsePing and records the command line
// it answered, so DF and the requested size are known.
func ParsePingCommand(cmd, out string) (*Ping, error) {
	p, err := ParsePing(out)
	if err != nil {
		return nil, err
	}
	a := ParsePingArgs(cmd)
	p.Args = &a
	return p, nil
}
