package checks

import (
	"slices"
	"strings"
)

// A CPE that could not be collected is one cause with one fix, however many
// checks it leaves unknown: the report names it once, first, and groups the
// checks under it instead of repeating the transport error in each of them.

// CollectionFailure is why a CPE's evidence is missing or incomplete: a
// connection refused or unanswered, a login or enable refused, an untrusted
// or changed host key, a session lost midway. The pipeline fills everything
// but Checks from the collectors' typed errors; Run lists the checks it
// leaves unknown.
type CollectionFailure struct {
	CPE string `json:"cpe"`
	// Host is where vcdiag tried to reach the CPE ("192.0.2.10:22").
	Host string `json:"host,omitempty"`
	// Kind is one of the Failure* constants, stable for scripts.
	Kind string `json:"kind"`
	// Summary is the cause in one sentence, without the transport's
	// wrapping ("127.0.0.1:2222 refused the connection: nothing listens there").
	Summary string `json:"summary"`
	// Fix is what to do about it: the command that trusts a host key, the
	// variable that holds the password.
	Fix string `json:"fix"`
	// Detail is the full error as the collector reported it, once.
	Detail string `json:"detail,omitempty"`
	// Answered is how many commands the CPE answered before the failure:
	// 0 when nothing was collected at all.
	Answered int `json:"answered"`
	// Missing names each command that was not collected, once, in plan
	// order (a partial collection).
	Missing []string `json:"missing,omitempty"`
	// Checks are the checks left unknown by this failure, as
	// "tunnel1/ikev2.proposal" or "site.capacity".
	Checks []string `json:"checks"`
	// Repeats are the CPE's collection problems that only repeat this
	// failure; the report's notes leave them out.
	Repeats []string `json:"-"`
}

// The kinds of collection failure.
const (
	FailureConnect        = "connect"          // refused, no route, unknown host name
	FailureTimeout        = "timeout"          // no answer within --connect-timeout, or the run's --timeout
	FailureAuth           = "auth"             // the login was refused
	FailurePrivilege      = "privilege"        // enable was refused or needs a secret
	FailureHostKey        = "host-key"         // the host key is not in known_hosts
	FailureHostKeyChanged = "host-key-changed" // known_hosts holds another key
	FailureDisconnect     = "disconnect"       // the session ended midway
	FailureLimit          = "limit"            // the CPE sent more than a --max-* limit allows
	FailureOther          = "other"
)

// NotSent is the reason the pipeline gives every output a failed collection
// left unsent. It is short on purpose: the cause and its fix are said once,
// in the collection failure, and a check whose summary carries this reason
// is grouped under it.
func NotSent(cpe string) string {
	return "not sent: the collection from " + cpe + " failed"
}

// Nothing reports whether the failure left nothing collected at all.
func (f CollectionFailure) Nothing() bool { return f.Answered == 0 }

// notCollectedSummary is the summary of a check that could not run because
// nothing was collected from its CPE.
func notCollectedSummary(f CollectionFailure) string {
	return "not collected: " + f.CPE + ": " + f.Summary
}

// failureOf returns the collection failure of a CPE, or nil.
func failureOf(fs []CollectionFailure, cpe string) *CollectionFailure {
	for i := range fs {
		if fs[i].CPE == cpe {
			return &fs[i]
		}
	}
	return nil
}

// groupUnderFailure marks r as unknown because of f: no per-check hint (the
// fix is the failure's), and the summary says so briefly.
func groupUnderFailure(r Result, f *CollectionFailure, label string) Result {
	r.CollectionFailed = f.CPE
	r.Hint, r.Verify = "", ""
	f.Checks = append(f.Checks, label)
	return r
}

// groupTunnel groups a tunnel's unknown results that a failed collection
// explains: all of them when nothing was collected (Run already made them
// so), the ones whose reason is an unsent command otherwise.
func groupTunnel(tr *TunnelReport, f *CollectionFailure) {
	if f == nil {
		return
	}
	for si := range tr.Stages {
		for ci, r := range tr.Stages[si].Checks {
			if r.Status != Unknown || !(f.Nothing() || strings.Contains(r.Summary, NotSent(f.CPE))) {
				continue
			}
			tr.Stages[si].Checks[ci] = groupUnderFailure(r, f, tr.Name+"/"+r.ID)
		}
	}
}

// groupSite groups an unknown site check under the failures that explain
// it: one whose reason names an unsent command, or every failure when no
// CPE of the site was collected at all.
func groupSite(r Result, fs []CollectionFailure, cpes []string) Result {
	if r.Status != Unknown || len(fs) == 0 {
		return r
	}
	for i := range fs {
		if strings.Contains(r.Summary, NotSent(fs[i].CPE)) {
			return groupUnderFailure(r, &fs[i], r.ID)
		}
	}
	for _, c := range cpes {
		if f := failureOf(fs, c); f == nil || !f.Nothing() {
			return r
		}
	}
	if i := slices.IndexFunc(fs, func(f CollectionFailure) bool { return slices.Contains(cpes, f.CPE) }); i >= 0 {
		r = groupUnderFailure(r, &fs[i], r.ID)
		r.Summary = notCollectedSummary(fs[i])
	}
	return r
}
