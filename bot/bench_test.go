package bot_test

import "fmt"

// benchRow prints one row of the table `make bench` ends with.
func benchRow(name string, value float64, unit, target string, ok bool) {
	verdict := "ok"
	if !ok {
		verdict = "short"
	}
	fmt.Printf("BENCHROW | %s | %.3g | %s | %s | %s |\n", name, value, unit, target, verdict)
}
