// Package render executes the theme's html/template layouts over plain,
// read-only view structs. It knows nothing of Markdown or the file system
// beyond the theme's fs.FS: the generator prepares every value, render only
// lays it out, and html/template escapes every attribute.
package render
