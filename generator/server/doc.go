// Package server is the dev loop of `rounds serve`: it builds the site
// into memory with generator.Session (preview mode: drafts and refused
// modules shown with banners), serves it on loopback, watches the site's
// folders, rebuilds only what changed, and tells open browsers to reload
// over Server-Sent Events. It never writes to the site or its output.
//
// Why these choices:
//   - Folders, not files, are watched: editors save by writing a temporary
//     file and renaming it over the original, which would silently end a
//     watch on the file itself (fsnotify's own advice).
//   - Events are debounced: a git checkout touches hundreds of files in a
//     burst, and one rebuild must follow, not hundreds.
//   - When the kernel's watch limit is reached, the server says so and polls
//     instead, like esbuild's watcher, which always polls for portability.
//   - The server answers only for its own host names and only to its own
//     origin, so a web page elsewhere cannot read unpublished modules
//     through DNS rebinding.
package server
