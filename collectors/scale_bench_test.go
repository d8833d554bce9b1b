package collectors_test

import (
	"context"
	"fmt"
	"github.com/vcdiag/vcdiag/platform"
	"net"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/profile"
)

// BenchmarkCollect200CPEs collects the full plan from 200 simulated CPEs
// on loopback SSH at once: the simulators run in this process too, so the
// memory figures include both ends. Run with
//
//	go test -run '^$' -bench Collect200 -benchtime 1x ./collectors
//
// It reports wall time per collection, the peak Go heap and goroutines.
func BenchmarkCollect200CPEs(b *testing.B) {
	const n = 200
	example, err := profile.Load("../testdata/profiles/example.yaml")
	if err != nil {
		b.Fatal(err)
	}
	planned := plan(example)("cpe1")
	p := &profile.Profile{Name: "scale"}
	var names []string
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := 0; i < n; i++ {
		srv, err := sim.NewServer(sim.NewSite(sim.ScenarioStart), "cpe1", sim.ServerOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if err := srv.Start(ctx); err != nil {
			b.Fatal(err)
		}
		defer srv.Close()
		host, portText, _ := net.SplitHostPort(srv.Addr())
		port, _ := strconv.Atoi(portText)
		name := fmt.Sprintf("cpe%03d", i)
		names = append(names, name)
		p.CPEs = append(p.CPEs, profile.CPE{Name: name, Host: host, Port: port, Username: sim.DefaultUser, Platform: profile.PlatformIOSXE})
	}
	cfg := collectors.SSHConfig{Password: sim.DefaultPassword, EnableSecret: sim.DefaultPassword,
		InsecureSkipHostKey: true, ConnectTimeout: time.Minute, CommandTimeout: time.Minute}
	dial := collectors.SSHDialer(cfg)
	// The simulators serve CPE "cpe1" whatever the profile calls it.
	simDial := func(ctx context.Context, c profile.CPE) (collectors.Session, error) { return dial(ctx, c) }
	var peakHeap, peakG atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peakHeap.Load() {
				peakHeap.Store(ms.HeapInuse)
			}
			if g := uint64(runtime.NumGoroutine()); g > peakG.Load() {
				peakG.Store(g)
			}
		}
	}()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ev, err := collectors.Collect(context.Background(), p, names, collectors.LiveOptions{
			Dial: simDial, Plan: func(string) []platform.Planned { return planned },
		})
		if err != nil {
			b.Fatal(err)
		}
		for _, name := range names {
			if c := ev.CPE(name); len(c.Problems) > 0 {
				b.Fatalf("%s: %v", name, c.Problems)
			}
		}
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(peakHeap.Load())/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(peakG.Load()), "peak-goroutines")
}
