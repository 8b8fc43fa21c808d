package workspace

import (
	"fmt"
	"strings"
	"testing"
)

// depString renders a dependency compactly for table tests:
// "line name@version [dev] [kind]".
func depString(d Dependency) string {
	s := fmt.Sprintf("%d %s", d.Line, d.Name)
	if d.Version != "" {
		s += "@" + d.Version
	}
	if d.Dev {
		s += " dev"
	}
	if d.Kind != "" {
		s += " " + string(d.Kind)
	}
	return s
}

// parserCase is one table row for a manifest parser.
type parserCase struct {
	name string
	in   string
	deps []string // depString of each dependency, in order
	warn []string // prefixes of the expected warnings, in order
}

// runParserCases checks a parser against its table. Warnings are matched
// by prefix so that a row names file, line and the start of the message.
func runParserCases(t *testing.T, manifest string, parse parseFunc, cases []parserCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			deps, warns := parse(manifest, []byte(tc.in))
			var got []string
			for _, d := range deps {
				if d.Manifest != manifest {
					t.Errorf("%s: manifest %q, want %q", d.Name, d.Manifest, manifest)
				}
				got = append(got, depString(d))
			}
			if strings.Join(got, "\n") != strings.Join(tc.deps, "\n") {
				t.Errorf("dependencies:\n got: %q\nwant: %q", got, tc.deps)
			}
			if len(warns) != len(tc.warn) {
				t.Fatalf("warnings:\n got: %q\nwant prefixes: %q", warns, tc.warn)
			}
			for i := range warns {
				if !strings.HasPrefix(warns[i], tc.warn[i]) {
					t.Errorf("warning %d = %q, want prefix %q", i, warns[i], tc.warn[i])
				}
			}
		})
	}
}

// checkParserInvariants is what every parser promises for any input: it
// returns, every dependency names its manifest and has a name, and every
// warning names the manifest.
func checkParserInvariants(t *testing.T, manifest string, parse parseFunc, data []byte) {
	t.Helper()
	deps, warns := parse(manifest, data)
	for _, d := range deps {
		if d.Manifest != manifest || strings.TrimSpace(d.Name) == "" {
			t.Fatalf("bad dependency %+v", d)
		}
	}
	for _, w := range warns {
		if !strings.HasPrefix(w, manifest+":") {
			t.Fatalf("warning %q does not name %s", w, manifest)
		}
	}
}
