package pgtest

import (
	"fmt"
	"math"
	"os"
	"testing"
)

// Bench skips a benchmark test unless `make bench` runs it
// (GOVMEDIA_BENCH=1): benchmarks take minutes and load the machine.
func Bench(t testing.TB) {
	t.Helper()
	if os.Getenv("GOVMEDIA_BENCH") == "" {
		t.Skip("benchmark: run with make bench")
	}
}

// BenchRow prints one row of the table `make bench` ends with:
// | name | value | unit | target | ok/short |.
func BenchRow(name string, value float64, unit, target string, ok bool) {
	verdict := "ok"
	if !ok {
		verdict = "short"
	}
	v := fmt.Sprintf("%.3g", value)
	if value == math.Trunc(value) && math.Abs(value) < 1e6 {
		v = fmt.Sprintf("%.0f", value) // counts, and rates of thousands, in full
	}
	fmt.Printf("BENCHROW | %s | %s | %s | %s | %s |\n", name, v, unit, target, verdict)
}
