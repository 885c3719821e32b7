package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"time"
)

// startProfiles writes pprof profiles of the whole command when
// ROUNDS_CPUPROFILE or ROUNDS_MEMPROFILE name a file (the heap
// profile is of the moment the heap was largest); ROUNDS_GCSTATS=1
// prints the garbage collector's share of the CPU, so a slow build on a
// real site can be profiled without a test harness (go tool pprof FILE).
// It returns the function that finishes them.
func startProfiles(stderr io.Writer) func() {
	cpu, mem := os.Getenv("ROUNDS_CPUPROFILE"), os.Getenv("ROUNDS_MEMPROFILE")
	var cpuFile *os.File
	if cpu != "" {
		f, err := os.Create(cpu)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "rounds: ROUNDS_CPUPROFILE: %v\n", err)
		} else {
			cpuFile = f
		}
	}
	// The heap profile is taken when the heap is at its largest, which
	// is what peak memory is made of, not at exit when it is all garbage.
	var peak []byte
	done := make(chan struct{})
	var wg sync.WaitGroup
	if mem != "" {
		wg.Go(func() {
			sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
			var most uint64
			tick := time.NewTicker(50 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-done:
					return
				case <-tick.C:
				}
				metrics.Read(sample)
				if v := sample[0].Value.Uint64(); v > most+most/20 {
					most = v
					var buf bytes.Buffer
					if pprof.Lookup("heap").WriteTo(&buf, 0) == nil {
						peak = buf.Bytes()
					}
				}
			}
		})
	}
	return func() {
		if cpuFile != nil {
			pprof.StopCPUProfile()
			cpuFile.Close()
		}
		close(done)
		wg.Wait()
		if os.Getenv("ROUNDS_GCSTATS") != "" {
			m := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}, {Name: "/cpu/classes/user:cpu-seconds"}, {Name: "/gc/cycles/total:gc-cycles"}}
			metrics.Read(m)
			fmt.Fprintf(stderr, "rounds: gc %.1f cpu-s in %d cycles, user %.1f cpu-s\n", m[0].Value.Float64(), m[2].Value.Uint64(), m[1].Value.Float64())
		}
		if mem != "" {
			if err := os.WriteFile(mem, peak, 0o644); err != nil {
				fmt.Fprintf(stderr, "rounds: ROUNDS_MEMPROFILE: %v\n", err)
			}
		}
	}
}
