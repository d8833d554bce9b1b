package bundle

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// decodeManifest decodes manifest.json from r as a stream, refusing more
// than max files, notes or command words before decoding the next one: a
// manifest listing one file 200,000 times costs what max entries cost,
// not what the file holds. Unknown fields are skipped, as a newer
// vcdiag's manifest may have some.
func decodeManifest(r io.Reader, max int) (Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(r)
	if err := expectDelim(dec, '{'); err != nil {
		return m, err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return m, err
		}
		key, _ := tok.(string)
		switch key {
		case "files":
			err = decodeList(dec, max, key, func() error {
				var e FileEntry
				err := dec.Decode(&e)
				m.Files = append(m.Files, e)
				return err
			})
		case "notes":
			err = decodeList(dec, max, key, func() error {
				var s string
				err := dec.Decode(&s)
				m.Notes = append(m.Notes, s)
				return err
			})
		case "command":
			err = decodeList(dec, max, key, func() error {
				var s string
				err := dec.Decode(&s)
				m.Command = append(m.Command, s)
				return err
			})
		case "schema":
			err = dec.Decode(&m.Schema)
		case "vcdiag_version":
			err = dec.Decode(&m.VcdiagVersion)
		case "started":
			err = dec.Decode(&m.Started)
		case "finished":
			err = dec.Decode(&m.Finished)
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return m, err
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return m, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return m, errors.New("data after the manifest object")
	}
	return m, nil
}

// errTooMany is wrapped by decodeList's error about a list longer than
// its limit.
var errTooMany = errors.New("too many items")

// decodeList decodes a JSON list (or null) item by item with each,
// stopping with an error before item max+1.
func decodeList(dec *json.Decoder, max int, what string, each func() error) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("%s: want a list, got %v", what, tok)
	}
	for n := 0; dec.More(); n++ {
		if n == max {
			return fmt.Errorf("%s: more than %d items: %w", what, max, errTooMany)
		}
		if err := each(); err != nil {
			return fmt.Errorf("%s[%d]: %w", what, n, err)
		}
	}
	return expectDelim(dec, ']')
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("want %q, got %v", want, tok)
	}
	return nil
}
