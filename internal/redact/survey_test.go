package redact

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSurvey redacts every text file under the comma-separated
// directories in $REDACT_SURVEY and logs each finding with its redacted
// line, for reviewing false alarms on real code by eye:
//
//	REDACT_SURVEY=$(go env GOROOT)/src/net/http go test ./internal/redact -run TestSurvey -v
func TestSurvey(t *testing.T) {
	if os.Getenv("REDACT_SURVEY") == "" {
		t.Skip("set REDACT_SURVEY to directories to survey")
	}
	r := testRedactor(t)
	roots := strings.Split(os.Getenv("REDACT_SURVEY"), ",")
	n, files := 0, 0
	for _, root := range roots {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				if d != nil && d.IsDir() && (d.Name() == ".git" || d.Name() == "planted" || d.Name() == "node_modules") {
					return filepath.SkipDir
				}
				return nil
			}
			info, _ := d.Info()
			if info == nil || info.Size() > 512<<10 {
				return nil
			}
			b, _ := os.ReadFile(p)
			if strings.IndexByte(string(b[:min(len(b), 8000)]), 0) >= 0 {
				return nil
			}
			files++
			out, fs := r.Redact(string(b), p)
			for _, f := range fs {
				n++
				l := lineOf(out, f.Line)
				if len(l) > 160 {
					l = l[:160]
				}
				t.Logf("%s:%d %s | %s", p, f.Line, f.Rule, strings.TrimSpace(l))
			}
			return nil
		})
	}
	t.Logf("%d findings in %d files", n, files)
}
