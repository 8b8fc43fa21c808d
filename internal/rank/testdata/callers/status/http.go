// Package status fetches pull request status.
package status

import "example.com/callers/auth"

// Endpoint returns the API root for host.
func Endpoint(host string) string {
	if auth.IsEnterprise(host) {
		return "https://" + host + "/api/v3/"
	}
	return "https://api.github.com/"
}
