package frr

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// walker streams a JSON document and maps each value to the lines it
// spans in the output, so that records read from vtysh's JSON can cite
// lines like records read from text. Work is linear in the input.
type walker struct {
	cmd string
	src string
	dec *json.Decoder
	li  lineIndex
}

func newWalker(cmd, src string) *walker {
	d := json.NewDecoder(strings.NewReader(src))
	d.UseNumber()
	return &walker{cmd: cmd, src: src, dec: d, li: newLineIndex(src)}
}

// startLine is the line of the next value: the first byte after the
// decoder's position that is not white space, ':' or ','.
func (w *walker) startLine() int {
	off := int(w.dec.InputOffset())
	for off < len(w.src) {
		switch w.src[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
			continue
		}
		break
	}
	return w.li.line(int64(off))
}

func (w *walker) endLine() int {
	off := w.dec.InputOffset() - 1
	if off < 0 {
		off = 0
	}
	return w.li.line(off)
}

// errorf wraps a JSON error with the line it happened on.
func (w *walker) errorf(err error, msg string) error {
	var pe *parsers.ParseError
	if errors.As(err, &pe) {
		return err
	}
	line := w.li.line(w.dec.InputOffset())
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line = w.li.line(se.Offset)
	}
	var ue *json.UnmarshalTypeError
	if errors.As(err, &ue) {
		line = w.li.line(ue.Offset)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		line = len(w.li)
	}
	text := ""
	if line >= 1 && line <= len(w.li) {
		start := w.li[line-1]
		end := strings.IndexByte(w.src[start:], '\n')
		if end < 0 {
			text = w.src[start:]
		} else {
			text = w.src[start : start+end]
		}
	}
	return perr(w.cmd, line, strings.TrimSpace(text), fmt.Sprintf("%s: %v", msg, err))
}

// object reads the object at the decoder's position, calling fn for each
// key; fn must consume exactly the key's value (value or skip).
func (w *walker) object(fn func(key string) error) (parsers.Span, error) {
	sp := parsers.Span{Start: w.startLine()}
	tok, err := w.dec.Token()
	if err != nil {
		return sp, w.errorf(err, "want a JSON object")
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return sp, w.errorf(fmt.Errorf("got %v", tok), "want a JSON object")
	}
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return sp, w.errorf(err, "want an object key")
		}
		key, ok := tok.(string)
		if !ok {
			return sp, w.errorf(fmt.Errorf("got %v", tok), "want an object key")
		}
		if err := fn(key); err != nil {
			return sp, err
		}
	}
	if _, err := w.dec.Token(); err != nil {
		return sp, w.errorf(err, "want '}'")
	}
	sp.End = w.endLine()
	return sp, nil
}

// array reads the array at the decoder's position, calling fn for each
// element; fn must consume it.
func (w *walker) array(fn func() error) (parsers.Span, error) {
	sp := parsers.Span{Start: w.startLine()}
	tok, err := w.dec.Token()
	if err != nil {
		return sp, w.errorf(err, "want a JSON array")
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return sp, w.errorf(fmt.Errorf("got %v", tok), "want a JSON array")
	}
	for w.dec.More() {
		if err := fn(); err != nil {
			return sp, err
		}
	}
	if _, err := w.dec.Token(); err != nil {
		return sp, w.errorf(err, "want ']'")
	}
	sp.End = w.endLine()
	return sp, nil
}

// value decodes the next value into v and returns its span.
func (w *walker) value(v any) (parsers.Span, error) {
	sp := parsers.Span{Start: w.startLine()}
	if err := w.dec.Decode(v); err != nil {
		return sp, w.errorf(err, "bad JSON value")
	}
	sp.End = w.endLine()
	return sp, nil
}

// skip consumes the next value.
func (w *walker) skip() error {
	var raw json.RawMessage
	_, err := w.value(&raw)
	return err
}

// peek reports the next non-space byte.
func (w *walker) peek() byte {
	off := int(w.dec.InputOffset())
	for off < len(w.src) {
		switch w.src[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
			continue
		}
		return w.src[off]
	}
	return 0
}

// finish checks that nothing but white space follows the document.
func (w *walker) finish() error {
	if _, err := w.dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the JSON document")
		}
		return w.errorf(err, "trailing data")
	}
	return nil
}

// jsonStart reports whether the first non-space byte of s opens a JSON
// object.
func jsonStart(s string) bool {
	t := strings.TrimLeft(s, " \t\r\n")
	return strings.HasPrefix(t, "{")
}

// warningText reads a document that is only {"warning": "..."} (or FRR's
// bare "warning": "..." fragment, or a "%" line).
func warningText(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "%") {
		return t, true
	}
	if len(t) > 4096 {
		return "", false
	}
	if strings.HasPrefix(t, `"warning"`) {
		t = "{" + t + "}"
	}
	var doc map[string]json.RawMessage
	if json.Unmarshal([]byte(t), &doc) != nil || len(doc) != 1 {
		return "", false
	}
	raw, ok := doc["warning"]
	if !ok {
		return "", false
	}
	var msg string
	if json.Unmarshal(raw, &msg) != nil {
		return "", false
	}
	return msg, true
}
