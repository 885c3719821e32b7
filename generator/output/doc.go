// Package output is where built files go: a staging folder on disk that is
// swapped in whole when the build is complete, or memory for the dev server
// and tests. It also minifies, and checks every link of every page before
// anything is swapped in.
package output
