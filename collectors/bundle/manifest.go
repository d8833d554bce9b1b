package bundle

import (
	"regexp"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/registry"
)

// SchemaV1 identifies the manifest format (docs/bundle.md).
const SchemaV1 = "vcdiag.bundle/v1"

// ManifestName is the manifest's name inside the zip.
const ManifestName = "manifest.json"

// The kinds of file a bundle holds.
const (
	KindReport         = "report"
	KindTranscript     = "transcript"
	KindCapture        = "capture"
	KindCaptureSummary = "capture-summary"
	KindProfile        = "profile"
)

// Manifest describes a bundle. It is written last, as manifest.json.
type Manifest struct {
	Schema        string `json:"schema"`
	VcdiagVersion string `json:"vcdiag_version"`
	// Command is the command line, every secret-looking argument masked
	// (MaskArgs).
	Command  []string    `json:"command"`
	Started  time.Time   `json:"started"`
	Finished time.Time   `json:"finished"`
	Files    []FileEntry `json:"files"`
	// Notes say what is missing and why ("report.html: no html renderer in
	// this build").
	Notes []string `json:"notes,omitempty"`
}

// FileEntry is one file of the bundle.
type FileEntry struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	// CPE is the profile CPE a transcript belongs to; "" when its prompts
	// name the CPE (the transcript reader maps it by hostname).
	CPE    string `json:"cpe,omitempty"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Entries returns the manifest's files of one kind, in bundle order.
func (m *Manifest) Entries(kind string) []FileEntry {
	var out []FileEntry
	for _, f := range m.Files {
		if f.Kind == kind {
			out = append(out, f)
		}
	}
	return out
}

// secretFlag matches flag names whose value is a secret. vcdiag itself has
// no such flag (passwords come from the environment or a prompt); this is
// for wrappers and future flags, and for a value pasted by mistake.
var secretFlag = regexp.MustCompile(`(?i)^--?[a-z0-9-]*(password|passwd|secret|psk|pre-shared|token|community|credential)[a-z0-9-]*$`)

// MaskArgs returns args with every value of a secret-looking flag
// ("--password X", "--enable-secret=X") replaced by platform.Mask, and every
// argument passed through redact.Text (a "key 7 ..." pasted as an
// argument).
func MaskArgs(args []string) []string {
	out := make([]string, len(args))
	maskNext := false
	for i, a := range args {
		switch {
		case maskNext:
			out[i], maskNext = platform.Mask, false
		case strings.HasPrefix(a, "-") && strings.Contains(a, "="):
			name, _, _ := strings.Cut(a, "=")
			if secretFlag.MatchString(name) {
				out[i] = name + "=" + platform.Mask
			} else {
				out[i] = registry.Redact(a)
			}
		case secretFlag.MatchString(a):
			out[i], maskNext = a, true
		default:
			out[i] = registry.Redact(a)
		}
	}
	return out
}
