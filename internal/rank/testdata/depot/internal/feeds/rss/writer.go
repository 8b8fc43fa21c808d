// Package rss writes the depot's stock changes as an RSS feed.
package rss

import "fmt"

// Item is one entry of the feed.
type Item struct {
	Title string
	Link  string
}

// Write renders the items as RSS item elements.
func Write(items []Item) string {
	out := ""
	for _, it := range items {
		out += fmt.Sprintf("<item><title>%s</title><link>%s</link></item>", it.Title, it.Link)
	}
	return out
}
