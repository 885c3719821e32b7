// Package search writes search.json, the static index a page script (or
// any client) can search without a server.
package search
