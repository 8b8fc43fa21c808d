package planner

import (
	"crypto/sha256"
	"sort"
	"sync"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/redact"
)

// redactor returns the planner's secret redactor, built on first use and
// shared by every request: building one takes tens of milliseconds.
func (p *Planner) redactor() (*redact.Redactor, error) {
	p.redactOnce.Do(func() {
		if p.Redactor != nil {
			return
		}
		p.Redactor, p.redactErr = redact.New(redact.Options{})
	})
	return p.Redactor, p.redactErr
}

// secrets guards one request: it refuses files that exist to hold secrets
// and redacts secret values in everything that goes into the prompt,
// collecting what it redacted (never the values).
type secrets struct {
	files *redact.FileMatcher
	r     *redact.Redactor // nil with --no-redact
	memo  *redactMemo

	mu       sync.Mutex
	findings []redact.Finding
	seen     map[string]bool
}

func (p *Planner) newSecrets(ix *index.Index, noRedact bool) (*secrets, error) {
	extra, err := redact.LoadIgnore(func(rel string) ([]byte, error) { return ix.Read(rel, 1<<20) })
	if err != nil {
		return nil, inputErr(err)
	}
	s := &secrets{files: redact.NewFileMatcher(extra), seen: map[string]bool{}, memo: &p.memo}
	if !noRedact {
		if s.r, err = p.redactor(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// refuse says why a file must never be sent to a model.
func (s *secrets) refuse(rel string) (string, bool) { return s.files.Match(rel) }

// filter redacts text from source, recording the findings.
func (s *secrets) filter(source, text string) string { return s.filterAt(source, 1, text) }

// filterAt redacts text that starts at a given line of source.
func (s *secrets) filterAt(source string, line int, text string) string {
	if s.r == nil {
		return text
	}
	out, fs := s.memo.redact(s.r, text, source)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range fs {
		f.Line += line - 1
		k := f.String()
		if !s.seen[k] {
			s.seen[k] = true
			s.findings = append(s.findings, f)
		}
	}
	return out
}

// list returns the findings sorted by source and line.
func (s *secrets) list() []redact.Finding {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]redact.Finding(nil), s.findings...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Source != out[j].Source {
			return out[i].Source < out[j].Source
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// redactMemo remembers redactions by source and content hash, so that a
// planner serving many requests over one repository (the server) scans each
// file once. It holds at most memoLimit entries and starts afresh beyond.
type redactMemo struct {
	mu sync.Mutex
	m  map[[32]byte]memoEntry
}

type memoEntry struct {
	out      string
	findings []redact.Finding
}

const memoLimit = 20000

func (m *redactMemo) redact(r *redact.Redactor, text, source string) (string, []redact.Finding) {
	h := sha256.New()
	h.Write([]byte(source))
	h.Write([]byte{0})
	h.Write([]byte(text))
	var key [32]byte
	h.Sum(key[:0])
	m.mu.Lock()
	e, ok := m.m[key]
	m.mu.Unlock()
	if ok {
		return e.out, append([]redact.Finding(nil), e.findings...)
	}
	out, fs := r.Redact(text, source)
	m.mu.Lock()
	if m.m == nil || len(m.m) >= memoLimit {
		m.m = map[[32]byte]memoEntry{}
	}
	m.m[key] = memoEntry{out: out, findings: fs}
	m.mu.Unlock()
	return out, append([]redact.Finding(nil), fs...)
}
