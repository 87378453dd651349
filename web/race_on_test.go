//go:build race

package web_test

// slowdown is how much slower the race detector makes request handling:
// timing bounds are scaled by it.
const slowdown = 5
