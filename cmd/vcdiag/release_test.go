package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// goreleaserConfig is the part of .goreleaser.yaml these tests read.
type goreleaserConfig struct {
	Version int `yaml:"version"`
	Builds  []struct {
		ID      string   `yaml:"id"`
		Main    string   `yaml:"main"`
		Env     []string `yaml:"env"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Flags   []string `yaml:"flags"`
		Ldflags []string `yaml:"ldflags"`
	} `yaml:"builds"`
	Kos []struct {
		Build        string   `yaml:"build"`
		Repositories []string `yaml:"repositories"`
		Bare         bool     `yaml:"bare"`
		Platforms    []string `yaml:"platforms"`
		Tags         []string `yaml:"tags"`
		Flags        []string `yaml:"flags"`
		Ldflags      []string `yaml:"ldflags"`
	} `yaml:"kos"`
}

func readGoreleaser(t *testing.T) goreleaserConfig {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var c goreleaserConfig
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	return c
}

// TestReleaseConfig holds .goreleaser.yaml to what docs/release.md and the
// README promise: static binaries for three systems and two architectures,
// versions only from the stamped build info. (`go tool goreleaser check`
// and a snapshot build in .ci/run check that goreleaser accepts it.)
func TestReleaseConfig(t *testing.T) {
	c := readGoreleaser(t)
	if c.Version != 2 || len(c.Builds) != 1 {
		t.Fatalf(".goreleaser.yaml: version %d with %d builds, want version 2 with one build", c.Version, len(c.Builds))
	}
	b := c.Builds[0]
	if b.Main != "./cmd/vcdiag" || !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Errorf("build %q: main %q env %v, want ./cmd/vcdiag with CGO_ENABLED=0 (a static binary)", b.ID, b.Main, b.Env)
	}
	for name, got := range map[string][]string{"goos": b.Goos, "goarch": b.Goarch} {
		want := map[string][]string{"goos": {"darwin", "linux", "windows"}, "goarch": {"amd64", "arm64"}}[name]
		got = slices.Sorted(slices.Values(got))
		if !slices.Equal(got, want) {
			t.Errorf("build %s = %v, want %v", name, got, want)
		}
	}
	for _, flags := range [][]string{b.Flags, c.Kos[0].Flags} {
		if !slices.Contains(flags, "-buildvcs=true") {
			t.Errorf("flags %v lack -buildvcs=true: a release must carry its commit", flags)
		}
	}
	for _, ld := range append(slices.Clone(b.Ldflags), c.Kos[0].Ldflags...) {
		if strings.Contains(ld, "-X") {
			t.Errorf("ldflags %q set a variable: the version comes from the build info alone", ld)
		}
	}
}

// TestDeployImageIsReleased: the image docs/deploy runs is one the release
// builds (issue 13: the CronJob pulled an image nothing built).
func TestDeployImageIsReleased(t *testing.T) {
	c := readGoreleaser(t)
	var cj struct {
		Spec struct {
			JobTemplate struct {
				Spec struct {
					Template struct {
						Spec struct {
							Containers []struct {
								Image string `yaml:"image"`
							} `yaml:"containers"`
						} `yaml:"spec"`
					} `yaml:"template"`
				} `yaml:"spec"`
			} `yaml:"jobTemplate"`
		} `yaml:"spec"`
	}
	if err := yaml.Unmarshal(readDeploy(t, "k8s-cronjob.yaml"), &cj); err != nil {
		t.Fatal(err)
	}
	containers := cj.Spec.JobTemplate.Spec.Template.Spec.Containers
	if len(containers) != 1 {
		t.Fatalf("k8s-cronjob.yaml: %d containers, want 1", len(containers))
	}
	image := containers[0].Image
	repo, tag, _ := strings.Cut(image, ":")
	if len(c.Kos) != 1 {
		t.Fatalf(".goreleaser.yaml: %d kos entries, want 1", len(c.Kos))
	}
	ko := c.Kos[0]
	if ko.Build != c.Builds[0].ID || !ko.Bare || !slices.Contains(ko.Repositories, repo) {
		t.Errorf("k8s-cronjob.yaml runs %s, but .goreleaser.yaml's ko pushes %v (bare %v, build %q)", image, ko.Repositories, ko.Bare, ko.Build)
	}
	if !slices.Contains(ko.Platforms, "linux/amd64") || !slices.Contains(ko.Platforms, "linux/arm64") {
		t.Errorf("ko platforms %v, want linux/amd64 and linux/arm64", ko.Platforms)
	}
	// The tag is either "latest", which the release adds, or a release tag.
	if tag != "latest" && !strings.HasPrefix(tag, "v") {
		t.Errorf("k8s-cronjob.yaml image tag %q: want latest or a release tag (v...)", tag)
	}
	if tag == "latest" && !slices.ContainsFunc(ko.Tags, func(s string) bool { return strings.Contains(s, "latest") }) {
		t.Errorf("k8s-cronjob.yaml runs :latest, which ko tags %v never push", ko.Tags)
	}
}
