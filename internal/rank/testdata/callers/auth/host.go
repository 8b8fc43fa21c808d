// Package auth knows which kind of server a host is.
package auth

import "strings"

// IsEnterprise reports whether host is an enterprise server.
func IsEnterprise(host string) bool {
	return host != "github.com" && !IsTenancy(host)
}

// IsTenancy reports whether host is a tenancy host.
func IsTenancy(host string) bool {
	return strings.HasSuffix(host, ".ghe.com")
}
