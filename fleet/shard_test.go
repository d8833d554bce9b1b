package fleet

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/profile"
)

func TestParseShard(t *testing.T) {
	tests := []struct {
		in      string
		want    Shard
		wantErr string
	}{
		{in: "0/1", want: Shard{0, 1}},
		{in: "2/3", want: Shard{2, 3}},
		{in: " 1 / 4 ", want: Shard{1, 4}},
		{in: "3/3", wantErr: "from 0 to 2"},
		{in: "-1/3", wantErr: "from 0 to 2"},
		{in: "0/0", wantErr: "at least 1"},
		{in: "1", wantErr: "want i/n"},
		{in: "a/b", wantErr: "whole numbers"},
		{in: "", wantErr: "want i/n"},
	}
	for _, tt := range tests {
		got, err := ParseShard(tt.in)
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("ParseShard(%q) error %v, want one saying %q", tt.in, err, tt.wantErr)
		case tt.wantErr == "" && (err != nil || got != tt.want):
			t.Errorf("ParseShard(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// TestShardsCoverEverySiteOnce: for any number of replicas, every site
// belongs to exactly one shard, and no shard is left far from its share.
func TestShardsCoverEverySiteOnce(t *testing.T) {
	var sites []profile.InventorySite
	for i := range 600 {
		sites = append(sites, profile.InventorySite{Profile: &profile.Profile{Name: fmt.Sprintf("customer-%d-region-%d", i/3, i%3)}})
	}
	for n := 1; n <= 7; n++ {
		owners := map[string]int{}
		for i := range n {
			picked := Shard{i, n}.Select(sites)
			if share := len(sites) / n; len(picked) < share/2 || len(picked) > share*3/2 {
				t.Errorf("shard %d/%d takes %d of %d sites, far from its share %d", i, n, len(picked), len(sites), share)
			}
			for _, s := range picked {
				owners[s.Name()]++
			}
		}
		for _, s := range sites {
			if owners[s.Name()] != 1 {
				t.Fatalf("%d shards: site %s taken %d times", n, s.Name(), owners[s.Name()])
			}
		}
	}
}

// TestRunRecordsEachSiteDuration: a site's result says how long it took
// (the rollup's "took" column), from when its sessions could open.
func TestRunRecordsEachSiteDuration(t *testing.T) {
	site := profile.InventorySite{Profile: &profile.Profile{Name: "acme", CPEs: []profile.CPE{{Name: "cpe1"}}}}
	res := Run(context.Background(), []profile.InventorySite{site}, Options{
		Dialer: func(profile.InventorySite) (collectors.Dialer, []string, error) {
			time.Sleep(20 * time.Millisecond)
			return nil, nil, errors.New("no password")
		},
	})
	if len(res) != 1 || res[0].Err == nil || res[0].Duration < 20*time.Millisecond {
		t.Fatalf("result %+v, want the error and a duration of at least 20ms", res)
	}
}
