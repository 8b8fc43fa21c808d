// Package hosts: the default host when none is configured; tenancy hosts
// are never the default.
package hosts

// Default is the host used when none is given.
const Default = "github.com"
