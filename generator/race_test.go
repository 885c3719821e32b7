//go:build race

package generator_test

// raceDetector is true under -race, where sync.Pool drops a random share
// of what is put back (to expose misuse), so counts of allocation vary
// from run to run by design.
const raceDetector = true
