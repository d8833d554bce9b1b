package evidence

import (
	"errors"
	"fmt"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// Why says why the CPE has no usable fact of family for q: the newest
// output meant to fill it that failed, with its reason ("show ip bgp summary
// (case.log:286) could not be parsed: line 7 of the output: ..."), or,
// when no output was meant to fill it, that the command q names was not
// collected.
func (c *CPE) Why(family Family, q Query) string {
	q.Family = family
	key := q.key()
	if c != nil {
		for i := len(c.Outputs) - 1; i >= 0; i-- {
			o := c.Outputs[i]
			if o.Err != nil && o.Fills(family) && (o.Arg == "" || key == "" || strings.EqualFold(o.Arg, key)) {
				return Unusable(o)
			}
		}
	}
	return c.Words().Show(q) + " was not collected"
}

// key is what narrows a query, compared with an output's Arg: an output
// about another peer, neighbor, interface or target does not explain why
// this one is missing.
func (q Query) key() string {
	switch {
	case q.Interface != "":
		return q.Interface
	case q.Neighbor.IsValid():
		return q.Neighbor.String()
	case q.Peer.IsValid():
		return q.Peer.String()
	case q.Address.IsValid():
		return q.Address.String()
	}
	return ""
}

// Unusable says why an output cannot be read, naming its command and
// source.
func Unusable(o *Output) string {
	cmd := o.Command
	if o.Source != "" {
		cmd += " (" + o.Source + ")"
	}
	var pe *parsers.ParseError
	switch {
	case o.Err == nil:
		return cmd + " gave no usable output"
	case errors.As(o.Err, &pe):
		msg := pe.Msg
		if pe.Line > 0 {
			msg = fmt.Sprintf("line %d of the output: %s", pe.Line, pe.Msg)
			if pe.Text != "" {
				msg += fmt.Sprintf(": %q", pe.Text)
			}
		}
		return cmd + " could not be parsed: " + msg
	case errors.Is(o.Err, ErrNotCollected):
		return cmd + " was not collected"
	case errors.Is(o.Err, ErrCommandFailed):
		return cmd + " failed: " + strings.TrimPrefix(o.Err.Error(), ErrCommandFailed.Error()+": ")
	}
	return cmd + ": " + o.Err.Error()
}
