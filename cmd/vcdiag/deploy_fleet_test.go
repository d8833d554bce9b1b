package main

import (
	"bytes"
	"errors"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestDeployKubernetesStatefulSet: the StatefulSet runs watch --inventory
// with --shard ORDINAL/REPLICAS, the shard count is the replica count, the
// ordinal comes from the pod-index label, every replica's arguments parse,
// and the headless Service selects the pods Prometheus scrapes.
func TestDeployKubernetesStatefulSet(t *testing.T) {
	type container struct {
		Args []string `yaml:"args"`
		Env  []struct {
			Name      string `yaml:"name"`
			ValueFrom struct {
				FieldRef struct {
					FieldPath string `yaml:"fieldPath"`
				} `yaml:"fieldRef"`
			} `yaml:"valueFrom"`
		} `yaml:"env"`
	}
	var doc struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Spec       struct {
			ClusterIP   string         `yaml:"clusterIP"`
			Selector    map[string]any `yaml:"selector"` // a Service's labels; a StatefulSet's matchLabels
			ServiceName string         `yaml:"serviceName"`
			Replicas    int            `yaml:"replicas"`
			Template    struct {
				Metadata struct {
					Labels map[string]string `yaml:"labels"`
				} `yaml:"metadata"`
				Spec struct {
					Containers []container `yaml:"containers"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(readDeploy(t, "k8s-statefulset.yaml")))
	kinds := map[string]bool{}
	var selector map[string]any
	for {
		doc.Spec.Selector = nil
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		kinds[doc.Kind] = true
		switch doc.Kind {
		case "Service":
			if doc.Spec.ClusterIP != "None" {
				t.Errorf("the Service must be headless (one DNS record per pod for Prometheus), clusterIP %q", doc.Spec.ClusterIP)
			}
			selector = doc.Spec.Selector
		case "StatefulSet":
			if doc.APIVersion != "apps/v1" || doc.Spec.ServiceName != "vcdiag-watch" || doc.Spec.Replicas < 2 || len(doc.Spec.Template.Spec.Containers) != 1 {
				t.Fatalf("StatefulSet: %+v", doc)
			}
			c := doc.Spec.Template.Spec.Containers[0]
			ordinalFromLabel := false
			for _, e := range c.Env {
				if e.Name == "POD_INDEX" && e.ValueFrom.FieldRef.FieldPath == "metadata.labels['apps.kubernetes.io/pod-index']" {
					ordinalFromLabel = true
				}
			}
			if !ordinalFromLabel {
				t.Error("POD_INDEX does not come from the pod-index label")
			}
			shard := ""
			for _, a := range c.Args {
				if v, ok := strings.CutPrefix(a, "--shard="); ok {
					shard = v
				}
			}
			if want := "$(POD_INDEX)/" + strconv.Itoa(doc.Spec.Replicas); shard != want {
				t.Errorf("--shard=%s, want %s (the shard count must be the replica count)", shard, want)
			}
			for i := range doc.Spec.Replicas {
				var args []string
				for _, a := range c.Args {
					args = append(args, strings.ReplaceAll(a, "$(POD_INDEX)", strconv.Itoa(i)))
				}
				checkVcdiagArgs(t, "k8s-statefulset.yaml", args)
			}
			for k, v := range selector {
				if doc.Spec.Template.Metadata.Labels[k] != v.(string) {
					t.Errorf("the Service selects %s=%s, which the pods do not carry", k, v)
				}
			}
		}
	}
	if !kinds["Service"] || !kinds["StatefulSet"] {
		t.Errorf("k8s-statefulset.yaml holds %v, want a Service and a StatefulSet", kinds)
	}
	if _, err := exec.LookPath("promtool"); err != nil {
		t.Log("promtool not installed (Debian package prometheus): prometheus-k8s.yml only read")
		return
	}
	cmd := exec.Command("promtool", "check", "config", "prometheus-k8s.yml")
	cmd.Dir = deployDir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check config prometheus-k8s.yml: %v\n%s", err, out)
	}
}
