// Package flow runs the browser login.
package flow

import "example.com/callers/auth"

// Login opens the browser at the right address.
func Login(host string) string {
	if auth.IsEnterprise(host) {
		return "https://" + host + "/login/device"
	}
	return "https://github.com/login/device"
}
