package textsafe

import (
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escaped reports whether String replaces r when r is validly encoded:
// C0 controls other than tab, DEL, C1 controls, format characters
// (Unicode category Cf: the bidi embeddings, overrides and isolates
// U+202A-U+202E and U+2066-U+2069, the marks U+200E, U+200F and U+061C,
// zero-width characters, the byte order mark, tag characters), the line
// and paragraph separators U+2028 and U+2029 (line breaks to some
// viewers), and the noncharacters U+FFFE and U+FFFF (XML 1.0 forbids
// them). utf8.RuneError here stands for U+FFFD itself, which is kept.
func Escaped(r rune) bool {
	switch {
	case r == '\t':
		return false
	case r < 0x20, r >= 0x7F && r <= 0x9F:
		return true
	case r < 0xA0:
		return false
	case r == 0xFFFE, r == 0xFFFF:
		return true
	}
	return unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

// String returns s with every invalid UTF-8 byte and every rune Escaped
// reports replaced by its visible escape (see the package documentation).
// Text without any is returned as it is, without allocating.
func String(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			writeByteEscape(&b, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80 && Escaped(r):
			writeByteEscape(&b, byte(r))
		case Escaped(r):
			writeRuneEscape(&b, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstUnsafe is the index of the first byte String would change, or -1.
// Printable ASCII and tab, nearly all device output, take the byte loop.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c != '\t' && (c < 0x20 || c == 0x7F) {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || Escaped(r) {
			return i
		}
		i += size
	}
	return -1
}

const hexDigits = "0123456789abcdef"

func writeByteEscape(b *strings.Builder, c byte) {
	b.WriteString(`\x`)
	b.WriteByte(hexDigits[c>>4])
	b.WriteByte(hexDigits[c&0xF])
}

func writeRuneEscape(b *strings.Builder, r rune) {
	digits, prefix := 4, `\u`
	if r > 0xFFFF {
		digits, prefix = 8, `\U`
	}
	h := strconv.FormatInt(int64(r), 16)
	b.WriteString(prefix)
	b.WriteString(strings.Repeat("0", digits-len(h)))
	b.WriteString(h)
}

// Safe reports whether String would return s unchanged.
func Safe(s string) bool { return firstUnsafe(s) < 0 }

// Copy returns a deep copy of v in which every string, wherever it is
// (struct fields, slices, arrays, map keys and values, behind pointers
// and interfaces, named string types included), has passed through
// String. Nil slices, maps and pointers stay nil, so an encoding that
// tells nil from empty is unchanged. Struct fields that are not exported
// are copied as they are (time.Time and netip.Addr hold no text).
// v itself is never modified.
func Copy[T any](v T) T {
	rv := reflect.ValueOf(&v).Elem()
	out := reflect.New(rv.Type()).Elem()
	out.Set(sanitize(rv))
	return out.Interface().(T)
}

// sanitize returns a sanitized copy of v, of v's type.
func sanitize(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.String:
		out := reflect.New(v.Type()).Elem()
		out.SetString(String(v.String()))
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(sanitize(v.Elem()))
		return out
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type()).Elem()
		out.Set(sanitize(v.Elem()))
		return out
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		out.Set(v)
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				out.Field(i).Set(sanitize(v.Field(i)))
			}
		}
		return out
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(sanitize(v.Index(i)))
		}
		return out
	case reflect.Array:
		out := reflect.New(v.Type()).Elem()
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(sanitize(v.Index(i)))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		it := v.MapRange()
		for it.Next() {
			out.SetMapIndex(sanitize(it.Key()), sanitize(it.Value()))
		}
		return out
	}
	// Numbers, booleans, and kinds a report never holds (channels,
	// functions) carry no text: they are copied as they are.
	return v
}
