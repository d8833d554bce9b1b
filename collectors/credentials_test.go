package collectors

import (
	"bytes"
	"errors"
	"os"
	"testing"
)

func TestPasswordFromEnvOrPrompt(t *testing.T) {
	r, w, err := os.Pipe() // not a terminal
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()

	t.Run("env", func(t *testing.T) {
		t.Setenv(EnvPassword, "from-env")
		var out bytes.Buffer
		got, err := PasswordFromEnvOrPrompt(r, &out)
		if got != "from-env" || err != nil {
			t.Errorf("PasswordFromEnvOrPrompt() = %q, %v, want %q, nil", got, err, "from-env")
		}
		if out.Len() != 0 {
			t.Errorf("prompted %q although %s is set", out.String(), EnvPassword)
		}
	})
	t.Run("no terminal", func(t *testing.T) {
		t.Setenv(EnvPassword, "")
		os.Unsetenv(EnvPassword)
		var out bytes.Buffer
		got, err := PasswordFor("admin@cpe1", r, &out)
		if !errors.Is(err, ErrNoPassword) || got != "" {
			t.Errorf("PasswordFor() off a terminal = %q, %v, want ErrNoPassword", got, err)
		}
		if out.Len() != 0 {
			t.Errorf("prompted %q off a terminal", out.String())
		}
		for _, want := range []string{"VCDIAG_PASSWORD", "--identity-file"} {
			if !bytes.Contains([]byte(err.Error()), []byte(want)) {
				t.Errorf("error %q does not mention %s", err, want)
			}
		}
	})
	t.Run("nil input", func(t *testing.T) {
		t.Setenv(EnvPassword, "")
		os.Unsetenv(EnvPassword)
		if _, err := PasswordFromEnvOrPrompt(nil, &bytes.Buffer{}); !errors.Is(err, ErrNoPassword) {
			t.Errorf("PasswordFromEnvOrPrompt(nil) = %v, want ErrNoPassword", err)
		}
	})
}

func TestEnableSecretFromEnv(t *testing.T) {
	t.Setenv(EnvEnableSecret, "en")
	if got := EnableSecretFromEnv("pw"); got != "en" {
		t.Errorf("EnableSecretFromEnv(pw) = %q, want %q", got, "en")
	}
	os.Unsetenv(EnvEnableSecret)
	if got := EnableSecretFromEnv("pw"); got != "pw" {
		t.Errorf("EnableSecretFromEnv(pw) unset = %q, want the login password", got)
	}
	if got := (SSHConfig{Password: "pw"}).withDefaults().EnableSecret; got != "pw" {
		t.Errorf("SSHConfig.EnableSecret default = %q, want the login password", got)
	}
}
