// Command pcapcount reads captures with package capture and prints the
// evidence summary (or JSON with -json) and, with -mem, the Go heap after
// the run. It is the benchmark driver of bench/pcap.sh until `vcdiag pcap`
// exists.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"

	"github.com/vcdiag/vcdiag/collectors/capture"
)

func main() {
	asJSON := flag.Bool("json", false, "print the evidence as JSON")
	mem := flag.Bool("mem", false, "print heap statistics to stderr")
	flag.Parse()
	p, err := capture.ReadFiles(flag.Args(), capture.Options{})
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", " ")
		_ = enc.Encode(p)
	} else {
		fmt.Print(capture.Summary(p))
	}
	if *mem {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Fprintf(os.Stderr, "heap in use %.1f MB, total allocated %.1f MB, sys %.1f MB, GCs %d\n",
			float64(ms.HeapInuse)/1e6, float64(ms.TotalAlloc)/1e6, float64(ms.Sys)/1e6, ms.NumGC)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}
