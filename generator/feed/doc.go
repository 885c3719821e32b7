// Package feed writes the RSS feed and the sitemap.
package feed
