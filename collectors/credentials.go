package collectors

import (
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// Environment variables vcdiag reads secrets from. There is no flag for
// either: a flag value lands in shell history and in ps output.
const (
	EnvPassword     = "VCDIAG_PASSWORD"
	EnvEnableSecret = "VCDIAG_ENABLE_SECRET"
)

// ErrNoPassword means no password was given and none could be asked for.
var ErrNoPassword = errors.New("no password: set VCDIAG_PASSWORD, run on a terminal to be prompted, or use --identity-file")

// PasswordFromEnvOrPrompt returns the SSH login password: VCDIAG_PASSWORD
// when set (even to ""), else, when in is a terminal, what the user types
// after "Password for <user>: " on out, without echo. Otherwise it fails
// with ErrNoPassword.
func PasswordFromEnvOrPrompt(in *os.File, out io.Writer) (string, error) {
	return passwordFor("", in, out)
}

// PasswordFor is PasswordFromEnvOrPrompt with the prompt naming who logs in
// ("Password for admin@cpe1: ").
func PasswordFor(who string, in *os.File, out io.Writer) (string, error) {
	return passwordFor(who, in, out)
}

func passwordFor(who string, in *os.File, out io.Writer) (string, error) {
	if pw, ok := os.LookupEnv(EnvPassword); ok {
		return pw, nil
	}
	if in == nil || !term.IsTerminal(int(in.Fd())) {
		return "", ErrNoPassword
	}
	prompt := "Password: "
	if who != "" {
		prompt = "Password for " + who + ": "
	}
	if _, err := io.WriteString(out, prompt); err != nil {
		return "", fmt.Errorf("prompt for password: %w", err)
	}
	b, err := term.ReadPassword(int(in.Fd()))
	// ReadPassword swallows the user's Enter: end the prompt line ourselves.
	_, _ = io.WriteString(out, "\n")
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	return string(b), nil
}

// EnableSecretFromEnv returns VCDIAG_ENABLE_SECRET when set, else
// loginPassword: most CPEs that land a login in user exec (">") have the
// admin's password as enable secret. It is only used when the router asks.
func EnableSecretFromEnv(loginPassword string) string {
	if s, ok := os.LookupEnv(EnvEnableSecret); ok {
		return s
	}
	return loginPassword
}
