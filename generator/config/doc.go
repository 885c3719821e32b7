// Package config reads a site's settings: rounds.toml (the site and its
// publication policy), people.toml (everyone in control of content) and the
// shared bibliography in data/. Each file is decoded once, strictly, and
// the values derived from it (parsed keys, defaults) are computed once.
package config
