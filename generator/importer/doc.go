// Package importer converts the content of a Hugo or Jekyll site into a
// rounds site: front matter mapped to rounds' keys, the shortcodes rounds
// has an equivalent for converted, and everything else reported with its
// position, so the author knows what to look at before asking for review.
// It reads an fs.FS and returns files; the caller writes them.
package importer
