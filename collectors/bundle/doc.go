// Package bundle writes and reads vcdiag evidence bundles: one zip file a
// support case can carry, holding the report in every format, every
// device transcript (secrets redacted), packet captures and their
// summaries, the site profile, and manifest.json (vcdiag version, masked
// command line, start and end time, SHA-256 of every file).
//
// Writing redacts every text file again with registry.Redact (the rules of every platform) on its way
// into the zip, so a bundle never depends on its caller having redacted.
// Transcripts read from a customer's files are never copied: they are
// re-rendered from what the transcript reader understood
// (RewriteTranscript), redacted line by line.
//
// Reading is for untrusted files: names are checked (no absolute paths, no
// "..", no backslashes, no duplicates, no two names one file system would
// take for the same file), the manifest lists each file once and at most
// Limits.MaxFiles, and every size is checked against Limits twice: from
// the zip's headers before anything is decompressed or allocated, and
// while decompressing, where nothing beyond the declared size is read (a
// zip bomb lies in its headers). Files are extracted by streaming them to
// disk, each checked against the SHA-256 in the manifest on the way.
//
// The package does no diagnosis: the CLI turns a bundle back into
// transcripts, captures and a profile and runs the usual analysis.
package bundle
